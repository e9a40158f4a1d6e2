import Foundation
import JobStore
import Testing

/// Failure groups: attempts that failed or crashed, grouped by signature over a time window.
enum FailureChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(
            "failureGroups: one cause is one group (count, runs, first and last seen, minutes); others apart"
        ) { store in
            func fail(
                _ job: String, _ message: String, step: String = "provision", at seconds: TimeInterval
            ) async throws {
                try await store.makeRun(job, queue: "work", at: seconds)
                let claimed = try await store.claimOne(queues: ["work"], jobs: [job], at: seconds)
                try await store.finish(
                    claimed.lease,
                    .failed(ErrorDetail(type: "ProviderError", message: message, location: step)), at: seconds + 1)
            }
            // Three runs hit by one outage (the ids and codes in the message differ), in two minutes.
            try await fail("provision", "502 for cus_a1", at: 0)
            try await fail("provision", "503 for cus_b2", at: 10)
            try await fail("provision", "502 for cus_c3", at: 70)
            // The same message from another step, and another job: other causes.
            try await fail("provision", "502 for cus_d4", step: "charge", at: 20)
            try await fail("invoice", "502 for cus_e5", at: 30)
            // Before the window: not counted.
            try await fail("provision", "502 for cus_z9", at: -3600)
            // A lease that expires is a crash: grouped too.
            try await store.makeRun("import", queue: "work", at: 40)
            _ = try await store.claimOne(queues: ["work"], jobs: ["import"], at: 40, leaseSeconds: 5)
            _ = try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(100)))

            let groups = try await store.failureGroups(FailureGroupQuery(since: at(0), now: at(120)))
            let outage = try #require(groups.first, "\(groups.map(\.signature))")
            #expect(outage.signature == "provision · provision · ProviderError: <n> for <id>")
            #expect(outage.job == "provision" && outage.failures == 3 && outage.runs == 3)
            #expect(outage.firstSeen == at(1) && outage.lastSeen == at(71))
            #expect(outage.buckets == [2, 1], "two in the first minute, one in the second")
            #expect(outage.bucketSeconds == 60)
            #expect(outage.example.type == "ProviderError" && outage.example.message.hasPrefix("50"))
            #expect(
                groups.count == 4, "the outage, the charge step, the invoice job, the crash: \(groups.map(\.signature))"
            )
            #expect(groups.dropFirst().allSatisfy { $0.failures == 1 })
            #expect(groups.contains { $0.job == "import" && $0.example.type == "LeaseExpired" })
            #expect(try await store.failureGroups(FailureGroupQuery(since: at(0), now: at(120), limit: 2)).count == 2)
            let one = try await store.failureGroups(
                FailureGroupQuery(since: at(0), now: at(120), limit: 1, signature: groups[2].signature))
            #expect(one == [groups[2]], "a signature's own group, found without fetching the others")
            #expect(try await store.failureGroups(FailureGroupQuery(since: at(200), now: at(300))).isEmpty)

            // The group's runs: those with an attempt that failed with its signature in the window.
            func runs(since seconds: TimeInterval, _ statuses: Set<RunStatus> = []) async throws -> [RunRecord] {
                try await store.listRuns(
                    RunQuery(
                        statuses: statuses, failure: FailureMatch(signature: outage.signature, since: at(seconds))))
            }
            #expect(try await runs(since: 0).count == 3, "the three runs of the outage")
            #expect(try await runs(since: -4000).count == 4, "with the older run of the same cause")
            #expect(try await runs(since: 50).count == 1, "only the one that failed after 50 s")
            #expect(try await runs(since: 0, [.completed]).isEmpty, "the other filters still apply")
            #expect(try await runs(since: 0).allSatisfy { $0.job == "provision" && $0.status == .failed })
        },
        ConformanceCheck("failureGroups: a window that ends before it starts, or a limit out of range, is refused") {
            store in
            await expectStoreError(isInvalidInput) {
                _ = try await store.failureGroups(FailureGroupQuery(since: at(10), now: at(0)))
            }
            await expectStoreError(isInvalidInput) {
                _ = try await store.failureGroups(FailureGroupQuery(since: at(0), now: at(10), limit: 0))
            }
        },
    ]
}
