import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Stores a step's result or error for the attempt holding the lease (see ``JobStore/saveStep(_:)``).
    public func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        try params.validate()
        return try await write { tx in try tx.saveStep(params) }
    }

    /// Resolves an event wait: the earliest matching unconsumed event, a passed timeout, or suspension
    /// (see ``JobStore/awaitEvent(_:)``).
    public func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        try params.validate()
        return try await write { tx in try tx.awaitEvent(params) }
    }

    /// Resolves a durable sleep: elapsed, or suspension until the wake-up time (see ``JobStore/sleep(_:)``).
    public func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        try params.validate()
        return try await write { tx in try tx.sleep(params) }
    }
}

extension Transaction {
    func saveStep(_ params: SaveStepParams) throws -> SaveStepResult {
        let run = try requireLease(params.lease)
        let save = params.saving(over: try step(runId: run.id, name: params.name))
        let stored = try saveStep(save.step)
        try appendTimeline(run, at: params.now, kind: save.timelineKind, step: params.name, message: save.message)
        return SaveStepResult(step: stored, cancelRequested: run.cancelRequested)
    }

    func awaitEvent(_ params: AwaitEventParams) throws -> StepWaitOutcome {
        let run = try requireLease(params.lease)
        let existing = try step(runId: run.id, name: params.step)
        if let outcome = params.replayedOutcome(existing) { return outcome }
        let match = try earliestUnconsumedEvent(
            for: run, name: params.eventName, key: params.eventKey, now: params.now)
        return try apply(params.resolving(run, existing: existing, match: match), to: run, now: params.now)
    }

    func sleep(_ params: SleepParams) throws -> StepWaitOutcome {
        let run = try requireLease(params.lease)
        let existing = try step(runId: run.id, name: params.step)
        if let outcome = params.replayedOutcome(existing) { return outcome }
        return try apply(params.resolving(run, existing: existing), to: run, now: params.now)
    }

    /// Writes how a wait or sleep step resolved for `run`: the consumed event, the step, the run's suspension
    /// (which ends the attempt), and the timeline entry.
    private func apply(_ change: StepWaitChange, to run: RunRecord, now: Date) throws -> StepWaitOutcome {
        if let eventId = change.consumedEventId {
            try recordConsumption(eventId: eventId, runId: run.id, step: change.step.name, now: now)
        }
        try saveStep(change.step)
        var after = run
        if let suspended = change.suspendedRun {
            after = try update(suspended, from: run.status)
            try endAttempt(runId: run.id, number: run.attempt, outcome: .suspended, at: now)
        }
        try appendTimeline(after, at: now, kind: change.timelineKind, step: change.step.name, message: change.message)
        return change.outcome
    }

    /// The earliest live event on (name, key) that arrived once the run existed and the run has not consumed.
    func earliestUnconsumedEvent(
        for run: RunRecord, name: String, key: String, now: Date
    ) throws -> EventMatch? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, payload FROM events e
                WHERE name = ? AND key = ? AND received_at >= ? AND expires_at > ?
                    AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id AND c.run_id = ?)
                ORDER BY received_at, id LIMIT 1
                """)
        let arguments: StatementArguments = [name, key, run.createdAt.millis, now.millis, run.id]
        guard let row = try Row.fetchOne(statement, arguments: arguments) else { return nil }
        return EventMatch(id: row["id"], payloadJSON: row["payload"])
    }

    func recordConsumption(eventId: Int64, runId: RunID, step: String, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO event_consumptions (event_id, run_id, step, consumed_at) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [eventId, runId, step, now.millis])
    }
}
