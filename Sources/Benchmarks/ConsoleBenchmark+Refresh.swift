import Console
import DurableJobs
import Foundation
import JobStore
import SQLiteJobStore

extension ConsoleBenchmark {
    /// The refresh time the issue allows at a million runs, in milliseconds; held for p50 and p99 alike.
    static let refreshLimit = 20.0
    /// Timed repetitions of each refresh, after one untimed warm-up: enough that p99 is not simply the
    /// slowest one (with 30, it would be).
    static let refreshRepetitions = 100

    /// A refresh the console makes: the view it refreshes and the load effect its reducer asks for.
    struct Refresh {
        var name: String
        var effect: ConsoleEffect
        /// For the overview, which part of its load is timed: all of it (nil) or one panel's read.
        var panel: OverviewPart? = nil
    }

    /// A part of the overview's load, timed on its own beside the whole, so a slow panel shows by name.
    enum OverviewPart {
        /// The run activity counts behind the chart and the latency table.
        case activity
        /// What needs attention.
        case attention
    }

    /// The loads behind the Overview (whole, and its two store-heavy panels alone), the Queues view, the Runs
    /// view with the default filter and sort, and the Runs view showing failed runs only (`F`), taken from the
    /// reducer itself so they are exactly what the console asks.
    static func refreshes(now: Date) -> [Refresh] {
        var home = ConsoleState(width: 200, height: 60, now: now)
        let overview = home.reduce(.started).first { if case .loadOverview = $0 { true } else { false } }
        var state = ConsoleState(width: 200, height: 60, now: now, firstView: .queues)
        let queues = state.reduce(.started).first { if case .loadQueues = $0 { true } else { false } }
        let runs = state.reduce(.key(.character("3"))).first
        let failed = state.reduce(.key(.character("F"))).first
        return [
            overview.map { Refresh(name: "Overview refresh (4 panels)", effect: $0) },
            overview.map { Refresh(name: "Overview: throughput and latency panels", effect: $0, panel: .activity) },
            overview.map { Refresh(name: "Overview: attention panel", effect: $0, panel: .attention) },
            queues.map { Refresh(name: "Queues refresh", effect: $0) },
            runs.map { Refresh(name: "Runs refresh", effect: $0) },
            failed.map { Refresh(name: "Runs refresh (failed only)", effect: $0) },
        ].compactMap { $0 }
    }

    /// p50 and p99 of each of ``refreshes(now:)`` on a database file, each held to ``refreshLimit``.
    ///
    /// The store is opened as `stackshift console` opens it, and each load makes the store call the console's
    /// effect runner makes for it: `queueSummaries(QueueSummaryParams(finishedSince:))` or `listRuns(query)`,
    /// rows decoded into records.
    static func measureRefresh(
        path: String, runs count: Int, now: Date, repetitions: Int = refreshRepetitions
    ) async throws -> [Measurement] {
        let store = try SQLiteJobStore(path: path, options: .init(createIfMissing: false))
        do {
            let operations = StackShift(store: store).operations
            let measurements = try await measureRefresh(
                store: store, operations: operations, runs: count, now: now, repetitions: repetitions)
            try await store.close()
            return measurements
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func measureRefresh(
        store: SQLiteJobStore, operations: Operations, runs count: Int, now: Date, repetitions: Int
    ) async throws -> [Measurement] {
        let clock = ContinuousClock()
        var measurements: [Measurement] = []
        for refresh in refreshes(now: now) {
            var rows = try await load(refresh, from: store, operations: operations)
            var sample = LatencySample()
            for _ in 0..<repetitions {
                let start = clock.now
                rows = try await load(refresh, from: store, operations: operations)
                sample.append(start.duration(to: clock.now))
            }
            let detail = "\(sample.count) loads after a warm-up, \(rows) rows each, SQLite file"
            let size = "at \(Format.count(count)) runs"
            measurements.append(
                .milliseconds(group, "\(refresh.name) p50 \(size)", sample.p50, atMost: refreshLimit, detail: detail))
            measurements.append(
                .milliseconds(group, "\(refresh.name) p99 \(size)", sample.p99, atMost: refreshLimit, detail: detail))
        }
        return measurements
    }

    /// Carries out a load effect with the call `EffectRunner` makes for it (the operations API for the
    /// overview, the store call it makes for the others); returns the rows loaded.
    static func load(_ refresh: Refresh, from store: any JobStore, operations: Operations) async throws -> Int {
        switch refresh.effect {
        case .loadOverview(let query):
            switch refresh.panel {
            case .activity?: return try await operations.runActivity(query).count
            case .attention?: return try await operations.attention().count
            case nil:
                let overview = try await operations.overview(query)
                return overview.activity.count + overview.attention.count + overview.queues.count
                    + overview.workers.workers.count
            }
        case .loadQueues(let since):
            return try await store.queueSummaries(QueueSummaryParams(finishedSince: since)).count
        case .loadRuns(let query):
            return try await store.listRuns(query).count
        case .loadRunDetail(let id):
            return try await store.runDetail(RunDetailParams(runId: id)) == nil ? 0 : 1
        default:
            return 0
        }
    }
}
