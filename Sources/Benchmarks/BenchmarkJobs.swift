import DurableJobs
import Foundation

/// The jobs every engine benchmark runs, the same in this process and in benchmark worker processes.
public enum BenchmarkJobs {
    /// The 3-step job: three remembered steps, each with a small result, then a result built from them.
    public static let threeSteps = "bench.three-steps"
    /// A job that waits for `bench.resume` with the payload's key, then completes.
    public static let awaitResume = "bench.await-resume"
    /// The event name `awaitResume` waits for.
    public static let resumeEvent = "bench.resume"

    /// The payload both jobs take.
    public struct Payload: Codable, Sendable {
        /// A sequence number, so payloads differ like real ones.
        public var n: Int
        /// The correlation key for `awaitResume`.
        public var key: String?

        /// Creates a payload.
        public init(n: Int, key: String? = nil) {
            self.n = n
            self.key = key
        }
    }

    /// Registers both jobs on `client`.
    ///
    /// - Parameters:
    ///   - started: Called with the payload's `n` when a 3-step handler begins (the run is running).
    ///   - ended: Called with the payload's `n` when a 3-step handler returns (its end is being committed).
    public static func register(
        on client: StackShift, started: (@Sendable (Int) -> Void)? = nil, ended: (@Sendable (Int) -> Void)? = nil
    ) {
        client.job(threeSteps) { (ctx: JobContext<Payload>) -> Int in
            started?(ctx.payload.n)
            let a = try await ctx.step.run("fetch") { ctx.payload.n }
            let b = try await ctx.step.run("transform") { a * 2 }
            let result = try await ctx.step.run("store") { a + b }
            ended?(ctx.payload.n)
            return result
        }
        client.job(awaitResume) { (ctx: JobContext<Payload>) -> Int in
            let n = try await ctx.step.run("prepare") { ctx.payload.n }
            let confirmed = try await ctx.step.waitForEvent(
                "confirmation", event: resumeEvent, key: ctx.payload.key ?? "", as: Int.self)
            return n + (confirmed ?? 0)
        }
    }

    /// Starts `runs` runs of ``threeSteps`` (payloads `0..<runs`) from `starters` concurrent tasks, the way a
    /// busy application enqueues; returns how long that took.
    public static func enqueue(on client: StackShift, runs: Int, starters: Int = 16) async throws -> Duration {
        let began = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for starter in 0..<starters {
                group.addTask {
                    for n in stride(from: starter, to: runs, by: starters) {
                        try await client.start(threeSteps, payload: Payload(n: n))
                    }
                }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - began
    }
}
