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
            scenario: scenario.name, seed: seed, speed: pace.speed, databasePath: options.databasePath,
            startedAt: pace.startedAt, takenAt: stackshift.clock.now(), runsByJob: runsByJob, events: events.count,
            unconsumedEvents: events.filter(\.consumedBy.isEmpty).count, load: await load.statistics,
            faults: faults, problems: problems)
    }
}

/// Runs the demo without the console for `duration` of real time, then stops it cleanly and returns what
/// it left in the database (`stackshift demo --headless --duration 30s`).
///
/// Cancelling the calling task ends the run early; the demo is still stopped cleanly.
///
/// - Throws: ``DemoStopped`` as soon as the database itself fails (a full disk, a corrupt file, a lost
///   server), after stopping the demo: nothing more can be written, so running on would only pile up errors.
public func runHeadless(options: DemoOptions, store: any JobStore, duration: Duration) async throws -> DemoSummary {
    let system = try await DemoSystem.start(options: options, store: store)
    let failures = system.databaseFailures
    let failure = await withTaskGroup(of: String?.self) { group in
        // Running for a fixed time is the point here; a cancellation just ends it sooner.
        group.addTask {
            try? await Task.sleep(for: duration)
            return nil
        }
        group.addTask {
            for await failure in failures { return failure }
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    await system.stop()
    if let failure { throw DemoStopped(reason: failure) }
    return try await system.summary()
}

/// The headless demo stopped early because its database failed.
public struct DemoStopped: Error, Sendable, CustomStringConvertible {
    /// The first failure: `load generator could not … : database … cannot grow: the disk is full`.
    public var reason: String

    /// `the demo stopped: …`.
    public var description: String { "the demo stopped: \(reason)" }
}
