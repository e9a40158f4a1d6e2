import Foundation
import JobStore
import Testing

/// The retry budget: `failures` counts attempts that failed or crashed, never claims that resumed a run.
enum BudgetChecks {
    static func isFailure(_ outcome: AttemptOutcome) -> Bool {
        outcome == .failed || outcome == .crashed
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("failures: only failed and crashed attempts count; waits, sleeps and releases do not") {
            store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 3))
            #expect(run.failures == 0)
            var lease = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", lease: lease, at: 2) == .suspended)
            try await store.send(key: "k", at: 3)
            lease = try await store.claimOne(at: 4).lease
            let nap = SleepParams(lease: lease, step: "nap", wakeAt: at(10), now: at(5))
            #expect(try await store.sleep(nap) == .suspended)
            lease = try await store.claimOne(at: 10).lease
            try await store.finish(lease, .released, at: 11)
            let fourth = try await store.claimOne(at: 12)
            #expect(fourth.run.attempt == 4 && fourth.run.failures == 0, "three claims, no failures")

            let retrying = try await store.finish(fourth.lease, .retry(Fixtures.error(), at: at(20)), at: 13)
            #expect(retrying.failures == 1 && retrying.attempt == 4)
            let fifth = try await store.claimOne(at: 20, leaseSeconds: 30)
            #expect(fifth.run.failures == 1)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(51))) == [run.id])
            let crashed = try await store.record(run.id)
            #expect(crashed.failures == 2 && crashed.status == .queued, "2 of 3 failures: queued again")
            let sixth = try await store.claimOne(at: 52).lease
            let failed = try await store.finish(sixth, .failed(Fixtures.error()), at: 53)
            #expect(failed.failures == 3 && failed.attempt == 6 && failed.status == .failed)

            let detail = try await store.detail(run.id)
            #expect(detail.run == failed)
            #expect(
                detail.attempts.map(\.outcome) == [.suspended, .suspended, .interrupted, .failed, .crashed, .failed])
            #expect(detail.attempts.filter { isFailure($0.outcome) }.count == detail.run.failures)
        },
        ConformanceCheck("failures: completed and canceled attempts do not count") { store in
            let done = try await store.makeRun(at: 0)
            let first = try await store.claimOne(at: 1).lease
            #expect(try await store.finish(first, .completed(resultJSON: "1"), at: 2).failures == 0)
            let stopped = try await store.makeRun(at: 3)
            let second = try await store.claimOne(at: 4).lease
            _ = try await store.cancelRun(CancelRunParams(runId: stopped.id, now: at(5)))
            #expect(try await store.finish(second, .canceled, at: 6).failures == 0)
            #expect(try await store.record(done.id).failures == 0)
        },
        ConformanceCheck("recovery: a crash after resumes re-queues while failures < maxAttempts, then fails") {
            store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 2))
            let first = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", lease: first, at: 2) == .suspended)
            try await store.send(key: "k", at: 3)
            _ = try await store.claimOne(at: 4, leaseSeconds: 10)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(15))) == [run.id])
            let requeued = try await store.record(run.id)
            #expect(requeued.attempt == 2 && requeued.failures == 1)
            #expect(requeued.status == .queued, "the resume used none of the budget")
            #expect(requeued.finishedAt == nil)

            _ = try await store.claimOne(at: 16, leaseSeconds: 10)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(27))) == [run.id])
            let failed = try await store.detail(run.id)
            #expect(failed.run.failures == 2 && failed.run.status == .failed && failed.run.finishedAt == at(27))
            #expect(failed.run.error?.type == "LeaseExpired")
            #expect(failed.attempts.map(\.outcome) == [.suspended, .crashed, .crashed])
            #expect(failed.timeline.last?.kind == .crashed && failed.timeline.last?.status == .failed)
        },
        ConformanceCheck("recovery: a crash after a cancel request counts as a failure too") { store in
            let run = try await store.makeRun(at: 0)
            _ = try await store.claimOne(at: 1, leaseSeconds: 10)
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(2)))
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(12))) == [run.id])
            let canceled = try await store.record(run.id)
            #expect(canceled.status == .canceled && canceled.failures == 1)
        },
        ConformanceCheck("retryRun: an exhausted run's budget becomes failures + 1, however often it was claimed") {
            store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 2))
            let first = try await store.claimOne(at: 1).lease
            let nap = SleepParams(lease: first, step: "nap", wakeAt: at(5), now: at(2))
            #expect(try await store.sleep(nap) == .suspended)
            let second = try await store.claimOne(at: 5).lease
            try await store.finish(second, .retry(Fixtures.error(), at: at(6)), at: 5)
            let third = try await store.claimOne(at: 6).lease
            let exhausted = try await store.finish(third, .failed(Fixtures.error()), at: 7)
            #expect(exhausted.attempt == 3 && exhausted.failures == 2 && exhausted.maxAttempts == 2)
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, now: at(8)))
            #expect(retried.maxAttempts == 3, "one more try: failures + 1, not attempt + 1")
            #expect(retried.failures == 2 && retried.attempt == 3, "a retry keeps the counts")
            #expect(retried.status == .queued)
        },
        ConformanceCheck("retryRun: a run that failed with failures to spare keeps its budget") { store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 2))
            let first = try await store.claimOne(at: 1).lease
            let nap = SleepParams(lease: first, step: "nap", wakeAt: at(5), now: at(2))
            #expect(try await store.sleep(nap) == .suspended)
            let second = try await store.claimOne(at: 5).lease
            let failed = try await store.finish(second, .failed(Fixtures.error(retryable: false)), at: 6)
            #expect(failed.attempt == 2 && failed.failures == 1)
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, now: at(7)))
            #expect(retried.maxAttempts == 2, "1 of 2 failures used: not exhausted")
        },
    ]
}
