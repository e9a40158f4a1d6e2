import Console
import Foundation
import JobStore
import SQLiteJobStore

/// `stackshift bench --only memory`: the peak resident memory of one `stackshift bench-worker` process that
/// drains a large backlog of queued 3-step runs on a SQLite file, so a worker's footprint is known before
/// it is deployed beside an app.
///
/// The backlog is written straight into the file first (the process under measurement never holds it), then
/// one worker process claims and runs all of it; its `VmHWM` is read while it works and once it is done.
public enum WorkerMemoryBenchmark {
    /// The section of the report.
    static let group = "memory"
    /// The most a worker may hold at its peak, in MB.
    static let targetMegabytes = 60.0

    /// Seeds `runs` queued runs into a new file under `directory`, drains them with one worker process of
    /// `executable` at `concurrency`, and reports its peak memory and how fast it drained.
    public static func run(
        directory: URL, runs: Int, concurrency: Int, executable: String,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> [Measurement] {
        var files = BenchmarkFiles(directory: directory)
        defer { files.removeAll() }
        let path = files.next("worker-memory")
        progress("memory: writing \(Format.count(runs)) queued runs")
        try await seed(path: path, runs: runs)

        progress("memory: one worker process drains them at concurrency \(concurrency)")
        let worker = try BenchWorkerProcess.launch(
            executable: executable, url: path, concurrency: concurrency, logPath: path + ".worker-log")
        defer { worker.removeLog() }
        let store = try SQLiteJobStore(path: path, options: .init(createIfMissing: false, readOnly: true))
        let drained: (seconds: Double, peakKilobytes: Int)
        do {
            drained = try await watch(worker, store: store, runs: runs)
        } catch {
            await worker.stop()
            try? await store.close()
            throw error
        }
        await worker.stop()
        try await store.close()
        let megabytes = Double(drained.peakKilobytes) / 1024
        return [
            Measurement(
                group: group, name: "worker peak RSS, \(Format.count(runs)) queued runs", value: megabytes,
                unit: "MB", target: "≤ \(Measurement.format(targetMegabytes)) MB",
                meetsTarget: megabytes <= targetMegabytes,
                detail: "VmHWM of one `stackshift bench-worker` at concurrency \(concurrency), SQLite"),
            Measurement(
                group: group, name: "  drain rate", value: Double(runs) / drained.seconds, unit: "runs/s",
                detail: "\(Format.count(runs)) 3-step runs from a full queue"),
        ]
    }

    /// Queued runs of the 3-step job written in batches, as if a producer had started them all.
    static func seed(path: String, runs: Int) async throws {
        let store = try SQLiteJobStore(path: path)
        let now = Date()
        do {
            for first in stride(from: 0, to: runs, by: 10_000) {
                let batch = (first..<min(runs, first + 10_000)).map { n in
                    let createdAt = now.addingTimeInterval(Double(n - runs) / 1_000_000)
                    return RunRecord(
                        id: Identifier.run(at: createdAt), job: BenchmarkJobs.threeSteps, queue: "default",
                        status: .queued, payloadJSON: #"{"n":\#(n)}"#, maxAttempts: 3,
                        retryPolicy: RetryPolicy(maxAttempts: 3), createdAt: createdAt, updatedAt: createdAt)
                }
                try await store.insertRunsForBenchmark(batch)
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// Waits until every run is completed, reading the worker's peak memory as it goes; fails when a run
    /// fails, the worker exits, or the queue stops draining for a minute.
    private static func watch(
        _ worker: BenchWorkerProcess, store: SQLiteJobStore, runs: Int
    ) async throws -> (seconds: Double, peakKilobytes: Int) {
        let clock = ContinuousClock()
        let started = clock.now
        var peak = 0
        var completed = 0
        var lastProgress = clock.now
        while completed < runs {
            if let status = worker.exitStatus {
                throw BenchmarkFailure("the worker exited with status \(status): \(worker.logTail())")
            }
            try await Task.sleep(for: .milliseconds(250))
            peak = max(peak, ProcessMemory.peakKilobytes(of: worker.pid) ?? 0)
            let counts = try await store.countRuns(RunCountParams())
            let failed = counts.total(.failed)
            guard failed == 0 else { throw BenchmarkFailure("\(failed) runs failed: \(worker.logTail())") }
            let now = counts.total(.completed)
            if now > completed { lastProgress = clock.now }
            completed = now
            if clock.now - lastProgress > .seconds(60) {
                throw BenchmarkFailure("no run completed for a minute (\(completed) of \(runs)): \(worker.logTail())")
            }
        }
        let seconds = (clock.now - started).seconds
        peak = max(peak, ProcessMemory.peakKilobytes(of: worker.pid) ?? 0)
        guard peak > 0 else { throw BenchmarkFailure("no VmHWM in /proc/\(worker.pid)/status") }
        return (seconds, peak)
    }
}
