import DurableJobs
import Foundation
import JobStore
import MetricsTestKit
import Synchronization
import Testing

@testable import CoreMetrics

/// The swift-metrics a worker emits, recorded by a test backend while a real worker runs real jobs.
///
/// The backend is installed once for the whole test process, and other tests' workers report to it too: every
/// check filters by this test's own queue, a fresh name.
@Suite("Engine metrics")
struct EngineMetricsTests {
    /// The backend every metric made after the first use of this reports to.
    static let recorded: TestMetrics = {
        let metrics = TestMetrics()
        MetricsSystem.bootstrapInternal(metrics)
        return metrics
    }()

    @Test("a worker counts started, completed, failed and retried runs and times attempts, steps and claims")
    func workerEmits() async throws {
        let metrics = Self.recorded
        let queue = "metrics-\(UUID().uuidString)"
        let engine = try TestEngine()
        let tries = Mutex(0)
        engine.stackshift.job("tally") { (ctx: JobContext<Item>) in
            try await ctx.step.run("count") { try await Task.sleep(for: .milliseconds(5)) }
            try await ctx.step.run("store") {}
        }
        engine.stackshift.job("refused") { (ctx: JobContext<Item>) in
            try await ctx.step.run("charge") { throw JobError("card declined", retryable: false) }
        }
        engine.stackshift.job("flaky") { (_: JobContext<Item>) in
            let attempt = tries.withLock { tries in
                tries += 1
                return tries
            }
            if attempt == 1 { throw JobError("first try fails") }
        }
        let options = StartOptions(queue: queue)
        var retried = options
        retried.retryPolicy = RetryPolicy(maxAttempts: 3, initialDelay: 0, jitter: 0)
        let runs = [
            try await engine.stackshift.start("tally", payload: Item(id: "a"), options: options),
            try await engine.stackshift.start("tally", payload: Item(id: "b"), options: options),
            try await engine.stackshift.start("refused", payload: Item(id: "c"), options: options),
            try await engine.stackshift.start("flaky", payload: Item(id: "d"), options: retried),
        ]
        try await engine.withWorker(queues: [queue]) {
            for run in runs {
                try await engine.stackshift.waitForRun(run.id, timeout: .testPatience)
            }
        }
        // The worker has drained: every attempt's metrics are recorded.
        func dimensions(_ job: String) -> [(String, String)] { [("queue", queue), ("job", job)] }
        func total(_ label: String, _ job: String) -> Int64 {
            metrics.counterTotal(label: label, dimensions: dimensions(job))
        }
        func timings(_ label: String, _ job: String) -> [Int64] {
            metrics.timers(label: label, dimensions: dimensions(job)).flatMap(\.values)
        }

        #expect(total("stackshift_runs_started_total", "tally") == 2)
        #expect(total("stackshift_runs_completed_total", "tally") == 2)
        #expect(total("stackshift_runs_failed_total", "tally") == 0)
        #expect(total("stackshift_runs_started_total", "refused") == 1)
        #expect(total("stackshift_runs_failed_total", "refused") == 1)
        #expect(total("stackshift_runs_completed_total", "refused") == 0)
        #expect(total("stackshift_runs_started_total", "flaky") == 2)
        #expect(total("stackshift_runs_retried_total", "flaky") == 1)
        #expect(total("stackshift_runs_completed_total", "flaky") == 1)
        #expect(total("stackshift_runs_failed_total", "flaky") == 0)

        let attempts = timings("stackshift_attempt_duration_seconds", "tally")
        #expect(attempts.count == 2)
        #expect(attempts.allSatisfy { $0 >= 5_000_000 }, "an attempt lasts at least its 5 ms step: \(attempts)")
        #expect(timings("stackshift_attempt_duration_seconds", "flaky").count == 2)
        let steps = timings("stackshift_step_duration_seconds", "tally")
        #expect(steps.count == 4, "two steps in each of two runs")
        #expect(steps.filter { $0 >= 5_000_000 }.count >= 2, "the 5 ms steps: \(steps)")
        #expect(timings("stackshift_step_duration_seconds", "refused").count == 1, "a step that throws is timed")
        #expect(timings("stackshift_step_duration_seconds", "flaky").isEmpty, "a job without steps")
        let claims = timings("stackshift_claim_latency_seconds", "tally")
        #expect((1...2).contains(claims.count), "once per claim that returned tally runs: \(claims)")
        #expect(timings("stackshift_claim_latency_seconds", "flaky").count == 2, "claimed twice")
        #expect(claims.allSatisfy { $0 > 0 })
    }

    @Test("a replayed step is not timed again")
    func replayedStepsAreNotTimed() async throws {
        let metrics = Self.recorded
        let queue = "metrics-\(UUID().uuidString)"
        let engine = try TestEngine()
        let tries = Mutex(0)
        engine.stackshift.job("twice") { (ctx: JobContext<Item>) in
            try await ctx.step.run("first") {}
            let attempt = tries.withLock { tries in
                tries += 1
                return tries
            }
            if attempt == 1 { throw JobError("fails after its step") }
        }
        var options = StartOptions(queue: queue)
        options.retryPolicy = RetryPolicy(maxAttempts: 2, initialDelay: 0, jitter: 0)
        let run = try await engine.stackshift.start("twice", payload: Item(id: "a"), options: options)
        let finished = try await engine.withWorker(queues: [queue]) {
            try await engine.stackshift.waitForRun(run.id, timeout: .testPatience)
        }
        #expect(finished.status == .completed)
        let dimensions = [("queue", queue), ("job", "twice")]
        let steps = metrics.timers(label: "stackshift_step_duration_seconds", dimensions: dimensions)
        #expect(steps.flatMap(\.values).count == 1, "the second attempt replays the stored step")
        #expect(metrics.counterTotal(label: "stackshift_runs_started_total", dimensions: dimensions) == 2)
    }
}
