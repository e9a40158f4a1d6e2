// A real worker process for crash-recovery tests: runs a three-step job and records each side effect
// in a file, so a test can kill it with `kill -9` mid-step and count what ran.
import DurableJobs
import Foundation
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
        FileHandle.standardError.write(Data("usage: stackshift-test-worker --db PATH --effects FILE [--hang]\n".utf8))
        exit(2)
    }
    let hang = CommandLine.arguments.contains("--hang")
    let effects = SideEffectFile(path: effectsPath)
    let stackshift = StackShift(store: try SQLiteJobStore(path: database))
    stackshift.job("crashable") { (ctx: JobContext<Item>) in
        try await ctx.step.run("one") { effects.record("one") }
        try await ctx.step.run("two") {
            effects.record("two-start")
            if hang { try await Task.sleep(for: .seconds(3600)) }
            effects.record("two-end")
        }
        try await ctx.step.run("three") { effects.record("three") }
    }
    try await stackshift.runWorker(
        queues: ["default"], concurrency: 1,
        options: WorkerOptions(
            leaseDuration: .seconds(1), heartbeatInterval: .milliseconds(200), pollInterval: .milliseconds(20)))
}

try await runWorker()
