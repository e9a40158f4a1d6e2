// A real worker process for crash-recovery tests: runs a three-step job and records each side effect
// in a file, so a test can kill it with `kill -9` mid-step and count what ran.
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

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

func runWorker() async throws {
    guard let database = argument("--db"), let effectsPath = argument("--effects") else {
        FileHandle.standardError.write(
            Data("usage: stackshift-test-worker --db PATH|URL --effects FILE [--hang]\n".utf8))
        exit(2)
    }
    let hang = CommandLine.arguments.contains("--hang")
    let concurrency = argument("--concurrency").flatMap(Int.init) ?? 1
    let queue = argument("--queue") ?? "default"
    let effects = SideEffectFile(path: effectsPath)
    let store: any JobStore =
        database.hasPrefix("postgres://")
        ? try await PostgresJobStore.connect(url: database) : try SQLiteJobStore(path: database)
    let stackshift = StackShift(store: store)
    stackshift.job("crashable") { (ctx: JobContext<Item>) in
        try await ctx.step.run("one") { effects.record("one") }
        try await ctx.step.run("two") {
            effects.record("two-start")
            if hang { try await Task.sleep(for: .seconds(3600)) }
            effects.record("two-end")
        }
        try await ctx.step.run("three") { effects.record("three") }
    }
    // Three steps, each recording "<run>:<step>" once its work is done, for exactly-once accounting.
    stackshift.job("multistep") { (ctx: JobContext<Item>) in
        for step in ["fetch", "transform", "store"] {
            try await ctx.step.run(step) { effects.record("\(ctx.runId):\(step)") }
        }
    }
    try await stackshift.runWorker(
        queues: [queue], concurrency: concurrency,
        options: WorkerOptions(
            leaseDuration: .seconds(2), heartbeatInterval: .milliseconds(300), pollInterval: .milliseconds(20)))
}

try await runWorker()
