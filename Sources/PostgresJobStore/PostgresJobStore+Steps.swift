import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Stores a step's result or error for the attempt holding the lease (see ``JobStore/saveStep(_:)``).
    ///
    /// One statement, committed on its own: every step of every run passes here, and a transaction of
    /// separate statements cost six round trips where this costs two (the statement, and one confirming
    /// its commit; see ``Mode/statement(writes:)``). Saves of other runs that arrive while earlier ones are
    /// being written share the next statement (``StepSaveBatches``).
    public func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        try params.validate()
        return try await withCheckedThrowingContinuation { continuation in
            guard let batch = stepSaves.enqueue(StepSaveBatches.Waiting(params: params, continuation: continuation))
            else { return }
            Task { await self.writeStepSaves(startingWith: batch) }
        }
    }

    /// Writes `first`, then the batches that queued behind it, until none waits.
    private func writeStepSaves(startingWith first: [StepSaveBatches.Waiting]) async {
        var batch: [StepSaveBatches.Waiting]? = first
        while let saves = batch {
            await writeStepSaves(saves)
            batch = stepSaves.next()
        }
    }

    /// Writes `saves` in one statement and answers each caller. When the server refuses the statement over
    /// one save's values it wrote nothing, so each save is written alone and gets the answer it would have had
    /// unbatched; any other failure (a lost connection: the commit is unknown) is every caller's answer.
    private func writeStepSaves(_ saves: [StepSaveBatches.Waiting]) async {
        guard saves.count > 1 else {
            for save in saves { await writeAlone(save) }
            return
        }
        do {
            stepSaves.recordStatement(saves: saves.count)
            let results = try await writeStatement { tx in try await tx.saveSteps(saves.map(\.params)) }
            for save in saves {
                let lease = save.params.lease
                save.continuation.resume(
                    with: Result {
                        guard let result = results[lease.runId] else {
                            throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt)
                        }
                        return result
                    })
            }
        } catch JobStoreError.invalidInput {
            await withTaskGroup(of: Void.self) { group in
                for save in saves { group.addTask { await self.writeAlone(save) } }
            }
        } catch {
            for save in saves { save.continuation.resume(throwing: error) }
        }
    }

    private func writeAlone(_ save: StepSaveBatches.Waiting) async {
        stepSaves.recordStatement(saves: 1)
        do {
            save.continuation.resume(returning: try await writeStatement { tx in try await tx.saveStep(save.params) })
        } catch {
            save.continuation.resume(throwing: error)
        }
    }

    /// Resolves an event wait: the earliest matching unconsumed event, a passed timeout, or suspension
    /// (see ``JobStore/awaitEvent(_:)``).
    ///
    /// The wait and ``sendEvent(_:)`` serialise on an advisory lock for the event's (name, key): without it
    /// an event sent while the wait is deciding to suspend would find no waiting run, and the run would
    /// then wait for an event that had already arrived.
    public func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        try params.validate()
        return try await write { tx in try await tx.awaitEvent(params) }
    }

    /// Resolves a durable sleep: elapsed, or suspension until the wake-up time (see ``JobStore/sleep(_:)``).
    public func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        try params.validate()
        return try await write { tx in try await tx.sleep(params) }
    }
}

