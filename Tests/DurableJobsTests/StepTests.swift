import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Testing

@Suite("Steps")
struct StepTests {
    @Test("a completed step returns its stored result on retry without running again")
    func completedStepIsNotRepeated() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        engine.stackshift.job(
            "charge", options: JobOptions(retryPolicy: RetryPolicy(maxAttempts: 3, initialDelay: 0, jitter: 0))
        ) { (ctx: JobContext<Item>) -> [String: String] in
            let charge = try await ctx.step.run("charge-card") { () -> String in
                effects.record("charge")
                return "ch_\(ctx.payload.id)"
            }
            try await ctx.step.run("provision") {
                effects.record("provision")
                if effects.count("provision") == 1 { throw JobError("provisioner unavailable") }
            }
            return ["charge": charge]
        }
        let started = try await engine.stackshift.start("charge", payload: Item(id: "42"))
        let run = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }

        #expect(run.status == .completed)
        #expect(run.attempt == 2)
        #expect(effects.count("charge") == 1)
        #expect(effects.count("provision") == 2)
        let result = try await engine.stackshift.result(of: started.id, as: [String: String].self)
        #expect(result == ["charge": "ch_42"])
    }

    @Test("the same step name used twice in a run becomes name#2, and loops replay correctly")
    func repeatedNamesGetOccurrenceSuffix() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        engine.stackshift.job(
            "batches", options: JobOptions(retryPolicy: RetryPolicy(maxAttempts: 2, initialDelay: 0, jitter: 0))
        ) { (ctx: JobContext<Item>) -> Int in
            var total = 0
            for batch in 1...3 {
                total += try await ctx.step.run("import-batch") { () -> Int in
                    effects.record("batch\(batch)")
                    return batch * 10
                }
            }
            // Keyed on the failure count, not the claim count, so the test plans exactly one failure.
            if ctx.failures == 0 { throw JobError("fail after the loop once") }
            return total
        }
        let started = try await engine.stackshift.start("batches", payload: Item(id: "b"))
        _ = try await engine.withWorker { try await engine.stackshift.waitForRun(started.id, timeout: .testPatience) }

        let detail = try #require(try await engine.stackshift.run(started.id))
        // The timeline explains an unexpected end (this test once ended failed under heavy load).
        #expect(
            detail.run.status == .completed,
            "\(detail.run.error.map(String.init(describing:)) ?? "") \(detail.timeline.map(\.message))")
        #expect(detail.steps.map(\.name) == ["import-batch", "import-batch#2", "import-batch#3"])
        #expect(detail.steps.map(\.resultJSON) == ["10", "20", "30"])
        #expect((1...3).map { effects.count("batch\($0)") } == [1, 1, 1])
        #expect(try await engine.stackshift.result(of: started.id, as: Int.self) == 60)
    }

    @Test("a step's idempotency key is the same on every attempt of that step and differs between steps")
    func stepIdempotencyKey() async throws {
        let engine = try TestEngine()
        let keys = OrderLog()
        engine.stackshift.job(
            "charge", options: JobOptions(retryPolicy: RetryPolicy(maxAttempts: 3, initialDelay: 0, jitter: 0))
        ) { (ctx: JobContext<Item>) -> String in
            let first = try await ctx.step.run("call-provider") { (key: String) -> String in
                keys.append(key)
                // The provider call "crashes" on the first try: the retry must send the same key.
                if keys.all.count == 1 { throw JobError("connection reset") }
                return "charged"
            }
            try await ctx.step.run("call-provider") { (key: String) in keys.append(key) }
            return first
        }
        let started = try await engine.stackshift.start("charge", payload: Item(id: "c"))
        let run = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }
        #expect(run.status == .completed)
        #expect(
            keys.all == ["\(started.id)/call-provider", "\(started.id)/call-provider", "\(started.id)/call-provider#2"])
    }

    @Test("a step error is stored with its type and message, and a step's own retry policy governs")
    func stepErrorsAndStepRetryPolicy() async throws {
        struct ProviderDown: Error, CustomStringConvertible {
            var description: String { "mail provider returned 503" }
        }
        let engine = try TestEngine()
        let effects = SideEffects()
        // The run allows a single attempt; the step's own policy allows three.
        engine.stackshift.job("mail", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) in
            try await ctx.step.run("send", retry: RetryPolicy(maxAttempts: 3, initialDelay: 0, jitter: 0)) {
                effects.record("send")
                throw ProviderDown()
            }
        }
        let started = try await engine.stackshift.start("mail", payload: Item(id: "m"))
        let run = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }

        #expect(run.status == .failed)
        #expect(effects.count("send") == 3)
        let detail = try #require(try await engine.stackshift.run(started.id))
        let step = try #require(detail.steps.first)
        #expect(step.status == .failed)
        #expect(step.failures == 3)
        #expect(step.error?.type == "ProviderDown")
        #expect(step.error?.message == "mail provider returned 503")
        #expect(run.error?.type == "ProviderDown")
        #expect(run.error?.location == "step send")
    }

    @Test("a payload that does not decode fails the run at once with a message naming the problem")
    func undecodablePayloadFailsAtOnce() async throws {
        let engine = try TestEngine()
        engine.stackshift.job("typed") { (_: JobContext<Item>) in }
        let started = try await engine.stackshift.start("typed", payload: ["unexpected": true])
        let run = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }
        #expect(run.status == .failed)
        #expect(run.attempt == 1)
        #expect(run.error?.message.contains("missing key \"id\"") == true)
    }
}
