import Foundation
import JobStore

/// What the change feed says happened to a benchmark's runs: when each was claimed and completed, and how
/// often. It is the evidence that every run completed exactly once, and the source of the timings.
struct CompletionLedger {
    /// When each run's attempts started (claims), in feed order.
    private(set) var claims: [RunID: [Date]] = [:]
    /// When each run completed, in feed order.
    private(set) var completions: [RunID: [Date]] = [:]
    /// Entries that mean something went wrong (a failed step, a retry, a crash, a release), by kind.
    private(set) var trouble: [TimelineKind: Int] = [:]

    /// Kinds that a clean benchmark never records.
    private static let troubleKinds: Set<TimelineKind> = [
        .stepFailed, .retryScheduled, .failed, .crashed, .released, .canceled, .cancelRequested,
    ]

    /// Reads the whole change feed of `store`.
    static func read(from store: any JobStore) async throws -> CompletionLedger {
        var ledger = CompletionLedger()
        var after: Int64 = 0
        while true {
            let page = try await store.changes(ChangesParams(after: after, limit: 5000))
            guard let last = page.last else { break }
            for entry in page { ledger.record(entry) }
            after = last.sequence
        }
        return ledger
    }

    private mutating func record(_ entry: TimelineEntry) {
        switch entry.kind {
        case .started: claims[entry.runId, default: []].append(entry.at)
        case .completed: completions[entry.runId, default: []].append(entry.at)
        case let kind where Self.troubleKinds.contains(kind): trouble[kind, default: 0] += 1
        default: break
        }
    }

    /// Throws unless exactly `runs` runs were each claimed once and completed once, with no trouble.
    func verify(runs: Int) throws {
        if !trouble.isEmpty {
            let kinds = trouble.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
            throw PostgresBenchmarkError("the runs did not go cleanly: \(kinds.joined(separator: ", "))")
        }
        guard completions.count == runs else {
            throw PostgresBenchmarkError("\(completions.count) of \(runs) runs completed")
        }
        let repeated = completions.filter { $0.value.count != 1 }.count
        let reclaimed = claims.filter { $0.value.count != 1 }.count
        guard repeated == 0, reclaimed == 0, claims.count == runs else {
            throw PostgresBenchmarkError(
                "runs did not complete exactly once: \(repeated) completed more than once, \(reclaimed) claimed "
                    + "more than once, \(claims.count) of \(runs) claimed")
        }
    }

    /// From the first claim to the last completion: the time the workers took for all the runs.
    var window: (start: Date, end: Date)? {
        guard let start = claims.values.compactMap(\.first).min(),
            let end = completions.values.compactMap(\.last).max()
        else { return nil }
        return (start, end)
    }

    /// Each run's time from claim to completion (the stored times have millisecond resolution).
    var claimToComplete: LatencySample {
        var sample = LatencySample()
        for (runId, completed) in completions {
            guard let claimed = claims[runId]?.first, let done = completed.first else { continue }
            sample.append(milliseconds: done.timeIntervalSince(claimed) * 1000)
        }
        return sample
    }
}