extension Transaction {
    /// Locks the run if the lease still holds, upserts the step and appends the timeline entry: all in one
    /// prepared statement (``SaveStepStatement``). No row means the lease is lost.
    ///
    /// The step as stored is only known inside the statement, so the statement applies the save the way
    /// ``SaveStepParams/saving(over:)`` defines it, from the values that function is built on.
    func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        let lease = params.lease
        let message = params.message
        var bindings = PostgresBindings(capacity: 13)
        bindings.append(lease.runId)
        bindings.append(lease.attempt)
        bindings.append(lease.workerId)
        bindings.append(params.name)
        bindings.append(params.status.rawValue)
        bindings.append(params.failuresAdded)
        bindings.append(params.startedAt.millis)
        bindings.append(params.now.millis)
        bindings.append(params.storedResultJSON)
        bindings.append(try StoredJSON.encode(params.error))
        bindings.append(params.timelineKind.rawValue)
        bindings.append(message.head)
        bindings.append(message.tail)
        guard let row = try await rows(SaveStepStatement.self, bindings).first else {
            throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt)
        }
        return SaveStepResult(step: try Decode.step(row), cancelRequested: try row.bool("cancel_requested"))
    }

    func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        let run = try await requireLease(params.lease)
        let existing = try await step(runId: run.id, name: params.step)
        if let outcome = params.replayedOutcome(existing) { return outcome }
        try await lockEventPair(name: params.eventName, key: params.eventKey)
        let match = try await earliestUnconsumedEvent(
            for: run, name: params.eventName, key: params.eventKey, now: params.now)
        return try await apply(params.resolving(run, existing: existing, match: match), to: run, now: params.now)
    }

    func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        let run = try await requireLease(params.lease)
        let existing = try await step(runId: run.id, name: params.step)
        if let outcome = params.replayedOutcome(existing) { return outcome }
        return try await apply(params.resolving(run, existing: existing), to: run, now: params.now)
    }

    /// Writes how a wait or sleep step resolved for `run`: the consumed event, the step, the run's suspension
    /// (which ends the attempt), and the timeline entry.
    private func apply(_ change: StepWaitChange, to run: RunRecord, now: Date) async throws -> StepWaitOutcome {
        if let eventId = change.consumedEventId {
            try await recordConsumption(eventId: eventId, runId: run.id, step: change.step.name, now: now)
        }
        try await saveStep(change.step)
        var after = run
        if let suspended = change.suspendedRun {
            after = try await update(suspended, from: run.status)
            try await endAttempt(runId: run.id, number: run.attempt, outcome: .suspended, at: now)
        }
        appendTimeline(after, at: now, kind: change.timelineKind, step: change.step.name, message: change.message)
        return change.outcome
    }

    /// Serialises waits on and deliveries of one (event name, key) pair until commit.
    func lockEventPair(name: String, key: String) async throws {
        try await lock("event", name + "\u{1F}" + key)
    }

    /// The earliest live event on (name, key) that arrived once the run existed and the run has not consumed.
    func earliestUnconsumedEvent(
        for run: RunRecord, name: String, key: String, now: Date
    ) async throws -> EventMatch? {
        let row = try await first(
            """
            SELECT id, payload FROM events e
            WHERE name = \(name) AND key = \(key) AND received_at >= \(run.createdAt.millis)
                AND expires_at > \(now.millis)
                AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id AND c.run_id = \(run.id))
            ORDER BY received_at, id LIMIT 1
            """)
        guard let row else { return nil }
        return EventMatch(id: try row.int64("id"), payloadJSON: try row.string("payload"))
    }

    func recordConsumption(eventId: Int64, runId: RunID, step: String, now: Date) async throws {
        try await execute(
            """
            INSERT INTO event_consumptions (event_id, run_id, step, consumed_at)
            VALUES (\(eventId), \(runId), \(step), \(now.millis))
            """)
    }
}

/// What ``Transaction/saveStep(_:)`` runs for every step of every run: lock the run if the lease holds ($1 run,
/// $2 attempt, $3 worker), upsert the step ($4 name, $5 status, $6 failures to add, $7 started, $8 now,
/// $9 result, $10 error), and insert the timeline entry ($11 kind; the message is $12, or $12, the failure
/// count and $13 when $13 is not NULL).
///
/// The upsert is ``SaveStepParams/saving(over:)`` in SQL (``SaveStepParams/upsertConflictSQL``, which SQLite's
/// step save shares).
enum SaveStepStatement: PreparedSQL {
    static let sql = """
        WITH run AS (
            SELECT id, queue, job, status, attempt, cancel_requested FROM runs
            WHERE id = $1 AND status = 'running' AND attempt = $2 AND lease_owner = $3
            FOR UPDATE
        ), step AS (
            INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error)
            SELECT id, $4, 'run', $5, attempt, $6, $7, $8, $9, $10 FROM run
            \(SaveStepParams.upsertConflictSQL)
            RETURNING run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error, event_name,
                event_key, until_at
        ), entry AS (
            INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, step, message)
            SELECT run.id, run.queue, run.job, $8, $11, run.status, run.attempt, step.name,
                CASE WHEN $13::text IS NULL THEN $12 ELSE $12 || step.failures || $13 END
            FROM run, step
        )
        SELECT step.*, run.cancel_requested FROM step, run
        """
    static let types: [PostgresDataType] = [
        .text, .int8, .text, .text, .text, .int8, .int8, .int8, .text, .text, .text, .text, .text,
    ]
}
