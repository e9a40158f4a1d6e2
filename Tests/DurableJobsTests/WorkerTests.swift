import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Synchronization
import Testing

@testable import DurableJobs

/// Worker options a user sets: its id, and the grace period a shutdown gives running handlers.
@Suite("Workers")
struct WorkerTests {
    @Test("WorkerOptions.workerId names the worker in the worker list, the run's lease and its attempts")
    func workerId() async throws {
        let engine = try TestEngine()
        let gate = TestGate()
        let entered = SideEffects()
        engine.stackshift.job("held") { (_: JobContext<Item>) in
            entered.record("held")
            await gate.wait()
        }
        var options = TestEngine.workerOptions
        options.workerId = "billing-worker-1"
        let started = try await engine.stackshift.start("held", payload: Item(id: "h"))
        try await engine.withWorker(options: options) {
            try await eventually("the handler to start") { entered.count("held") == 1 }
            let workers = try await engine.stackshift.operations.workers().workers
            #expect(workers.map(\.id) == ["billing-worker-1"])
            #expect(try await engine.stackshift.run(started.id)?.run.leaseOwner == "billing-worker-1")
            gate.open()
            #expect(try await engine.stackshift.waitForRun(started.id, timeout: .testPatience).status == .completed)
        }
        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.attempts.map(\.workerId) == ["billing-worker-1"])
        #expect(try await engine.stackshift.operations.workers().workers.isEmpty, "a stopped worker signs off")
    }

    @Test(
        "a handler outliving the shutdown grace period is cancelled and its run released; the next worker finishes it")
    func handlerOutlivesGracePeriod() async throws {
        let engine = try TestEngine()
        let effects = SideEffects()
        let patient = Mutex(false)
        engine.stackshift.job("slow") { (ctx: JobContext<Item>) in
            try await ctx.step.run("first") { effects.record("first") }
            try await ctx.step.run("long") {
                effects.record("long-start")
                guard !patient.withLock({ $0 }) else { return }
                // Only cancellation ends this early: a minute is far beyond the grace period.
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch is CancellationError {
                    effects.record("long-cancelled")
                    throw CancellationError()
                }
                effects.record("long-end")
            }
        }
        var options = TestEngine.workerOptions
        options.shutdownGracePeriod = .milliseconds(300)
        let started = try await engine.stackshift.start("slow", payload: Item(id: "s"))
        let worker = Task { try await engine.stackshift.runWorker(concurrency: 1, options: options) }
        try await eventually("step long to start") { effects.count("long-start") == 1 }
        await engine.stackshift.shutdown()
        try await worker.value

        #expect(effects.count("long-cancelled") == 1, "the handler was cancelled when the grace period ended")
        #expect(effects.count("long-end") == 0)
        let released = try #require(try await engine.stackshift.run(started.id))
        #expect(released.run.status == .queued, "the run went back to the queue")
        #expect(released.run.failures == 0, "a shutdown is not the run's failure")
        #expect(released.attempts.map(\.outcome) == [.interrupted])
        #expect(released.steps.map(\.name) == ["first"])
        #expect(released.timeline.contains { $0.kind == .released })

        patient.withLock { $0 = true }
        let finished = try await engine.withWorker {
            try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        }
        #expect(finished.status == .completed)
        #expect(effects.count("first") == 1, "the committed step is not repeated")
        #expect(effects.count("long-start") == 2, "the interrupted step runs again")
        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.attempts.map(\.outcome) == [.interrupted, .completed])
    }

    @Test("an ending attempt claims the next run in its own write: one write per run, not a finish and a claim")
    func endingAttemptClaimsTheNextRun() async throws {
        let engine = try TestEngine()
        let store = try SQLiteJobStore(path: engine.path)
        let stackshift = StackShift(store: store)
        stackshift.job("quick") { (_: JobContext<Item>) in }
        let runs = 5
        var started: [RunID] = []
        for n in 0..<runs { started.append(try await stackshift.start("quick", payload: Item(id: "\(n)")).id) }
        // No poll and no heartbeat while the test runs: the worker loop claims once, then only a finishing
        // attempt (or the loop, woken when a slot is free) can claim.
        var options = TestEngine.workerOptions
        options.pollInterval = .seconds(3600)
        options.heartbeatInterval = .seconds(3600)
        let before = store.commitStatistics
        let statuses = try await TestEngine.withWorker(stackshift, concurrency: 1, options: options) {
            var statuses: [RunStatus] = []
            for id in started { statuses.append(try await stackshift.waitForRun(id, timeout: .testPatience).status) }
            return statuses
        }
        #expect(statuses == Array(repeating: .completed, count: runs))
        let writes = store.commitStatistics.since(before).operations
        // The housekeeping a starting worker does (a sweep of expired values, a retention pass), its sign-on,
        // its first claim, one write per run (its end, claiming the next; the last end claims nothing and
        // wakes nobody) and its sign-off. A finish and a claim apiece would take 4 + 2 × 5 + 1.
        #expect(writes <= 4 + runs + 1, "\(writes) writes for \(runs) runs")
        let attempts = try await stackshift.operations.runs(RunQuery(statuses: [.completed]))
        #expect(attempts.count == runs && attempts.allSatisfy { $0.attempt == 1 && $0.failures == 0 })
        try await store.close()
    }

    @Test(
        "a worker of one slot runs its handlers on a thread that may block (writes commit there); more slots, the pool",
        arguments: [1, 2])
    func handlerThread(concurrency: Int) async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        let onBlockingThread = Mutex<[Bool]>([])
        stackshift.job("where") { (context: JobContext<Item>) in
            onBlockingThread.withLock { $0.append(BlockingTaskExecutor.isCurrent) }
            try await context.step.run("saved") {}
            // After the step's write: still there, where the write committed.
            onBlockingThread.withLock { $0.append(BlockingTaskExecutor.isCurrent) }
        }
        let run = try await stackshift.start("where", payload: Item(id: "1"))
        let done = try await TestEngine.withWorker(stackshift, concurrency: concurrency) {
            try await stackshift.waitForRun(run.id, timeout: .testPatience)
        }
        #expect(done.status == .completed)
        let expected = concurrency == 1
        #expect(onBlockingThread.withLock { $0 } == [expected, expected])
    }

    @Test("a heartbeat's answer stops only the attempt it renewed, not the same run claimed again meanwhile")
    func heartbeatStopsOnlyTheAttemptItRenewed() {
        let old = RunLease(runId: "run_a", attempt: 1, workerId: "w")
        let newer = RunLease(runId: "run_a", attempt: 2, workerId: "w")
        let other = RunLease(runId: "run_b", attempt: 1, workerId: "w")
        // The heartbeat renewed run_a's first attempt and run_b; by the time its answer came, run_a's first
        // attempt had ended (so the store no longer knew that lease) and a second attempt was claimed.
        let answer = HeartbeatResult(cancelRequested: ["run_b"], lost: ["run_a"])
        let stops = Worker.stops(
            for: answer, renewing: [old, other], current: ["run_a": newer, "run_b": other])
        #expect(stops.map(\.0) == ["run_b"], "the newer attempt of run_a is not stopped")
        #expect(stops.first?.1 == .cancelRequested)
        let held = Worker.stops(for: answer, renewing: [old, other], current: ["run_a": old, "run_b": other])
        #expect(held.map(\.0) == ["run_b", "run_a"] && held.last?.1 == .leaseLost, "the lease it renewed is lost")
        #expect(
            Worker.stops(for: answer, renewing: [other], current: ["run_a": newer, "run_b": other]).map(\.0)
                == ["run_b"], "a run the heartbeat did not renew is not its to stop")
    }
}
