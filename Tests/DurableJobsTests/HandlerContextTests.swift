import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

/// What a handler sees through its `JobContext`: replay, cancellation, and waits that throw on timeout.
@Suite("Handler context")
struct HandlerContextTests {
    @Test("isReplaying is true from a resumed attempt's start until its first new step, and ctx.log is quiet meanwhile")
    func isReplaying() async throws {
        let engine = try TestEngine()
        let seen = OrderLog()
        engine.stackshift.job("replay") { (ctx: JobContext<Item>) in
            ctx.log.info("starting in attempt \(ctx.attempt)")
            seen.append("\(ctx.attempt) start \(ctx.isReplaying)")
            try await ctx.step.run("a") { seen.append("\(ctx.attempt) in-a \(ctx.isReplaying)") }
            seen.append("\(ctx.attempt) after-a \(ctx.isReplaying)")
            let _: String? = try await ctx.step.waitForEvent("w", event: "go", key: ctx.payload.id)
            seen.append("\(ctx.attempt) after-w \(ctx.isReplaying)")
            try await ctx.step.run("b") { seen.append("\(ctx.attempt) in-b \(ctx.isReplaying)") }
            seen.append("\(ctx.attempt) end \(ctx.isReplaying)")
        }
        let run = try await engine.stackshift.start("replay", payload: Item(id: "r"))
        try await engine.withWorker {
            try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
            try await engine.stackshift.sendEvent("go", key: "r", payload: "now")
            #expect(try await engine.stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        }
        #expect(
            seen.all == [
                "1 start false", "1 in-a false", "1 after-a false",
                "2 start true", "2 after-a true", "2 after-w true", "2 in-b false", "2 end false",
            ])
        let detail = try #require(try await engine.stackshift.run(run.id))
        #expect(detail.logs.map(\.message) == ["starting in attempt 1"], "the replayed line is not stored twice")
    }

    @Test("isCancelled turns true inside a running step once a cancel is requested; the run ends canceled")
    func isCancelled() async throws {
        let engine = try TestEngine()
        let seen = OrderLog()
        engine.stackshift.job("watch") { (ctx: JobContext<Item>) in
            try await ctx.step.run("poll") {
                seen.append("before \(ctx.isCancelled)")
                // Long work checks the flag between chunks; the deadline only turns a hang into a failure.
                let deadline = ContinuousClock.now + .testPatience
                while !ctx.isCancelled && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                seen.append("after \(ctx.isCancelled)")
            }
            try await ctx.step.run("never") { seen.append("never") }
        }
        let started = try await engine.stackshift.start("watch", payload: Item(id: "w"))
        var options = TestEngine.workerOptions
        options.workerId = "worker-w"
        try await engine.withWorker(options: options) {
            try await eventually("step poll to start") { seen.all == ["before false"] }
            let result = try await engine.stackshift.cancel(started.id, reason: "customer left")
            guard case .cancelRequested = result else {
                Issue.record("expected a cancel request for a running run, got \(result)")
                return
            }
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .canceled)
        }
        #expect(seen.all == ["before false", "after true"])
        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.attempts.map(\.outcome) == [.canceled])
        let requested = try #require(detail.timeline.first { $0.kind == .cancelRequested })
        #expect(
            requested.message
                == "cancel requested: by \(Operator.application): customer left; worker-w stops the run at its next step"
        )
    }

    @Test("waitForEvent(throwOnTimeout:) returns the payload, or throws EventWaitTimeout naming step, event and key")
    func waitForEventThrowOnTimeout() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        engine.stackshift.job("confirm", options: JobOptions(retryPolicy: .never)) {
            (ctx: JobContext<Item>) -> String in
            try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.id, timeout: .hours(1),
                throwOnTimeout: true, as: String.self)
        }
        let paid = try await engine.stackshift.start("confirm", payload: Item(id: "pay_1"))
        let unpaid = try await engine.stackshift.start("confirm", payload: Item(id: "pay_2"))
        try await engine.withWorker {
            for id in [paid.id, unpaid.id] {
                try await engine.stackshift.waitForRun(id, toBe: [.waiting], timeout: .testPatience)
            }
            try await engine.stackshift.sendEvent("payment.confirmed", key: "pay_1", payload: "4200")
            #expect(try await engine.stackshift.waitForRun(paid.id, timeout: .testPatience).status == .completed)
            clock.advance(by: 3600)
            #expect(try await engine.stackshift.waitForRun(unpaid.id, timeout: .testPatience).status == .failed)
        }
        #expect(try await engine.stackshift.result(of: paid.id, as: String.self) == "4200")
        let failed = try #require(try await engine.stackshift.run(unpaid.id)?.run)
        #expect(failed.error?.type == "EventWaitTimeout")
        #expect(
            failed.error?.message == "step await-confirmation timed out waiting for payment.confirmed with key pay_2")
    }
}
