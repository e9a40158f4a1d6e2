import Foundation
import JobStore
import Testing

/// Leases: heartbeats, workers, crash recovery and the fence on stale writers.
enum LeaseChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("heartbeat: renews leases, records the step, reports cancel requests and lost leases") {
            store in
            try await store.makeRun(at: 0)
            try await store.makeRun(at: 1)
            let claimed = try await store.claim(worker: "w1", limit: 2, at: 2)
            #expect(claimed.count == 2)
            let (first, second) = (claimed[0], claimed[1])
            _ = try await store.cancelRun(CancelRunParams(runId: second.run.id, now: at(3)))
            let result = try await store.heartbeat(
                HeartbeatParams(
                    worker: Fixtures.worker(id: "w1", now: at(0)),
                    leases: [
                        HeldLease(lease: first.lease, currentStep: "charge"),
                        HeldLease(lease: second.lease, currentStep: nil),
                        HeldLease(lease: RunLease(runId: "run_missing", attempt: 1, workerId: "w1"), currentStep: nil),
                    ],
                    leaseExpiresAt: at(100), now: at(70)))
            #expect(result.cancelRequested == [second.run.id])
            #expect(result.lost == ["run_missing"])
            let renewed = try await store.record(first.run.id)
            #expect(renewed.leaseExpiresAt == at(100))
            #expect(renewed.currentStep == "charge")
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(99))).isEmpty)
            let workers = try await store.listWorkers(WorkerQuery())
            #expect(workers.map(\.id) == ["w1"])
            #expect(workers.first?.heartbeatAt == at(70))
            #expect(workers.first?.queues == ["default"] && workers.first?.jobs == ["job"])
        },
        ConformanceCheck("workers: listed by latest heartbeat, filtered, removed") { store in
            for (id, second) in [("old", 0.0), ("new", 100.0), ("mid", 50.0)] {
                _ = try await store.heartbeat(
                    HeartbeatParams(
                        worker: Fixtures.worker(id: id, now: at(0)), leases: [], leaseExpiresAt: at(second + 30),
                        now: at(second)))
            }
            #expect(try await store.listWorkers(WorkerQuery()).map(\.id) == ["new", "mid", "old"])
            #expect(try await store.listWorkers(WorkerQuery(heartbeatSince: at(50))).map(\.id) == ["new", "mid"])
            try await store.removeWorker(RemoveWorkerParams(workerId: "mid", now: at(0)))
            #expect(try await store.listWorkers(WorkerQuery()).map(\.id) == ["new", "old"])
        },
        ConformanceCheck("recovery: an expired lease re-queues the run and marks the attempt crashed") { store in
            let run = try await store.makeRun(at: 0)
            _ = try await store.claimOne(worker: "w1", at: 0, leaseSeconds: 30)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(30))).isEmpty)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(31))) == [run.id])
            let detail = try await store.detail(run.id)
            #expect(detail.run.status == .queued)
            #expect(detail.run.failures == 1, "a crash counts as a failure")
            #expect(detail.run.leaseOwner == nil && detail.run.leaseExpiresAt == nil)
            #expect(detail.run.error?.type == "LeaseExpired")
            #expect(detail.run.error?.retryable == true)
            #expect(detail.run.error?.message.contains("w1") == true)
            let attempt = try #require(detail.attempts.first)
            #expect(attempt.outcome == .crashed && attempt.endedAt == at(31))
            #expect(attempt.error?.type == "LeaseExpired")
            #expect(detail.timeline.last?.kind == .crashed && detail.timeline.last?.status == .queued)
            let again = try await store.claimOne(worker: "w2", at: 32)
            #expect(again.run.attempt == 2 && again.run.failures == 1 && again.run.leaseOwner == "w2")
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(40))).isEmpty)
        },
        ConformanceCheck("recovery: fails a run whose attempts are spent; cancels one asked to cancel") { store in
            let spent = try await store.makeRun(at: 0, policy: .never)
            let canceling = try await store.makeRun(at: 1)
            _ = try await store.claim(limit: 2, at: 2)
            _ = try await store.cancelRun(CancelRunParams(runId: canceling.id, now: at(3)))
            let recovered = try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(100)))
            #expect(Set(recovered) == [spent.id, canceling.id])
            let failed = try await store.record(spent.id)
            #expect(failed.status == .failed && failed.finishedAt == at(100) && failed.failures == 1)
            #expect(failed.error?.type == "LeaseExpired")
            let canceled = try await store.detail(canceling.id)
            #expect(canceled.run.status == .canceled && canceled.run.finishedAt == at(100))
            #expect(canceled.attempts.first?.outcome == .crashed)
        },
        ConformanceCheck("recovery: honours the limit") { store in
            for second in 0..<3 { try await store.makeRun(at: Double(second)) }
            _ = try await store.claim(limit: 3, at: 5)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(100), limit: 2)).count == 2)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(100), limit: 2)).count == 1)
        },
        ConformanceCheck("fencing: every write with a stale lease throws leaseLost and changes nothing") { store in
            let run = try await store.makeRun(at: 0)
            let old = try await store.claimOne(worker: "w1", at: 0, leaseSeconds: 10).lease
            _ = try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(20)))
            let current = try await store.claimOne(worker: "w2", at: 21).lease
            let before = try await store.detail(run.id)
            let lost = JobStoreError.leaseLost(runId: run.id, attempt: 1)
            await #expect(throws: lost) { try await store.complete("s", lease: old, at: 22) }
            await #expect(throws: lost) { _ = try await store.wait("w", key: "k", lease: old, at: 22) }
            await #expect(throws: lost) {
                _ = try await store.sleep(SleepParams(lease: old, step: "nap", wakeAt: at(99), now: at(22)))
            }
            await #expect(throws: lost) { try await store.finish(old, .completed(resultJSON: "1"), at: 22) }
            let wrongWorker = RunLease(runId: run.id, attempt: current.attempt, workerId: "w1")
            await #expect(throws: JobStoreError.leaseLost(runId: run.id, attempt: 2)) {
                try await store.finish(wrongWorker, .completed(resultJSON: "1"), at: 22)
            }
            let beat = try await store.heartbeat(
                HeartbeatParams(
                    worker: Fixtures.worker(id: "w1"), leases: [HeldLease(lease: old, currentStep: "s")],
                    leaseExpiresAt: at(60), now: at(22)))
            #expect(beat.lost == [run.id])
            let after = try await store.detail(run.id)
            #expect(after.run == before.run)
            #expect(after.steps.isEmpty)
            #expect(after.timeline == before.timeline)
            try await store.finish(current, .completed(resultJSON: "1"), at: 23)
            await #expect(throws: JobStoreError.leaseLost(runId: run.id, attempt: 2)) {
                try await store.finish(current, .completed(resultJSON: "2"), at: 24)
            }
        },
    ]
}
