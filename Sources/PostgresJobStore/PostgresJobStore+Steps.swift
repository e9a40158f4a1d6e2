import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Stores a step's result or error for the attempt holding the lease (see ``JobStore/saveStep(_:)``).
    ///
    /// One statement, committed on its own: every step of every run passes here, and a transaction of
    /// separate statements cost six round trips where this costs two (the statement, and one confirming
    /// its commit; see ``Mode/statement(writes:)``). Saves of other runs that arrive while earlier ones are
    /// being written share the next statement (``WriteBatches``).
    public func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        try params.validate()
        return try await batched(params, in: stepSaves) { tx, saves in
            try await tx.saveSteps(saves)
        } absent: { save in
            throw JobStoreError.leaseLost(runId: save.lease.runId, attempt: save.lease.attempt)
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
    /// statement, the batch statement with one save (``saveSteps(_:)``). No row means the lease is lost.
    func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        let lease = params.lease
        guard let saved = try await saveSteps([params])[lease.runId] else {
            throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt)
        }
        return saved
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
