import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

@Suite("Cancel and retry")
struct CancelRetryTests {
    @Test("queued and scheduled runs cancel at once")
    func cancelNotRunning() async throws {
        let engine = try TestEngine()
        let queued = try await engine.stackshift.start("x", payload: Item(id: "q"))
        let scheduled = try await engine.stackshift.start("x", payload: Item(id: "s"), options: .init(delay: .hours(1)))
        for id in [queued.id, scheduled.id] {
            let result = try await engine.stackshift.cancel(id)
            guard case .canceled(let run) = result else {
                Issue.record("expected an immediate cancel, got \(result)")
                continue
            }
            #expect(run.status == .canceled)
            #expect(run.finishedAt != nil)
        }
        await #expect(throws: JobStoreError.self) { try await engine.stackshift.cancel(queued.id) }
        await #expect(throws: JobStoreError.runNotFound("run_nope")) { try await engine.stackshift.cancel("run_nope") }
    }

    @Test("cancel(reason:) records who canceled and why; a blank reason records only who")
    func cancelWithReason() async throws {
        let engine = try TestEngine()
        let explained = try await engine.stackshift.start("x", payload: Item(id: "e"))
        let unexplained = try await engine.stackshift.start("x", payload: Item(id: "u"))
        try await engine.stackshift.cancel(explained.id, reason: "  customer asked  ")
        try await engine.stackshift.cancel(unexplained.id, reason: " ")
        let app = Operator.application
        for (id, message) in [
            (explained.id, "canceled while queued: by \(app): customer asked"),
            (unexplained.id, "canceled while queued: by \(app)"),
        ] {
            let detail = try #require(try await engine.stackshift.run(id))
            #expect(detail.run.status == .canceled)
            #expect(detail.timeline.last?.message == message)
        }
    }

    @Test("a running run stops at its next step boundary and ends canceled")
    func cancelRunningAtStepBoundary() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        let gate = TestGate()
        engine.stackshift.job("long") { (ctx: JobContext<Item>) in
            try await ctx.step.run("first") {
                effects.record("first")
                await gate.wait()
            }
            try await ctx.step.run("second") { effects.record("second") }
        }
        let started = try await engine.stackshift.start("long", payload: Item(id: "l"))
        try await engine.withWorker {
            try await eventually("step first to start") { effects.count("first") == 1 }
            let result = try await engine.stackshift.cancel(started.id)
            guard case .cancelRequested = result else {
                Issue.record("expected a cancel request for a running run, got \(result)")
                return
            }
            gate.open()
            let run = try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
            #expect(run.status == .canceled)
        }
        #expect(effects.count("second") == 0)
        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.steps.map(\.name) == ["first"])
        #expect(detail.attempts.last?.outcome == .canceled)
    }

    @Test("retry re-queues a failed run keeping completed steps; fresh starts it over clean")
    func retryKeepsStepsOrStartsFresh() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        let broken = Mutex(true)
        engine.stackshift.job("import", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) in
            try await ctx.step.run("download") { effects.record("download") }
            try await ctx.step.run("parse") {
                effects.record("parse")
                if broken.withLock({ $0 }) { throw JobError("parser crashed") }
            }
        }
        let started = try await engine.stackshift.start("import", payload: Item(id: "i"))
        try await engine.withWorker {
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .failed)
            broken.withLock { $0 = false }

            let retried = try await engine.stackshift.retry(started.id)
            #expect(retried.status == .queued)
            #expect(retried.maxAttempts == 2, "an exhausted run gets one more attempt")
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .completed)
            #expect(effects.count("download") == 1)
            #expect(effects.count("parse") == 2)

            await #expect(throws: JobStoreError.self) { try await engine.stackshift.retry(started.id) }

            let canceled = try await engine.stackshift.start(
                "import", payload: Item(id: "j"), options: .init(delay: .hours(1)))
            try await engine.stackshift.cancel(canceled.id)
            try await engine.stackshift.retry(canceled.id, fresh: true)
            #expect(try await engine.stackshift.waitForRun(canceled.id, timeout: .testPatience).status == .completed)
        }
        #expect(effects.count("download") == 2)
        let timeline = try #require(try await engine.stackshift.run(started.id)).timeline
        #expect(timeline.contains { $0.kind == .retried })
    }

    @Test("a fresh retry runs completed steps again")
    func freshRetryRepeatsSteps() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        engine.stackshift.job("once", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) in
            try await ctx.step.run("a") { effects.record("a") }
            if effects.count("a") == 1 { throw JobError("fail the first time") }
        }
        let started = try await engine.stackshift.start("once", payload: Item(id: "f"))
        try await engine.withWorker {
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .failed)
            try await engine.stackshift.retry(started.id, fresh: true)
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .completed)
        }
        #expect(effects.count("a") == 2)
    }
}
