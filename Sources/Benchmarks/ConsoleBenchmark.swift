import Console
import Foundation
import JobStore
import SQLiteJobStore

/// The console's benchmarks (issue #8): frame time, refresh queries and failure grouping at a million runs,
/// and the console process's peak memory on that database.
public enum ConsoleBenchmark {
    /// The report group every console measurement belongs to.
    public static let group = "console"

    /// Measures frames, seeds a database of `runs` runs, times the Runs and Queues refresh queries and failure
    /// grouping on it, and reads the peak memory of the real console opened on it; the database is removed
    /// afterwards.
    ///
    /// - Parameters:
    ///   - directory: Where the database file is written (about 1.2 GB at a million runs).
    ///   - runs: How many runs the database holds.
    ///   - executable: The `stackshift` binary whose `console` is measured for memory; nil skips that part.
    ///   - framesPerView: Frames timed on each of the Queues, Runs and Run views, at each terminal size.
    ///   - progress: Told what is happening, one line at a time.
    /// - Returns: The measurements in the order taken, and why a part was skipped (no tmux, no executable,
    ///   or the console did not show its data in time).
    public static func run(
        directory: URL, runs: Int = 1_000_000, executable: String?, framesPerView: Int = 100,
        progress: @Sendable (String) -> Void
    ) async throws -> (measurements: [Measurement], skipped: [String]) {
        progress("console: timing frames at 80×24 and 200×60")
        var measurements = measureFrames(framesPerView: framesPerView)
        var skipped: [String] = []

        let database = directory.appendingPathComponent("console-bench-\(runs).sqlite").path
        removeDatabase(database)
        defer { removeDatabase(database) }
        let now = Date()
        progress("console: seeding \(Format.count(runs)) runs into \(database)")
        let seeding = try await seedDatabase(path: database, runs: runs, now: now, progress: progress)
        let failures = seeding.failures
        measurements.append(
            Measurement(
                group: group, name: "seeding \(Format.count(runs)) runs", value: seconds(seeding.duration), unit: "s",
                detail: "bulk insert with attempts and timeline, \(Format.count(seedBatch)) runs per transaction, "
                    + "and the failing runs below"))
        let signatures = Set(failures.attempts.map(\.signature)).count
        measurements.append(
            Measurement(
                group: group, name: "of which \(Format.count(failures.runs)) failing runs through the store",
                value: seconds(failures.duration), unit: "s",
                detail: "createRun, then claimRuns and finishAttempt per attempt, a lane per job: "
                    + "\(Format.count(failures.attempts.count)) failed attempts, \(Format.count(signatures)) signatures"
            ))

        // The file was just written: flush it, so the refreshes are not timed against the kernel writing back
        // a gigabyte of dirty pages on the same cores.
        try flushToDisk(database)
        progress("console: timing the Runs and Queues refresh queries")
        measurements += try await measureRefresh(path: database, runs: runs, now: now)
        progress("console: timing failure grouping (last 24 h, last hour, one signature)")
        measurements += try await measureFailureGroups(path: database, runs: runs, now: now, seed: failures)

        progress("console: reading the console's peak memory in tmux")
        switch await measureMemory(executable: executable, database: database, runs: runs) {
        case .success(let measurement): measurements.append(measurement)
        case .failure(let reason): skipped.append(reason.description)
        }
        return (measurements, skipped)
    }

    /// The runs written per transaction while seeding.
    static let seedBatch = 10_000

    /// Writes `count` runs of ``BenchmarkRunMix`` ending at `now` into a new database file: first the runs
    /// that failed lately through the store's own API, so their attempts store failure signatures (see
    /// ``seedFailures(into:mix:progress:)``), then all the others through the driver's bulk insert.
    ///
    /// - Returns: How long it all took, and what the failing runs wrote (and how long they took).
    static func seedDatabase(
        path: String, runs count: Int, now: Date, progress: @Sendable (String) -> Void
    ) async throws -> (duration: Duration, failures: FailureSeed) {
        let clock = ContinuousClock()
        let start = clock.now
        let store = try SQLiteJobStore(path: path)
        let mix = BenchmarkRunMix(now: now, count: count)
        let failures: FailureSeed
        do {
            failures = try await seedFailures(into: store, mix: mix, progress: progress)
            for first in stride(from: 0, to: count, by: seedBatch) {
                let runs = mix.runs(first..<min(count, first + seedBatch))
                try await store.insertRunsForBenchmark(runs.filter { !writesThroughStore($0, now: now) })
                let written = min(count, first + seedBatch)
                if written % 100_000 == 0 { progress("console: \(Format.count(written)) runs written") }
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return (start.duration(to: clock.now), failures)
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Writes a file's dirty pages to disk and waits for them (fsync).
    static func flushToDisk(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// Removes a database file with its WAL and shared-memory files, if they exist.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Why a benchmark part did not run, as the report's `skipped` line says it.
struct BenchmarkSkip: Error, CustomStringConvertible {
    /// The reason, naming the measurement.
    let description: String

    init(_ description: String) { self.description = description }
}
