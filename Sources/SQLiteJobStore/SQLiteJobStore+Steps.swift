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
    /// Upserts the step if the lease still holds, then appends the timeline entry: two statements where
    /// reading the run and the stored step first took four, for every step of every run. The upsert is
    /// ``SaveStepParams/saving(over:)`` in SQL (``SaveStepParams/upsertConflictSQL``, as on PostgreSQL); no
    /// row means the lease is lost.
    func saveStep(_ params: SaveStepParams) throws -> SaveStepResult {
        let lease = params.lease
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error)
                SELECT id, ?, 'run', ?, attempt, ?, ?, ?, ?, ? FROM runs
                WHERE id = ? AND status = 'running' AND attempt = ? AND lease_owner = ?
                \(SaveStepParams.upsertConflictSQL)
                RETURNING kind, failures, error, (SELECT cancel_requested FROM runs WHERE id = ?)
                """)
        // The run's id is bound again rather than correlated with `steps.run_id`: SQLite plans a correlated
        // subquery in `RETURNING` as a scan of every run.
        let arguments: StatementArguments = [
            params.name, params.status.rawValue, params.failuresAdded, params.startedAt.millis, params.now.millis,
            params.storedResultJSON, try StoredJSON.encode(params.error), lease.runId, lease.attempt, lease.workerId,
            lease.runId,
        ]
        // Only what the upsert kept from a stored step comes back, by position: the rest is the save's own.
        let saved = try Fetch.one(upsert, arguments: arguments) { row in
            (
                step: params.savedStep(
                    kind: try Decode.enumValue(StepKind.self, row[0] as String, column: "kind"), failures: row[1],
                    error: try StoredJSON.decode(ErrorDetail.self, row[2], column: "error")),
                cancelRequested: row[3] as Bool
            )
        }
        guard let saved else { throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt) }
        // The run is running (the upsert just checked): the entry takes its queue, job, status and attempt.
        let entry = try db.cachedStatement(
            sql: """
                INSERT INTO timeline (run_id, queue, job, at, kind, status, attempt, step, message)
                SELECT id, queue, job, ?, ?, status, attempt, ?, ? FROM runs WHERE id = ?
                """)
        try entry.execute(arguments: [
            params.now.millis, params.timelineKind.rawValue, params.name,
            params.message.text(failures: saved.step.failures), lease.runId,
        ])
        return SaveStepResult(step: saved.step, cancelRequested: saved.cancelRequested)
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
            after = try update(suspended, from: run)
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
