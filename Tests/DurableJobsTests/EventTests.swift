import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Testing

@Suite("Events and durable sleep")
struct EventTests {
    struct Confirmation: Codable, Sendable, Hashable {
        var paymentId: String
        var amount: Int
    }

    @Test("100 runs wait on one event name with distinct keys; each resumes once with its own payload")
    func correlationByKey() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        engine.stackshift.job("provision") { (ctx: JobContext<Item>) -> Confirmation? in
            let confirmation: Confirmation? = try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.id)
            effects.record("resumed:\(ctx.payload.id)")
            return confirmation
        }
        var runs: [String: RunID] = [:]
        for index in 0..<100 {
            runs["pay_\(index)"] = try await engine.stackshift.start("provision", payload: Item(id: "pay_\(index)")).id
        }
        try await engine.withWorker(concurrency: 2) {
            // Two slots serve 100 waiting runs: waiting frees the slot.
            try await eventually("all 100 runs to wait") {
                try await engine.stackshift.runs(RunQuery(statuses: [.waiting], limit: 1000)).count == 100
            }
            for (key, id) in runs.shuffled() {
                let sent = try await engine.stackshift.sendEvent(
                    "payment.confirmed", key: key, payload: Confirmation(paymentId: key, amount: amount(key)))
                #expect(sent.resumed == [id])
            }
            for (key, id) in runs {
                #expect(try await engine.stackshift.waitForRun(id, timeout: .testPatience).status == .completed)
                let result = try await engine.stackshift.result(of: id, as: Confirmation.self)
                #expect(result == Confirmation(paymentId: key, amount: amount(key)))
            }
        }
        for key in runs.keys { #expect(effects.count("resumed:\(key)") == 1) }
    }

    /// The amount each payment in ``correlationByKey()`` carries: 100 × its number (`pay_7` → 700).
    private func amount(_ key: String) -> Int { (Int(key.dropFirst(4)) ?? -1) * 100 }

    @Test("an event that beats the run to its wait still resumes it; waiting twice needs two events")
    func earlyEventsAreKept() async throws {
        let engine = try TestEngine()
        engine.stackshift.job("approve") { (ctx: JobContext<Item>) -> [String] in
            let first: String? = try await ctx.step.waitForEvent("first", event: "approval", key: ctx.payload.id)
            let second: String? = try await ctx.step.waitForEvent("second", event: "approval", key: ctx.payload.id)
            return [first ?? "-", second ?? "-"]
        }
        let run = try await engine.stackshift.start("approve", payload: Item(id: "doc_7"))
        // The webhook arrives before any worker has even claimed the run.
        let early = try await engine.stackshift.sendEvent("approval", key: "doc_7", payload: "alice")
        #expect(early.resumed.isEmpty)
        try await engine.withWorker {
            let waiting = try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
            #expect(waiting.wait?.step == "second", "the early event satisfied the first wait")
            try await engine.stackshift.sendEvent("approval", key: "doc_7", payload: "bob")
            #expect(try await engine.stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        }
        #expect(try await engine.stackshift.result(of: run.id, as: [String].self) == ["alice", "bob"])
    }

    @Test("an event sent before the run was created does not match it")
    func eventsBeforeTheRunDoNotMatch() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        engine.stackshift.job("wait") { (ctx: JobContext<Item>) -> String? in
            try await ctx.step.waitForEvent("w", event: "ping", key: "k")
        }
        try await engine.stackshift.sendEvent("ping", key: "k", payload: "stale")
        clock.advance(by: 1)
        let run = try await engine.stackshift.start("wait", payload: Item(id: "late"))
        try await engine.withWorker {
            #expect(
                try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience).status
                    == .waiting)
            try await engine.stackshift.sendEvent("ping", key: "k", payload: "fresh")
            #expect(try await engine.stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        }
        #expect(try await engine.stackshift.result(of: run.id, as: String.self) == "fresh")
    }

    @Test("a wait with a timeout wakes at the deadline, returns nil, and the timeline says it timed out")
    func waitTimesOut() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        engine.stackshift.job("confirm") { (ctx: JobContext<Item>) -> String in
            let event: String? = try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.id, timeout: .hours(24))
            return event ?? "timed out"
        }
        let run = try await engine.stackshift.start("confirm", payload: Item(id: "pay_1"))
        try await engine.withWorker {
            let waiting = try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
            #expect(waiting.runAt == clock.now().addingTimeInterval(86_400))
            clock.advance(by: 86_399)
            // A claim after the clock moved (the probe's) would have resumed a wait that had timed out.
            try await engine.probe()
            #expect(try await engine.stackshift.run(run.id)?.run.status == .waiting)
            clock.advance(by: 1)
            #expect(try await engine.stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        }
        #expect(try await engine.stackshift.result(of: run.id, as: String.self) == "timed out")
        let detail = try #require(try await engine.stackshift.run(run.id))
        #expect(detail.timeline.contains { $0.kind == .timedOut && $0.step == "await-confirmation" })
        #expect(detail.steps.first?.status == .timedOut)
    }

    @Test("a durable sleep survives a restart: a new engine on the same file completes the run after the wake time")
    func sleepSurvivesRestart() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let effects = SideEffects()
        let register: @Sendable (StackShift) -> Void = { stackshift in
            stackshift.job("cool-off") { (ctx: JobContext<Item>) in
                try await ctx.step.run("before") { effects.record("before") }
                try await ctx.step.sleep("cool-off", for: .minutes(10))
                try await ctx.step.run("after") { effects.record("after") }
            }
        }
        register(engine.stackshift)
        let run = try await engine.stackshift.start("cool-off", payload: Item(id: "s"))
        try await engine.withWorker {
            let waiting = try await engine.stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
            #expect(waiting.wait?.isSleep == true)
            #expect(waiting.wait?.until == clock.now().addingTimeInterval(600))
        }
        // The first engine is gone. A new one, on the same file, after the wake time:
        let restarted = try engine.sibling()
        register(restarted)
        clock.advance(by: 601)
        let finished = try await TestEngine.withWorker(restarted) {
            try await restarted.waitForRun(run.id, timeout: .testPatience)
        }
        #expect(finished.status == .completed)
        #expect(effects.count("before") == 1)
        #expect(effects.count("after") == 1)
        let detail = try #require(try await restarted.run(run.id))
        #expect(detail.timeline.contains { $0.kind == .sleeping })
    }
}
