import Foundation
import JobStore
import Testing

/// The exact timeline every operation writes: kind, status, attempt, step and message, to the byte. The texts
/// are what operators read, so every driver must write the same ones.
enum TimelineTextChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("timeline: create, deduplicate, claim and step entries read exactly") { store in
            let created = try await store.createdRun(Fixtures.createRun(idempotencyKey: "order-1", now: at(0)))
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "order-1", now: at(1)))
            let lease = try await store.claimOne(worker: "w1", at: 2).lease
            try await store.complete("fetch", lease: lease, at: 3)
            try await store.fail("charge", Fixtures.error("card declined"), lease: lease, at: 4)
            try await store.fail("charge", nil, lease: lease, at: 5)
            let charge = try #require(try await store.detail(created.id).steps.last)
            #expect(charge.failures == 2 && charge.error?.message == "card declined", "the last error is kept")
            #expect(
                try await store.lines(created.id) == [
                    "created|queued|-|-|created on queue default",
                    "deduplicated|queued|-|-|a start with idempotency key order-1 returned this run",
                    "started|running|1|-|attempt 1 started on worker w1 (failures 0/5)",
                    "stepCompleted|running|1|fetch|step fetch completed",
                    "stepFailed|running|1|charge|step charge failed (failure 1): TestError: card declined",
                    "stepFailed|running|1|charge|step charge failed (failure 2): no error recorded",
                ])
        },
        ConformanceCheck("timeline: sleeps and event waits read exactly") { store in
            let run = try await store.makeRun(at: 0)
            let first = try await store.claimOne(worker: "w1", at: 1).lease
            #expect(try await store.nap("nap", until: 100, lease: first, at: 2) == .suspended)
            let second = try await store.claimOne(worker: "w2", at: 101).lease
            #expect(try await store.nap("nap", until: 500, lease: second, at: 102) == .resumed(payloadJSON: nil))
            #expect(try await store.wait("confirm", key: "pay_1", timeout: 200, lease: second, at: 103) == .suspended)
            let sent = try await store.send(key: "pay_1", at: 104)
            let third = try await store.claimOne(worker: "w1", at: 105).lease
            let early = try await store.send(key: "pay_2", at: 106)
            _ = try await store.wait("early", key: "pay_2", lease: third, at: 107)
            #expect(try await store.wait("late", key: "pay_3", timeout: 50, lease: third, at: 108) == .timedOut)
            #expect(try await store.wait("forever", key: "pay_4", lease: third, at: 109) == .suspended)
            #expect(
                try await store.lines(run.id) == [
                    "created|queued|-|-|created on queue default",
                    "started|running|1|-|attempt 1 started on worker w1 (failures 0/5)",
                    "sleeping|waiting|1|nap|sleeping until 2026-01-01T00:01:40Z",
                    "queued|queued|1|nap|sleep nap ended; queued to resume",
                    "started|running|2|-|attempt 2 started on worker w2 (failures 0/5)",
                    "stepCompleted|running|2|nap|sleep nap ended at 2026-01-01T00:01:40Z",
                    "waitingForEvent|waiting|2|confirm|waiting for payment.confirmed key pay_1 until "
                        + "2026-01-01T00:03:20Z",
                    "eventReceived|queued|2|confirm|event payment.confirmed key pay_1 (#\(sent.event.id)) arrived; "
                        + "queued to resume",
                    "started|running|3|-|attempt 3 started on worker w1 (failures 0/5)",
                    "eventReceived|running|3|early|event payment.confirmed key pay_2 (#\(early.event.id)) matched "
                        + "the wait",
                    "timedOut|running|3|late|wait for payment.confirmed key pay_3 timed out at 2026-01-01T00:00:50Z",
                    "waitingForEvent|waiting|3|forever|waiting for payment.confirmed key pay_4",
                ])
        },
        ConformanceCheck("timeline: due runs, wait timeouts, cancels and retries read exactly") { store in
            let run = try await store.makeRun(at: 0, runAt: 50)
            let lease = try await store.claimOne(worker: "w1", at: 60).lease
            #expect(try await store.wait("confirm", key: "pay_5", timeout: 70, lease: lease, at: 61) == .suspended)
            let resumed = try await store.claimOne(worker: "w1", at: 80)
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, reason: "customer left", now: at(81)))
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(82)))
            try await store.finish(resumed.lease, .canceled, at: 83)
            _ = try await store.retryRun(RetryRunParams(runId: run.id, now: at(84)))
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(85)))
            _ = try await store.retryRun(RetryRunParams(runId: run.id, fresh: true, now: at(86)))
            #expect(try await store.detail(run.id).steps.isEmpty, "a fresh retry clears the steps")
            #expect(
                try await store.lines(run.id) == [
                    "created|scheduled|-|-|created on queue default, scheduled for 2026-01-01T00:00:50Z",
                    "queued|queued|-|-|due at 2026-01-01T00:00:50Z; queued",
                    "started|running|1|-|attempt 1 started on worker w1 (failures 0/5)",
                    "waitingForEvent|waiting|1|confirm|waiting for payment.confirmed key pay_5 until "
                        + "2026-01-01T00:01:10Z",
                    "queued|queued|1|confirm|wait for payment.confirmed key pay_5 timed out at 2026-01-01T00:01:10Z; "
                        + "queued to resume",
                    "started|running|2|-|attempt 2 started on worker w1 (failures 0/5)",
                    "cancelRequested|running|2|-|cancel requested: customer left; w1 stops the run at its next step",
                    "canceled|canceled|2|-|canceled at a step boundary on attempt 2",
                    "retried|queued|2|-|retried after canceled (completed steps kept)",
                    "canceled|canceled|2|-|canceled while queued",
                    "retried|queued|2|-|retried after canceled (steps cleared)",
                ])
        },
        ConformanceCheck("timeline: failures and a raised budget read exactly") { store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 2))
            let first = try await store.claimOne(worker: "w1", at: 1).lease
            try await store.finish(first, .retry(Fixtures.error("timeout"), at: at(10)), at: 2)
            let second = try await store.claimOne(worker: "w1", at: 11).lease
            try await store.finish(second, .failed(Fixtures.error("still down")), at: 12)
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, now: at(13)))
            #expect(retried.maxAttempts == 3 && retried.failures == 2)
            #expect(
                try await store.lines(run.id) == [
                    "created|queued|-|-|created on queue default",
                    "started|running|1|-|attempt 1 started on worker w1 (failures 0/2)",
                    "retryScheduled|scheduled|1|-|attempt 1 failed (TestError: timeout); failures 1/2, retrying at "
                        + "2026-01-01T00:00:10Z",
                    "queued|queued|1|-|due at 2026-01-01T00:00:10Z; queued",
                    "started|running|2|-|attempt 2 started on worker w1 (failures 1/2)",
                    "failed|failed|2|-|failed on attempt 2 (failures 2/2): TestError: still down",
                    "retried|queued|2|-|retried after failed (failure budget raised to 3, completed steps kept)",
                ])
        },
    ]
}

extension JobStore {
    /// The run's timeline as `kind|status|attempt|step|message` lines, `-` for an absent attempt or step.
    fileprivate func lines(_ id: RunID) async throws -> [String] {
        try await detail(id).timeline.map { entry in
            let attempt = entry.attempt.map(String.init) ?? "-"
            return "\(entry.kind.rawValue)|\(entry.status.rawValue)|\(attempt)|\(entry.step ?? "-")|\(entry.message)"
        }
    }

    /// Saves a failed step for the lease.
    fileprivate func fail(_ step: String, _ error: ErrorDetail?, lease: RunLease, at seconds: TimeInterval) async throws
    {
        _ = try await saveStep(
            SaveStepParams(
                lease: lease, name: step, status: .failed, error: error, startedAt: at(seconds), now: at(seconds)))
    }

    /// Sleeps in a step until `seconds` after the base date.
    fileprivate func nap(
        _ step: String, until wake: TimeInterval, lease: RunLease, at seconds: TimeInterval
    ) async throws -> StepWaitOutcome {
        try await sleep(SleepParams(lease: lease, step: step, wakeAt: at(wake), now: at(seconds)))
    }
}
