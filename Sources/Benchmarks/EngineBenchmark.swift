import DurableJobs
import Foundation
import JobStore
import Logging
import SQLiteJobStore
import Synchronization

/// The engine on the default store: throughput of the 3-step job at several worker concurrencies with its
/// start→complete latency, enqueue rate, event resume latency, idle start→running latency, and the raw
/// SQLite bound the throughput is held to. Each measurement runs on a fresh SQLite file.
public enum EngineBenchmark {
    /// How much work each measurement does.
    public struct Options: Sendable {
        /// Runs per throughput measurement.
        public var runs: Int
        /// Worker concurrencies to measure throughput at.
        public var concurrencies: [Int]
        /// Runs enqueued to measure the enqueue rate.
        public var enqueueRuns: Int
        /// Samples of each latency measured one run at a time.
        public var latencySamples: Int
        /// The least share of the raw SQLite bound the best throughput must reach.
        public var targetShareOfRaw: Double
        /// One-row transactions committed to measure SQLite's commit rate (a tenth of them with a disk sync each).
        public var oneRowCommits: Int

        /// Creates options; the defaults are what `stackshift bench` runs.
        public init(
            runs: Int = 3000, concurrencies: [Int] = [1, 8, 64], enqueueRuns: Int = 5000, latencySamples: Int = 200,
            targetShareOfRaw: Double = 0.4, oneRowCommits: Int = 20_000
        ) {
            self.oneRowCommits = oneRowCommits
            self.runs = runs
            self.concurrencies = concurrencies
            self.enqueueRuns = enqueueRuns
            self.latencySamples = latencySamples
            self.targetShareOfRaw = targetShareOfRaw
        }
    }

