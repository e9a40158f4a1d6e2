import DurableJobs
import Foundation
import JobStore
import Testing

@testable import Demo

/// End-to-end demo runs on real SQLite files, at a high speed (short waits, real times). Serialized: each
/// run keeps the machine's cores busy, and their timing assumptions (leases, heartbeats) want them.
@Suite("Demo runs", .serialized, .timeLimit(.minutes(5)))
struct DemoRunTests {
    @Test("onboarding produces runs in every status, and all three documented flows complete")
    func everyStatusAndFlow() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let demo = try await DemoSystem.start(options: testOptions("onboarding.yaml"), store: store)
        var seen: Set<RunStatus> = []
        do {
            // Generous: failed and canceled runs need a declined payment, a malformed file or a user's
            // cancel, which come every few demo-minutes (a few real seconds at this speed).
            try await eventually(
                "every run status is seen (seen so far: \(seen.map(\.rawValue).sorted()))", timeout: .seconds(120)
            ) {
                for status in RunStatus.allCases where !seen.contains(status) {
                    if try await !store.listRuns(RunQuery(statuses: [status], limit: 1)).isEmpty { seen.insert(status) }
                }
                return seen.count == RunStatus.allCases.count
            }
            try await eventually("every demo job has completed a run") {
                for job in DemoJob.allCases {
                    let done = try await store.listRuns(RunQuery(statuses: [.completed], job: job.rawValue, limit: 1))
                    if done.isEmpty { return false }
                }
                return true
            }
        } catch {
            await demo.stop()
            throw error
        }
        await demo.stop()

        // Canceled runs are scheduled uploads the user canceled; the idempotency key absorbed the resends.
        let canceled = try await store.listRuns(RunQuery(statuses: [.canceled], limit: 500))
        #expect(canceled.allSatisfy { $0.job == DemoJob.processUpload.rawValue })
        let userCancels = await demo.load.statistics.canceled
        #expect(userCancels > 0 && canceled.count >= userCancels)

