import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Testing

@Suite("Retries")
struct RetryTests {
    @Test("a failed attempt backs off as scheduled with the next attempt time, then retries up to maxAttempts")
    func exponentialBackoffUntilMaxAttempts() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let policy = RetryPolicy(maxAttempts: 3, initialDelay: 10, maxDelay: 100, multiplier: 2, jitter: 0.5)
        engine.stackshift.job("flaky", options: JobOptions(retryPolicy: policy)) { (_: JobContext<Item>) in
            throw JobError("upstream timeout")
        }
        let started = try await engine.stackshift.start("flaky", payload: Item(id: "f"))
        try await engine.withWorker {
            // Attempt 1 fails: the run backs off as scheduled, 5–10 s out (10 s with up to 50% jitter).
            let first = try await engine.stackshift.waitForRun(started.id, toBe: [.scheduled], timeout: .testPatience)
            let firstDelay = try #require(first.runAt).timeIntervalSince(clock.now())
            #expect(first.attempt == 1)
            #expect(firstDelay >= 5 && firstDelay <= 10)
            #expect(first.error?.message == "upstream timeout")

            // Not due yet: a claim after the clock moved (the probe's) leaves it scheduled.
            clock.advance(by: firstDelay - 1)
            try await engine.probe()
            let notYet = try #require(try await engine.stackshift.run(started.id)?.run)
            #expect(notYet.attempt == 1 && notYet.status == .scheduled)

            // Due: attempt 2 fails; the next delay doubles (10–20 s).
            clock.advance(by: 1)
            try await eventually("attempt 2 to back off") {
                let run = try await engine.stackshift.run(started.id)?.run
                return run?.attempt == 2 && run?.status == .scheduled
            }
            let second = try #require(try await engine.stackshift.run(started.id)?.run)
            let secondDelay = try #require(second.runAt).timeIntervalSince(clock.now())
            #expect(secondDelay >= 10 && secondDelay <= 20)

            clock.advance(by: secondDelay)
            let final = try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
            #expect(final.status == .failed)
            #expect(final.attempt == 3)
        }
        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.attempts.map(\.number) == [1, 2, 3])
        #expect(detail.attempts.allSatisfy { $0.outcome == .failed && $0.endedAt != nil && !$0.workerId.isEmpty })
        #expect(detail.attempts.allSatisfy { $0.error?.message == "upstream timeout" })
        #expect(detail.timeline.filter { $0.kind == .retryScheduled }.count == 2)
    }

    @Test("a non-retryable error fails the run at once", arguments: ["JobError", "NonRetryableError"])
    func nonRetryableFailsAtOnce(kind: String) async throws {
        struct CardDeclined: NonRetryableError {}
        let engine = try TestEngine()
        engine.stackshift.job("charge", options: JobOptions(retryPolicy: RetryPolicy(maxAttempts: 5))) {
            (_: JobContext<Item>) in
            if kind == "JobError" { throw JobError("card declined", retryable: false) }
            throw CardDeclined()
        }
        let started = try await engine.stackshift.start("charge", payload: Item(id: "c"))
        let run = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }
        #expect(run.status == .failed)
        #expect(run.attempt == 1)
        #expect(run.error?.retryable == false)
    }

    @Test("backoff grows exponentially, is capped, and jitter only shortens it")
    func backoffShape() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: 1, maxDelay: 30, multiplier: 2, jitter: 0.2)
        #expect(policy.delay(afterAttempt: 1, random: 0) == 1)
        #expect(policy.delay(afterAttempt: 2, random: 0) == 2)
        #expect(policy.delay(afterAttempt: 4, random: 0) == 8)
        #expect(policy.delay(afterAttempt: 9, random: 0) == 30)
        #expect(abs(policy.delay(afterAttempt: 4, random: 1) - 6.4) < 1e-9)
        #expect(policy.allowsRetry(afterAttempt: 9))
        #expect(!policy.allowsRetry(afterAttempt: 10))
    }
}

@Suite("Retry budget")
struct RetryBudgetTests {
    @Test("resuming from waits uses none of the retry budget: only failed attempts count")
    func waitsDoNotUseTheBudget() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        let policy = RetryPolicy(maxAttempts: 2, initialDelay: 0, jitter: 0)
        engine.stackshift.job("approvals", options: JobOptions(retryPolicy: policy)) { (ctx: JobContext<Item>) in
            for round in 1...3 {
                let _: String? = try await ctx.step.waitForEvent(
                    "approval-\(round)", event: "approved", key: ctx.payload.id)
            }
            try await ctx.step.run("apply") {
                effects.record("apply")
                if effects.count("apply") == 1 { throw JobError("transient") }
            }
        }
        let run = try await engine.stackshift.start("approvals", payload: Item(id: "doc"))
        let finished = try await engine.withWorker { () async throws -> RunRecord in
            for _ in 1...3 {
                try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
                try await engine.stackshift.sendEvent("approved", key: "doc", payload: "ok")
            }
            return try await engine.stackshift.waitForRun(run.id, timeout: .testPatience)
        }
        #expect(finished.status == .completed, "four claims, one failure: within a budget of two attempts")
        #expect(finished.attempt == 5)
        #expect(finished.failures == 1)
        #expect(effects.count("apply") == 2)
    }
}