    /// Runs every engine measurement in files under `directory`, reporting progress as it goes.
    public static func run(
        directory: URL, options: Options = .init(), progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> [Measurement] {
        var files = BenchmarkFiles(directory: directory)
        defer { files.removeAll() }
        var results: [Measurement] = []
        // Workers install it when they start; the raw bound measured before them runs under it too, like for like.
        FreedMemoryPolicy.install()

        progress("raw SQLite bound: \(options.runs) runs × \(RawSQLiteBound.transactionsPerRun) transactions")
        let raw = try RawSQLiteBound.measure(path: files.next("raw"), runs: options.runs)
        results.append(
            Measurement(
                group: "sqlite", name: "raw bound, committed transactions", value: raw.transactionsPerSecond,
                unit: "tx/s", detail: "same connection settings, one writer, synchronous GRDB"))
        results.append(
            Measurement(
                group: "sqlite", name: "raw bound, 3-step runs", value: raw.runsPerSecond, unit: "runs/s",
                detail: "\(RawSQLiteBound.transactionsPerRun) transactions per run"))
        progress("one-row commit rate: \(options.oneRowCommits) commits, durability normal and full")
        let commitRate = try RawSQLiteBound.oneRowCommits(
            path: files.next("one-row-normal"), commits: options.oneRowCommits, durability: .normal)
        let fullCommitRate = try RawSQLiteBound.oneRowCommits(
            path: files.next("one-row-full"), commits: max(options.oneRowCommits / 10, 1), durability: .full)
        results.append(
            Measurement(
                group: "sqlite", name: "one-row commit rate", value: commitRate, unit: "tx/s",
                detail: "one INSERT per transaction, one connection, synchronous=NORMAL"))
        results.append(
            Measurement(
                group: "sqlite", name: "one-row commit rate, durability full", value: fullCommitRate, unit: "tx/s",
                detail: "synchronous=FULL: a disk sync per commit"))

        progress("enqueue rate: \(options.enqueueRuns) runs")
        let enqueue = try await enqueueRate(path: files.next("enqueue"), runs: options.enqueueRuns)
        results.append(
            Measurement(
                group: "engine", name: "enqueue rate", value: enqueue, unit: "runs/s",
                detail: "\(options.enqueueRuns) starts from 16 tasks"))

        var best = 0.0
        for concurrency in options.concurrencies {
            progress("3-step throughput at concurrency \(concurrency): \(options.runs) runs")
            let outcome = try await throughput(
                path: files.next("throughput-\(concurrency)"), runs: options.runs, concurrency: concurrency)
            best = max(best, outcome.runsPerSecond)
            let name = "3-step throughput, concurrency \(concurrency)"
            results.append(
                Measurement(
                    group: "engine", name: name, value: outcome.runsPerSecond, unit: "runs/s",
                    detail: "\(options.runs) runs, \(Self.percent(outcome.runsPerSecond / raw.runsPerSecond)) of raw"))
            results.append(.milliseconds("engine", "  start→complete p50", outcome.latency.p50))
            results.append(.milliseconds("engine", "  start→complete p99", outcome.latency.p99))
            let runCount = Double(options.runs)
            results.append(
                Measurement(
                    group: "engine", name: "  commits per run",
                    value: Double(outcome.commits.transactions) / runCount, unit: "tx",
                    detail: String(
                        format: "%.1f writes per run, grouped into fewer commits when they queue up",
                        Double(outcome.commits.operations) / runCount)))
        }
        let share = best / raw.runsPerSecond
        results.append(
            Measurement(
                group: "engine", name: "best throughput / raw bound", value: share * 100, unit: "%",
                target: "≥ \(Self.percent(options.targetShareOfRaw))", meetsTarget: share >= options.targetShareOfRaw))
        results.append(
            Measurement(
                group: "engine", name: "best throughput / one-row commit rate", value: best / commitRate * 100,
                unit: "%", detail: "runs per second over one-row commits per second: comparable across machines"))

        let fullConcurrency = options.concurrencies.max() ?? 64
        progress("3-step throughput at concurrency \(fullConcurrency), durability full: \(options.runs) runs")
        let full = try await throughput(
            path: files.next("throughput-full"), runs: options.runs, concurrency: fullConcurrency, durability: .full)
        results.append(
            Measurement(
                group: "engine", name: "3-step throughput, concurrency \(fullConcurrency), full",
                value: full.runsPerSecond,
                unit: "runs/s",
                detail:
                    "durability full; \(Self.percent(full.runsPerSecond / fullCommitRate)) of its one-row commit rate, "
                    + "\(Self.percent(full.runsPerSecond / best)) of the best at normal"))
        results.append(.milliseconds("engine", "  start→complete p50", full.latency.p50))
        results.append(
            Measurement(
                group: "engine", name: "  commits per run",
                value: Double(full.commits.transactions) / Double(options.runs),
                unit: "tx", detail: "each commit waits for one disk sync, shared by the writes that queued behind it"))

        progress("event resume latency: \(options.latencySamples) runs")
        let resume = try await eventResumeLatency(path: files.next("resume"), samples: options.latencySamples)
        results.append(
            .milliseconds(
                "engine", "event resume p50", resume.p50, atMost: 5, detail: "send → the waiting run completed"))
        results.append(.milliseconds("engine", "event resume p99", resume.p99))

        progress("start→complete latency, one run at a time, concurrency 1: \(options.latencySamples) runs")
        let lone = try await loneRunLatency(path: files.next("lone"), samples: options.latencySamples)
        results.append(
            .milliseconds(
                "engine", "start→complete p50, one run", lone.p50, atMost: 2,
                detail: "concurrency 1, nothing else in flight: start → the caller sees it completed"))
        results.append(.milliseconds("engine", "start→complete p99, one run", lone.p99))

        progress("start→running latency when idle: \(options.latencySamples) runs")
        let pickup = try await idleStartLatency(path: files.next("idle"), samples: options.latencySamples)
        results.append(
            .milliseconds("engine", "start→running p50, idle", pickup.p50, atMost: 5, detail: "start → handler begins"))
        results.append(.milliseconds("engine", "start→running p99, idle", pickup.p99))
        return results
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    // MARK: Measurements

    static func enqueueRate(path: String, runs: Int) async throws -> Double {
        try await withEngine(path: path, concurrency: nil) { client, _ in
            Double(runs) / (try await BenchmarkJobs.enqueue(on: client, runs: runs)).seconds
        }
    }

    struct Throughput {
        var runsPerSecond: Double
        var latency: LatencySample
        /// The store's writes and commits while the runs were started and completed.
        var commits: CommitStatistics
    }

    /// Keeps up to 2 × concurrency runs in flight from several producers, then reads how long each run took
    /// from the store's own timestamps (created → finished, milliseconds).
    static func throughput(
        path: String, runs: Int, concurrency: Int, durability: SQLiteJobStore.Durability = .normal
    ) async throws -> Throughput {
        let window = InFlightWindow(size: max(2 * concurrency, 4))
        let ended: @Sendable (Int) -> Void = { _ in window.release() }
        return try await withEngine(path: path, durability: durability, concurrency: concurrency, ended: ended) {
            client, store in
            let commitsBefore = store.commitStatistics
            let producers = min(8, window.size)
            let ids = try await withThrowingTaskGroup(of: [RunID].self) { group in
                for producer in 0..<producers {
                    group.addTask {
                        var ids: [RunID] = []
                        for n in stride(from: producer, to: runs, by: producers) {
                            await window.acquire()
                            ids.append(
                                try await client.start(BenchmarkJobs.threeSteps, payload: BenchmarkJobs.Payload(n: n))
                                    .id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            // Every run gives its slot back as its handler ends: holding all of them means every run is done, so
            // the reads below come after the measured work instead of competing with it for the CPU.
            for _ in 0..<window.size { await window.acquire() }
            var latency = LatencySample()
            var first = Date.distantFuture
            var last = Date.distantPast
            for id in ids {
                let run = try await client.waitForRun(id, timeout: .seconds(300))
                guard run.status == .completed, let finished = run.finishedAt else {
                    throw BenchmarkFailure("run \(id) ended \(run.status.rawValue), not completed")
                }
                latency.append(milliseconds: finished.timeIntervalSince(run.createdAt) * 1000)
                first = min(first, run.createdAt)
                last = max(last, finished)
            }
            let seconds = max(last.timeIntervalSince(first), 0.001)
            return Throughput(
                runsPerSecond: Double(runs) / seconds, latency: latency,
                commits: store.commitStatistics.since(commitsBefore))
        }
    }

    /// One waiting run at a time: once it is suspended, time from sending its event until it has completed.
    static func eventResumeLatency(path: String, samples: Int) async throws -> LatencySample {
        try await withEngine(path: path, concurrency: 8) { client, _ in
            var sample = LatencySample()
            for n in 0..<samples {
                let key = "order-\(n)"
                let run = try await client.start(
                    BenchmarkJobs.awaitResume, payload: BenchmarkJobs.Payload(n: n, key: key))
                try await client.waitForRun(run.id, toBe: [.waiting], timeout: .seconds(30))
                let sent = ContinuousClock.now
                try await client.sendEvent(BenchmarkJobs.resumeEvent, key: key, payload: n)
                let done = try await client.waitForRun(run.id, timeout: .seconds(30))
                guard done.status == .completed else {
                    throw BenchmarkFailure("run \(run.id) ended \(done.status.rawValue) after its event")
                }
                sample.append(ContinuousClock.now - sent)
            }
            return sample
        }
    }

    /// One 3-step run at a time on an idle worker of one slot: time from `start` until `waitForRun` (woken by
    /// the commit of the run's end) returns it completed. The throughput runs' latencies include the wait
    /// behind the other runs in flight; this is what a lone run costs.
    static func loneRunLatency(path: String, samples: Int) async throws -> LatencySample {
        try await withEngine(path: path, concurrency: 1) { client, _ in
            var sample = LatencySample()
            for n in 0..<samples {
                let before = ContinuousClock.now
                let run = try await client.start(BenchmarkJobs.threeSteps, payload: BenchmarkJobs.Payload(n: n))
                let done = try await client.waitForRun(run.id, timeout: .seconds(30))
                guard done.status == .completed else {
                    throw BenchmarkFailure("run \(run.id) ended \(done.status.rawValue), not completed")
                }
                sample.append(ContinuousClock.now - before)
            }
            return sample
        }
    }

    /// One run at a time on an idle worker: time from `start` until its handler begins.
    static func idleStartLatency(path: String, samples: Int) async throws -> LatencySample {
        let arrivals = ArrivalLog()
        let started: @Sendable (Int) -> Void = { arrivals.arrive($0) }
        return try await withEngine(path: path, concurrency: 8, started: started) { client, _ in
            var sample = LatencySample()
            for n in 0..<samples {
                let before = ContinuousClock.now
                let run = try await client.start(BenchmarkJobs.threeSteps, payload: BenchmarkJobs.Payload(n: n))
                sample.append(await arrivals.instant(of: n) - before)
                // The next sample starts from an idle worker again.
                try await client.waitForRun(run.id, timeout: .seconds(30))
            }
            return sample
        }
    }

    // MARK: Engine

    /// A client on a new store file at `path` with the benchmark jobs, and a worker running when
    /// `concurrency` is given; shut down and closed after `body`.
    static func withEngine<T: Sendable>(
        path: String, durability: SQLiteJobStore.Durability = .normal, concurrency: Int?,
        started: (@Sendable (Int) -> Void)? = nil, ended: (@Sendable (Int) -> Void)? = nil,
        _ body: @Sendable (StackShift, SQLiteJobStore) async throws -> T
    ) async throws -> T {
        let store = try SQLiteJobStore(path: path, options: .init(durability: durability))
        return try await withEngine(store: store, concurrency: concurrency, started: started, ended: ended) { client in
            try await body(client, store)
        }
    }

    /// A client on `store` (any driver) reading time from `clock`, with the benchmark jobs, and a worker
    /// running when `concurrency` is given; shut down, and the store closed, after `body`.
    static func withEngine<T: Sendable>(
        store: any JobStore, clock: any JobClock = SystemClock(), concurrency: Int?,
        options: WorkerOptions = .init(), started: (@Sendable (Int) -> Void)? = nil,
        ended: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (StackShift) async throws -> T
    ) async throws -> T {
        let client = StackShift(
            store: store, clock: clock,
            logger: Logger(label: "stackshift.bench") { _ in SwiftLogNoOpLogHandler() })
        BenchmarkJobs.register(on: client, started: started, ended: ended)
        let worker = concurrency.map { concurrency in
            Task { try await client.runWorker(queues: ["default"], concurrency: concurrency, options: options) }
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        _ = await worker?.result
        try await store.close()
        return try result.get()
    }
}

/// A benchmark that could not measure what it set out to (a run failed, a process did not start).
public struct BenchmarkFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates a failure with a message.
    public init(_ description: String) { self.description = description }
}
