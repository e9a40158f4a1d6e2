// A real worker process for crash-recovery and multi-process tests: runs three-step jobs and records each
// side effect in a file, so a test can kill it with `kill -9` mid-step and count what ran, and in which attempt.
//
// Options:
//   --db PATH|URL          the store (a SQLite file, or a postgres:// URL)
//   --effects FILE         where side effects are appended, one line each
//   --hang                 the "crashable" job hangs in step two (until killed)
//   --queue NAME           the queue to serve (default: default)
//   --concurrency N        runs at once (default: 1)
//   --lease SECONDS        lease duration (default: 2)
//   --heartbeat SECONDS    heartbeat interval (default: 0.3)
//   --clock-offset SECONDS the worker's clock runs this far ahead of the wall clock (default: 0)
//   --gate N               each "multistep" run waits, before its first step, until N runs have entered
import DurableJobs
import Foundation
import JobStore
import PostgresJobStore
import SQLiteJobStore

struct Item: Codable, Sendable {
    var id: String
}

/// Appends lines to the side-effect file; O_APPEND makes each write land whole.
struct SideEffectFile: Sendable {
    let path: String

    func record(_ line: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        precondition(descriptor >= 0, "cannot open \(path)")
        _ = (line + "\n").withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
    }
}

/// The wall clock moved ahead by a fixed offset: a rescuer started "later" than a crashed worker sees the
/// crashed worker's lease as expired at once, so the test needs no lease short enough to lapse by accident.
struct OffsetClock: JobClock {
    let offset: TimeInterval

    func now() -> Date { Date().addingTimeInterval(offset) }
}

/// A run of "multistep" could not pass its gate in time: the concurrency limit could not be reached.
struct GateTimeout: Error, CustomStringConvertible {
    let entered: Int64
    let needed: Int

    var description: String {
        "gate: only \(entered) of \(needed) runs entered within 120 s, so the queue's limit was never reached"
    }
}

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

func seconds(_ name: String, default value: Double) -> Duration {
    .milliseconds(Int64((argument(name).flatMap(Double.init) ?? value) * 1000))
}

/// Waits (bounded) until `needed` runs have entered the gate, counting this one: the first `needed` runs
/// are then running at once, which is how the tests know a queue's limit was reached, not merely allowed.
func passGate(_ state: StateStore, needed: Int) async throws {
    let entered = try await state.increment("test-worker:gate")
    guard entered < Int64(needed) else { return }
    let deadline = ContinuousClock.now + .seconds(120)
    var seen = entered
    while ContinuousClock.now < deadline {
        seen = try await state.get("test-worker:gate", as: Int64.self) ?? seen
        if seen >= Int64(needed) { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw GateTimeout(entered: seen, needed: needed)
}

func runWorker() async throws {
    guard let database = argument("--db"), let effectsPath = argument("--effects") else {
        FileHandle.standardError.write(
            Data("usage: stackshift-test-worker --db PATH|URL --effects FILE [--hang] [options]\n".utf8))
        exit(2)
    }
    let hang = CommandLine.arguments.contains("--hang")
    let concurrency = argument("--concurrency").flatMap(Int.init) ?? 1
    let queue = argument("--queue") ?? "default"
    let gate = argument("--gate").flatMap(Int.init)
    let offset = argument("--clock-offset").flatMap(Double.init) ?? 0
    let effects = SideEffectFile(path: effectsPath)
    let store: any JobStore =
        database.hasPrefix("postgres://")
        ? try await PostgresJobStore.connect(url: database) : try SQLiteJobStore(path: database)
    let stackshift = StackShift(store: store, clock: OffsetClock(offset: offset))
    stackshift.job("crashable") { (ctx: JobContext<Item>) in
        try await ctx.step.run("one") { effects.record("one") }
        try await ctx.step.run("two") {
            effects.record("two-start")
            if hang { try await Task.sleep(for: .seconds(3600)) }
            effects.record("two-end")
        }
        try await ctx.step.run("three") { effects.record("three") }
    }
    // Three steps, each recording "<run>:<step>:<attempt>" once its work is done, so a test can tell a step
    // that ran twice in one attempt (never allowed) from one that ran again in a later attempt.
    stackshift.job("multistep") { (ctx: JobContext<Item>) in
        if let gate { try await passGate(ctx.state, needed: gate) }
        for step in ["fetch", "transform", "store"] {
            try await ctx.step.run(step) { effects.record("\(ctx.runId):\(step):\(ctx.attempt)") }
        }
    }
    try await stackshift.runWorker(
        queues: [queue], concurrency: concurrency,
        options: WorkerOptions(
            leaseDuration: seconds("--lease", default: 2), heartbeatInterval: seconds("--heartbeat", default: 0.3),
            pollInterval: .milliseconds(20)))
}

try await runWorker()
