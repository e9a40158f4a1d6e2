import Foundation
import JobStore
import Testing

/// Ending an attempt with the worker's claimed copy of the run (``FinishAttemptParams/claimed``): a store may
/// write the end from that copy without reading the run, so every check here changes the run between the
/// claim and the end and expects exactly what an end without the copy writes.
enum ClaimedCopyChecks {
    /// What may happen to a running run between its claim and the end of the attempt.
    private enum Meanwhile: CaseIterable {
        case nothing
        /// The worker's heartbeat renews the lease and records the current step.
        case heartbeat
        /// An operator asks for the run to be canceled.
        case cancelRequest
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("finish from the claimed copy: every end after every change writes what a read run would") {
            store in
            let ends: [AttemptEnd] = [
                .completed(resultJSON: #"{"ok":true}"#), .retry(Fixtures.error(), at: at(60)),
                .failed(Fixtures.error("invalid", retryable: false)), .canceled, .released,
            ]
            var pair = 0
            for meanwhile in Meanwhile.allCases {
                for end in ends {
                    pair += 1
                    try await expectTwinsAgree(store, queue: "q\(pair)", meanwhile: meanwhile, end: end)
                }
            }
        },
        ConformanceCheck("finish from the claimed copy: a second attempt's copy carries the first one's error") {
            store in
            // The stored error is compared with the copy's: a copy decoded from it must still agree.
            try await expectTwinsAgree(
                store, queue: "again", meanwhile: .nothing, end: .failed(Fixtures.error()), tries: 2)
        },
        ConformanceCheck("finish from the claimed copy: a cancel requested since the claim is kept") { store in
            let run = try await store.makeRun(at: 0)
            let claimed = try await store.claimOne(at: 1)
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(2)))
            let done = try await store.finishAttempt(
                FinishAttemptParams(
                    lease: claimed.lease, end: .completed(resultJSON: "1"), now: at(3), claimed: claimed.run))
            #expect(done.status == .completed && done.cancelRequested && done.updatedAt == at(3))
            #expect(try await store.record(run.id) == done)
        },
        ConformanceCheck("finish from the claimed copy: a stale copy's lease is lost and nothing is written") { store in
            let run = try await store.makeRun(at: 0)
            let stale = try await store.claimOne(worker: "w1", at: 1, leaseSeconds: 5)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(10))) == [run.id])
            let current = try await store.claimOne(worker: "w2", at: 11)
            let before = try await store.detail(run.id)
            let lost = JobStoreError.leaseLost(runId: run.id, attempt: 1)
            let params = FinishAttemptParams(
                lease: stale.lease, end: .completed(resultJSON: "1"), now: at(12), claimed: stale.run)
            await #expect(throws: lost) { try await store.finishAttempt(params) }
            await #expect(throws: lost) {
                _ = try await store.finishAttempt(params, claimingNext: Fixtures.claim(workerId: "w1", now: at(12)))
            }
            #expect(try await store.detail(run.id) == before)
            // The current attempt's own copy still ends it.
            let done = try await store.finishAttempt(
                FinishAttemptParams(
                    lease: current.lease, end: .completed(resultJSON: "2"), now: at(13), claimed: current.run))
            #expect(done.status == .completed && done.attempt == 2)
            #expect(try await store.record(run.id) == done)
        },
        ConformanceCheck("finish from the claimed copy: another run's copy is not used") { store in
            let first = try await store.makeRun(at: 0)
            let second = try await store.makeRun(at: 1)
            let claimed = try await store.claim(limit: 2, at: 2)
            #expect(claimed.map(\.run.id) == [first.id, second.id])
            let done = try await store.finishAttempt(
                FinishAttemptParams(
                    lease: claimed[0].lease, end: .completed(resultJSON: "1"), now: at(3), claimed: claimed[1].run))
            #expect(done.id == first.id && done.status == .completed)
            #expect(try await store.record(first.id) == done)
            #expect(try await store.record(second.id) == claimed[1].run)
        },
        ConformanceCheck("finish from the claimed copy, claiming next: the change since the claim is kept") { store in
            let run = try await store.makeRun(at: 0)
            let next = try await store.makeRun(at: 1)
            let claimed = try await store.claimOne(at: 2)
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(3)))
            let finished = try await store.finishAttempt(
                FinishAttemptParams(lease: claimed.lease, end: .canceled, now: at(4), claimed: claimed.run),
                claimingNext: Fixtures.claim(now: at(4)))
            #expect(finished.run.status == .canceled && finished.run.cancelRequested)
            #expect(try await store.record(run.id) == finished.run)
            #expect(finished.claimed.map(\.run.id) == [next.id])
        },
    ]

    /// Claims two runs created alike on `queue`, does `meanwhile` to both, then ends both attempts with `end`:
    /// one with its claimed copy, one without. Expects the same run, attempts and timeline for both, and each
    /// finish to return its run as stored. With `tries` 2, both first fail once and the second attempts end.
    private static func expectTwinsAgree(
        _ store: any JobStore, queue: String, meanwhile: Meanwhile, end: AttemptEnd, tries: Int = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let twins = [try await store.makeRun(queue: queue, at: 0), try await store.makeRun(queue: queue, at: 0)]
        var claimed = try await store.claim(queues: [queue], limit: 2, at: 1)
        for round in 1..<tries {
            let second = Double(10 * round)
            for attempt in claimed {
                try await store.finish(
                    attempt.lease, .retry(Fixtures.error("try \(round)"), at: at(second)), at: second)
            }
            claimed = try await store.claim(queues: [queue], limit: 2, at: second)
        }
        // Created at the same instant, the twins are claimed in either order.
        claimed.sort { $0.run.id == twins[0].id && $1.run.id != twins[0].id }
        try #require(claimed.map(\.run.id) == twins.map(\.id), sourceLocation: sourceLocation)
        let start = Double(10 * tries)
        for attempt in claimed {
            switch meanwhile {
            case .nothing: break
            case .heartbeat:
                _ = try await store.heartbeat(
                    HeartbeatParams(
                        worker: Fixtures.worker(queues: [queue]),
                        leases: [HeldLease(lease: attempt.lease, currentStep: "charge")],
                        leaseExpiresAt: at(start + 90), now: at(start + 1)))
            case .cancelRequest:
                _ = try await store.cancelRun(CancelRunParams(runId: attempt.run.id, now: at(start + 1)))
            }
        }
        let fromCopy = try await store.finishAttempt(
            FinishAttemptParams(lease: claimed[0].lease, end: end, now: at(start + 2), claimed: claimed[0].run))
        let fromRead = try await store.finish(claimed[1].lease, end, at: start + 2)
        let details = [try await store.detail(twins[0].id), try await store.detail(twins[1].id)]
        #expect(fromCopy == details[0].run && fromRead == details[1].run, sourceLocation: sourceLocation)
        var twin = fromCopy
        twin.id = fromRead.id
        twin.payloadJSON = fromRead.payloadJSON
        #expect(twin == fromRead, "\(meanwhile), \(end)", sourceLocation: sourceLocation)
        let attempts = details.map {
            $0.attempts.map { [$0.outcome.rawValue, "\($0.endedAt as Any)", "\($0.error as Any)"] }
        }
        #expect(attempts[0] == attempts[1], "\(meanwhile), \(end)", sourceLocation: sourceLocation)
        let timelines = details.map { $0.timeline.map { [$0.kind.rawValue, $0.status.rawValue, $0.message] } }
        #expect(timelines[0] == timelines[1], "\(meanwhile), \(end)", sourceLocation: sourceLocation)
    }
}
