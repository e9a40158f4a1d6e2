import Console
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
    }

    /// The loads behind the Queues view, the Runs view with the default filter and sort, and the Runs view
    /// showing failed runs only (`F`), taken from the reducer itself so they are exactly what the console asks.
    static func refreshes(now: Date) -> [Refresh] {
        var state = ConsoleState(width: 200, height: 60, now: now)
        let queues = state.reduce(.started).first { if case .loadQueues = $0 { true } else { false } }
        let runs = state.reduce(.key(.character("2"))).first
        let failed = state.reduce(.key(.character("F"))).first
        return [
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
            let measurements = try await measureRefresh(store: store, runs: count, now: now, repetitions: repetitions)
            try await store.close()
            return measurements
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func measureRefresh(
        store: SQLiteJobStore, runs count: Int, now: Date, repetitions: Int
    ) async throws -> [Measurement] {
        let clock = ContinuousClock()
        var measurements: [Measurement] = []
        for refresh in refreshes(now: now) {
            var rows = try await load(refresh.effect, from: store)
            var sample = LatencySample()
            for _ in 0..<repetitions {
                let start = clock.now
                rows = try await load(refresh.effect, from: store)
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

    /// Carries out a load effect with the store call `EffectRunner` makes for it; returns the rows loaded.
    static func load(_ effect: ConsoleEffect, from store: any JobStore) async throws -> Int {
        switch effect {
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
