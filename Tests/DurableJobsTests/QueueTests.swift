import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

@Suite("Queues")
struct QueueTests {
    @Test("a queue's concurrency limit is reached and holds across two engines on one file, checked from the attempts")
    func concurrencyLimitAcrossEngines() async throws {
        let engine = try TestEngine()
        let other = try engine.sibling()
        let limit = 3
        // The first `limit` handlers wait until all of them are running: the limit is reached by construction.
        let firstBatch = Rendezvous(limit)
        for client in [engine.stackshift, other] {
            client.job("resize") { (ctx: JobContext<Item>) in
                try await ctx.step.run("work") { try await firstBatch.arrive() }
            }
        }
        try await engine.stackshift.queue("media").configure(concurrencyLimit: limit)
        var ids: [RunID] = []
        for index in 0..<30 {
            ids.append(try await engine.stackshift.queue("media").enqueue("resize", payload: Item(id: "\(index)")).id)
        }
        // Each engine alone could run 2 at once, together 4: the limit of 3 binds only across engines.
        try await TestEngine.withWorker(engine.stackshift, queues: ["media"], concurrency: 2) {
            try await TestEngine.withWorker(other, queues: ["media"], concurrency: 2) {
                for id in ids { try await engine.stackshift.waitForRun(id, timeout: .testPatience) }
            }
        }
        // The timeline's global sequence orders claims and attempt ends as they committed.
        var marks: [(sequence: Int64, delta: Int)] = []
        var workers = Set<String>()
        for id in ids {
            let detail = try #require(try await engine.stackshift.run(id))
            #expect(detail.run.status == .completed)
            workers.formUnion(detail.attempts.map(\.workerId))
            for entry in detail.timeline {
                if entry.kind == .started { marks.append((entry.sequence, 1)) }
                if entry.kind == .completed { marks.append((entry.sequence, -1)) }
            }
        }
        var running = 0
        var peak = 0
        for mark in marks.sorted(by: { $0.sequence < $1.sequence }) {
            running += mark.delta
            peak = max(peak, running)
        }
        #expect(peak == limit, "the first \(limit) ran at once; the limit let no more in")
        #expect(workers.count == 2, "each engine holds at most 2, so both took part")
    }

    @Test("a queue's default retry policy, set by one process, governs runs another process starts")
    func queueRetryPolicyIsShared() async throws {
        let engine = try TestEngine()
        let other = try engine.sibling()
        let policy = RetryPolicy(maxAttempts: 6, initialDelay: 0, jitter: 0)
        try await engine.stackshift.queue("billing").configure(concurrencyLimit: 2, retryPolicy: policy)
        let plain = try await other.queue("billing").enqueue("charge", payload: Item(id: "a"))
        #expect(plain.run?.retryPolicy == policy)
        let capped = try await other.start(
            "charge", payload: Item(id: "b"), options: StartOptions(queue: "billing", maxAttempts: 2))
        #expect(capped.run?.maxAttempts == 2 && capped.run?.retryPolicy.initialDelay == 0)
        other.job("refund", options: JobOptions(queue: "billing", retryPolicy: .never)) { (_: JobContext<Item>) in }
        let ownPolicy = try await other.start("refund", payload: Item(id: "c"))
        #expect(ownPolicy.run?.retryPolicy == .never, "the job's policy wins over the queue's")

        try await engine.stackshift.queue("billing").configure(concurrencyLimit: 2)
        let cleared = try await other.queue("billing").enqueue("charge", payload: Item(id: "d"))
        #expect(cleared.run?.retryPolicy == .standard, "configuring without a policy clears the default")
    }

    @Test("higher priority runs are claimed first")
    func prioritiesOrderClaims() async throws {
        let engine = try TestEngine()
        let order = OrderLog()
        engine.stackshift.job("p") { (ctx: JobContext<Item>) in order.append(ctx.payload.id) }
        for (id, priority) in [("low", 0), ("high", 10), ("mid", 5), ("low2", 0), ("urgent", 100)] {
            try await engine.stackshift.start("p", payload: Item(id: id), options: StartOptions(priority: priority))
        }
        try await engine.withWorker(concurrency: 1) {
            try await eventually("all five to run") { order.all.count == 5 }
        }
        #expect(order.all == ["urgent", "high", "mid", "low", "low2"])
    }

    @Test("a delayed run is visible as scheduled and starts on time")
    func delayedRunStartsOnTime() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        engine.stackshift.job("later") { (_: JobContext<Item>) in }
        let started = try await engine.stackshift.start(
            "later", payload: Item(id: "d"), options: StartOptions(delay: .minutes(5)))
        #expect(started.status == .scheduled)
        #expect(started.run?.runAt == clock.now().addingTimeInterval(300))
        try await engine.withWorker {
            clock.advance(by: 299)
            // A claim after the clock moved took the probe; a due run would have gone first.
            try await engine.probe()
            #expect(try await engine.stackshift.run(started.id)?.run.status == .scheduled)
            clock.advance(by: 1)
            let run = try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
            #expect(run.status == .completed)
            #expect(run.startedAt == clock.now())
        }
    }

    @Test("a paused queue keeps its runs queued until it is resumed")
    func pauseAndResume() async throws {
        let engine = try TestEngine()
        engine.stackshift.job("mail") { (_: JobContext<Item>) in }
        try await engine.stackshift.queue("emails").pause()
        let started = try await engine.stackshift.queue("emails").enqueue("mail", payload: Item(id: "p"))
        try await engine.withWorker(queues: ["emails", "probes"]) {
            // The claim that took the probe (from another queue) would have taken the paused queue's run too.
            try await engine.probe(queue: "probes")
            #expect(try await engine.stackshift.run(started.id)?.run.status == .queued)
            let paused = try await engine.stackshift.queues().first { $0.queue.name == "emails" }
            #expect(paused?.queue.paused == true)
            #expect(paused?.count(.queued) == 1)
            try await engine.stackshift.queue("emails").resume()
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .completed)
        }
    }
}

/// Holds the first `count` callers until all of them have arrived, so that many run at once; later callers
/// pass straight through. A caller still waiting after 30 s throws, naming how many arrived.
final class Rendezvous: Sendable {
    private let count: Int
    private let arrivals = Mutex(0)

    init(_ count: Int) { self.count = count }

    func arrive() async throws {
        let position = arrivals.withLock { arrivals in
            arrivals += 1
            return arrivals
        }
        guard position <= count else { return }
        let deadline = ContinuousClock.now + .testPatience
        while arrivals.withLock({ $0 }) < count {
            guard ContinuousClock.now < deadline else {
                throw JobError(
                    "only \(arrivals.withLock { $0 }) of \(count) callers arrived within \(Duration.testPatience)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// The order in which handlers ran.
final class OrderLog: Sendable {
    private let items = Mutex<[String]>([])
    func append(_ item: String) { items.withLock { $0.append(item) } }
    var all: [String] { items.withLock { $0 } }
}
