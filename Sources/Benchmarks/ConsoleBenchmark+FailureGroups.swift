import Console
import Foundation
import JobStore
import SQLiteJobStore

extension ConsoleBenchmark {
    /// The time failure grouping may take at a million runs, in milliseconds; held for p50 and p95 alike.
    ///
    /// Grouping answers a person's question — `stackshift failures list`, `runs why`, the console's why panel
    /// — not a view refreshed four times a second (``refreshLimit``), so it is held to the quarter second in
    /// which an answer still reads as immediate, not to a frame. The day's groups are the most it does: a
    /// `GROUP BY` over every failed attempt of the window, each joined to its run for the job, so its cost
    /// follows the failures of the window (tens of thousands here), not the runs in the file; the hour and
    /// the single signature do less of the same.
    static let failureGroupsLimit = 250.0
    /// Timed repetitions of each failure grouping, after one untimed warm-up; p95 is the third slowest.
    static let failureGroupRepetitions = 40

    /// A failure grouping the product asks for: its name in the report, and the query.
    struct FailureGroupLoad {
        var name: String
        var query: FailureGroupQuery
    }

    /// The groupings of `stackshift failures list` (the last day, the default, and the last hour) and of
    /// `why` on a failed run (the last day's group of its one signature), at `now`.
    static func failureGroupLoads(now: Date, signature: String) -> [FailureGroupLoad] {
        let day = now.addingTimeInterval(-86_400)
        return [
            FailureGroupLoad(name: "failure groups, last 24 h", query: FailureGroupQuery(since: day, now: now)),
            FailureGroupLoad(
                name: "failure groups, last hour",
                query: FailureGroupQuery(since: now.addingTimeInterval(-3600), now: now)),
            FailureGroupLoad(
                name: "failure group of one signature (why), 24 h",
                query: FailureGroupQuery(since: day, now: now, limit: 1, signature: signature)),
        ]
    }

    /// p50 and p95 of each of ``failureGroupLoads(now:signature:)`` on a database file, each held to
    /// ``failureGroupsLimit``; `why` asks for the day's largest group, the most rows one signature matches.
    ///
    /// The groups each load returns are first checked against what the seed wrote through the store: the
    /// right number of groups, the largest ones, each with the failures and runs seeded with its signature and
    /// counts per time bucket adding up to them. A grouping that found nothing would be fast and wrong.
    ///
    /// - Throws: ``FailureSeedError`` when the groups differ from the seed's.
    static func measureFailureGroups(
        path: String, runs count: Int, now: Date, seed: FailureSeed, repetitions: Int = failureGroupRepetitions
    ) async throws -> [Measurement] {
        let day = seed.expectedGroups(since: now.addingTimeInterval(-86_400))
        guard let largest = day.max(by: { ($0.value.failures, $1.key) < ($1.value.failures, $0.key) }) else {
            throw FailureSeedError("the seed wrote no failed attempts in the last 24 h to group")
        }
        let store = try SQLiteJobStore(path: path, options: .init(createIfMissing: false))
        do {
            let clock = ContinuousClock()
            var measurements: [Measurement] = []
            for load in failureGroupLoads(now: now, signature: largest.key) {
                let expected = seed.expectedGroups(since: load.query.since)
                let wanted =
                    load.query.signature.map { signature in expected.filter { $0.key == signature } } ?? expected
                let groups = try await store.failureGroups(load.query)
                try check(groups, of: load, against: wanted)
                var sample = LatencySample()
                for _ in 0..<repetitions {
                    let start = clock.now
                    _ = try await store.failureGroups(load.query)
                    sample.append(start.duration(to: clock.now))
                }
                let failures = expected.values.reduce(0) { $0 + $1.failures }
                let detail =
                    "\(sample.count) queries after a warm-up, \(groups.count) of \(Format.count(wanted.count)) groups, "
                    + "\(Format.count(failures)) failed attempts in the window, SQLite file"
                let size = "at \(Format.count(count)) runs"
                measurements.append(
                    .milliseconds(
                        group, "\(load.name) p50 \(size)", sample.p50, atMost: failureGroupsLimit, detail: detail))
                measurements.append(
                    .milliseconds(
                        group, "\(load.name) p95 \(size)", sample.percentile(95), atMost: failureGroupsLimit,
                        detail: detail))
            }
            try await store.close()
            return measurements
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Checks the groups a load returned against the seed's groups it asks for (`wanted`): as many as its
    /// limit allows, the largest, each with its seeded failures and runs, its bucketed counts adding up.
    static func check(
        _ groups: [FailureGroup], of load: FailureGroupLoad, against wanted: [String: FailureSeed.Count]
    )
        throws
    {
        guard groups.count == min(load.query.limit, wanted.count) else {
            throw FailureSeedError("\(load.name): \(groups.count) groups, but \(wanted.count) signatures were seeded")
        }
        for group in groups {
            guard let count = wanted[group.signature] else {
                throw FailureSeedError("\(load.name): a group of a signature never seeded: \(group.signature)")
            }
            guard count == FailureSeed.Count(failures: group.failures, runs: group.runs),
                group.buckets.reduce(0, +) == group.failures
            else {
                throw FailureSeedError(
                    "\(load.name): \(group.signature) has \(group.failures) failures of \(group.runs) runs "
                        + "(\(group.buckets.reduce(0, +)) by bucket); \(count.failures) of \(count.runs) were seeded")
            }
        }
        let returned = Set(groups.map(\.signature))
        let smallestReturned = groups.map(\.failures).min() ?? 0
        if let larger = wanted.first(where: { !returned.contains($0.key) && $0.value.failures > smallestReturned }) {
            throw FailureSeedError("\(load.name): left out \(larger.key), larger than a group it returned")
        }
    }
}