        // A completed upload counted its rows in state and left its progress at 100%.
        let upload = try #require(
            try await store.listRuns(RunQuery(statuses: [.completed], job: DemoJob.processUpload.rawValue, limit: 1))
                .first)
        let file = try payload(upload, as: FileUpload.self)
        let result = try JSONDecoder().decode(UploadResult.self, from: Data((upload.resultJSON ?? "").utf8))
        let rows = try #require(try await demo.stackshift.state.get(DemoJobs.rowsKey(file.fileId), as: Int.self))
        #expect(rows == result.rows)
        let progress = try await demo.stackshift.state.get(DemoJobs.progressKey(file.fileId), as: UploadProgress.self)
        #expect(progress == nil || progress?.percent == 100)  // nil: the nightly cleanup purged it

        // A completed provisioning consumed its payment's webhook, keyed by the payment id.
        let provisioned = try #require(
            try await store.listRuns(
                RunQuery(statuses: [.completed], job: DemoJob.provisionAfterPayment.rawValue, limit: 1)
            ).first)
        let order = try payload(provisioned, as: PaymentProvisioning.self)
        let events = try await demo.stackshift.events(name: DemoJobs.paymentConfirmed, key: order.paymentId)
        #expect(events.first?.consumedBy == [provisioned.id])

        let summary = try await demo.summary()
        #expect(summary.count(.running) == 0, "stop drains the workers: nothing is left running")
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.totalRuns == (try await allRuns(store)).count)
        try await store.close()
    }

    @Test("the incident plants every fault where the scenario says")
    func incidentFaults() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let scenario = try Scenario.load(path: DemoFiles.path("incident.yaml"))
        let demo = try await DemoSystem.start(options: testOptions("incident.yaml"), store: store)
        do {
            try await checkFaults(of: demo, scenario: scenario)
        } catch {
            await demo.stop()
            throw error
        }
        await demo.stop()
        try await store.close()
    }

    private func checkFaults(of demo: DemoSystem, scenario: Scenario) async throws {
        let store = demo.store
        let faults = demo.faults

        // The paused queue is paused and has queued runs.
        let paused = try #require(scenario.faults.pausedQueue)
        #expect(faults.pausedQueue == paused)
        try await eventually("queue \(paused.rawValue) is paused with queued runs") {
            let summary = try await demo.stackshift.queues().first { $0.queue.name == paused.rawValue }
            return summary?.queue.paused == true && summary?.count(.queued) ?? 0 > 0
        }

        // The wrong-key wait is waiting on its own key; its near-miss event is unconsumed.
        #expect(faults.wrongKeyWaits.count == scenario.faults.wrongKeyWebhook?.runs)
        for wait in faults.wrongKeyWaits {
            #expect(wait.sentKey != wait.paymentId && wait.sentKey.lowercased() == wait.paymentId.lowercased())
            try await eventually("run \(wait.runId) waits for payment.confirmed key \(wait.paymentId)") {
                let run = try await store.runDetail(RunDetailParams(runId: wait.runId))?.run
                return run?.status == .waiting && run?.wait?.eventName == DemoJobs.paymentConfirmed
                    && run?.wait?.eventKey == wait.paymentId
            }
            let nearMiss = try await demo.stackshift.events(name: DemoJobs.paymentConfirmed, key: wait.sentKey)
            #expect(nearMiss.count == 1 && nearMiss.first?.consumedBy == [])
            let matching = try await demo.stackshift.events(name: DemoJobs.paymentConfirmed, key: wait.paymentId)
            #expect(matching.isEmpty)
        }

        // The flaky provider makes runs exhaust their retries and fail.
        let flaky = try #require(scenario.faults.flakyProvider)
        #expect(faults.flakyProvider == flaky.provider && faults.flakyRuns.count == flaky.runs)
        try await eventually("a provisioning run failed after exhausting its retries") {
            let failed = try await store.listRuns(
                RunQuery(statuses: [.failed], job: DemoJob.provisionAfterPayment.rawValue, limit: 100))
            return failed.contains {
                $0.failures == $0.maxAttempts && $0.error?.type == "ProviderError"
                    && $0.error?.message.contains("provisioning API") == true
            }
        }

        // The dead worker's runs crash, are recovered, and do not download again.
        let crashed = try #require(scenario.faults.crashedWorker)
        #expect(faults.crashedWorkerId == crashed.workerId && faults.crashedRuns.count == crashed.runs)
        for runId in faults.crashedRuns {
            try await eventually("run \(runId)'s first attempt is recorded as crashed and a second one starts") {
                let detail = try await store.runDetail(RunDetailParams(runId: runId))
                let first = detail?.attempts.first
                return first?.outcome == .crashed && first?.workerId == crashed.workerId
                    && (detail?.attempts.count ?? 0) >= 2
            }
        }
        try await eventually("a recovered upload completes without downloading again") {
            for runId in faults.crashedRuns {
                guard let detail = try await store.runDetail(RunDetailParams(runId: runId)),
                    detail.run.status == .completed
                else { continue }
                let download = detail.steps.first { $0.name == "download-file" }
                return download?.attempt == 1 && download?.status == .completed
            }
            return false
        }

        // The lock is held by a run that crashed and failed; rebuilds cannot take it.
        let lock = try #require(faults.orphanedLock)
        try await eventually("lock \(lock.key) is held by a failed run whose attempt crashed") {
            let locks = try await store.listLocks(LockQuery(prefix: lock.key, now: Date()))
            guard let held = locks.first(where: { $0.key == lock.key }), held.owner == lock.ownerRunId,
                let owner = try await store.runDetail(RunDetailParams(runId: held.owner))
            else { return false }
            return owner.run.status == .failed && owner.attempts.last?.outcome == .crashed
        }
        try await eventually("a search index rebuild was refused the lock") {
            let rebuilds = try await store.listRuns(RunQuery(job: DemoJob.rebuildSearchIndex.rawValue, limit: 100))
            return rebuilds.contains {
                $0.error?.type == "LockUnavailable" && $0.error?.message.contains(lock.ownerRunId) == true
            }
        }
    }

    @Test("headless runs leave a populated database; the same seed gives the same runs and faults")
    func headlessAndDeterministic() async throws {
        let first = try TemporaryDatabase()
        let second = try TemporaryDatabase()
        let options = testOptions("incident.yaml", seed: 99, database: first.path)
        // The first runs twice as long, so it generates at least as much as the second despite a slow start.
        let one = try await runHeadless(options: options, store: try first.open(), duration: .seconds(4))
        let two = try await runHeadless(
            options: testOptions("incident.yaml", seed: 99), store: try second.open(), duration: .seconds(2))

        #expect(one.seed == 99 && one.databasePath == first.path)
        #expect(one.description.contains("provisionAfterPayment"))
        #expect(one.problems.isEmpty, "\(one.problems)")
        // The database outlives the demo: a fresh store on the file sees the runs.
        let reopened = try first.open()
        #expect(try await allRuns(reopened).count == one.totalRuns)
        for job in [DemoJob.sendVerificationEmail, .provisionAfterPayment, .processUpload] {
            #expect(one.runsByJob[job.rawValue, default: [:]].values.reduce(0, +) > 0, "\(job)")
        }

        // Same seed, same faults, down to the payment ids and run payloads.
        #expect(one.faults.wrongKeyWaits.map(\.paymentId) == two.faults.wrongKeyWaits.map(\.paymentId))
        #expect(one.faults.orphanedLock?.key == two.faults.orphanedLock?.key)
        // Same seed, same traffic: the shorter run's payloads are a prefix of the longer one's.
        for job in DemoJob.allCases where job != .nightlyCleanup {
            let longer = Set(try await allRuns(reopened, job: job).map(\.payloadJSON))
            let shorter = Set(try await allRuns(try second.open(), job: job).map(\.payloadJSON))
            #expect(!shorter.isEmpty, "\(job)")
            #expect(shorter.isSubset(of: longer), "\(job): \(shorter.subtracting(longer).prefix(3))")
        }
    }
}
