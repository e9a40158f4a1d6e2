import Foundation
import JobStore

extension DemoSystem {
    /// Counts what is in the database now.
    public func summary() async throws -> DemoSummary {
        var runsByJob: [String: [RunStatus: Int]] = [:]
        var before: RunID?
        let page = 500
        while true {
            // The store has no count query; page through the runs, newest first.
            let runs = try await store.listRuns(RunQuery(beforeId: before, limit: page))
            for run in runs { runsByJob[run.job, default: [:]][run.status, default: 0] += 1 }
            guard runs.count == page, let last = runs.last else { break }
            before = last.id
        }
        let events = try await stackshift.events(limit: 100_000)
        return DemoSummary(
            scenario: scenario.name, seed: seed, speed: clock.speed, databasePath: options.databasePath,
            startedAt: clock.start, takenAt: clock.now(), runsByJob: runsByJob, events: events.count,
            unconsumedEvents: events.filter(\.consumedBy.isEmpty).count, load: await load.statistics,
            faults: faults, problems: problems)
    }
}

/// Runs the demo without the console for `duration` of real time, then stops it cleanly and returns what
/// it left in the database (`stackshift demo --headless --duration 30s`).
///
/// Cancelling the calling task ends the run early; the demo is still stopped cleanly.
public func runHeadless(options: DemoOptions, store: any JobStore, duration: Duration) async throws -> DemoSummary {
    let system = try await DemoSystem.start(options: options, store: store)
    // Running for a fixed time is the point here; a cancellation just ends it sooner.
    try? await Task.sleep(for: duration)
    await system.stop()
    return try await system.summary()
}
