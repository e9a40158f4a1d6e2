import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Stores a step's result or error for the attempt holding the lease (see ``JobStore/saveStep(_:)``).
    ///
    /// One statement, committed on its own: every step of every run passes here, and a transaction of
    /// separate statements cost six round trips where this costs one.
    public func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        guard params.status == .completed || params.status == .failed else {
            throw JobStoreError.invalidInput(
                "saveStep records completed or failed steps, not \(params.status.rawValue) ones")
        }
        return try await writeStatement { tx in try await tx.saveStep(params) }
    }

    /// Resolves an event wait: the earliest matching unconsumed event, a passed timeout, or suspension
    /// (see ``JobStore/awaitEvent(_:)``).
    ///
    /// The wait and ``sendEvent(_:)`` serialise on an advisory lock for the event's (name, key): without it
    /// an event sent while the wait is deciding to suspend would find no waiting run, and the run would
    /// then wait for an event that had already arrived.
    public func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        try await write { tx in try await tx.awaitEvent(params) }
    }

    /// Resolves a durable sleep: elapsed, or suspension until the wake-up time (see ``JobStore/sleep(_:)``).
    public func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        try await write { tx in try await tx.sleep(params) }
    }
}

extension Transaction {
    /// Locks the run if the lease still holds, upserts the step (counting a failure, keeping the last error
    /// after a later success), and appends the timeline entry: all in one prepared statement
    /// (``SaveStepStatement``). No row means the lease is lost.
    func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        let lease = params.lease
        let failed = params.status == .failed
        let detail = params.error.map { "\($0.type): \($0.message)" } ?? "no error recorded"
        // A failure's entry names its count, known only once the row is written: the text goes around it.
        let (head, tail) =
            failed ? ("step \(params.name) failed (failure ", "): \(detail)") : ("step \(params.name) completed", "")
        var bindings = PostgresBindings(capacity: 14)
        bindings.append(lease.runId)
        bindings.append(lease.attempt)
        bindings.append(lease.workerId)
        bindings.append(params.name)
        bindings.append(params.status.rawValue)
        bindings.append(failed ? 1 : 0)
        bindings.append(params.startedAt.millis)
        bindings.append(params.now.millis)
        bindings.append(failed ? nil : params.resultJSON)
        bindings.append(try StoredJSON.encode(params.error))
        bindings.append((failed ? TimelineKind.stepFailed : .stepCompleted).rawValue)
        bindings.append(failed)
        bindings.append(head)
        bindings.append(tail)
        guard let row = try await rows(SaveStepStatement.self, bindings).first else {
            throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt)
        }
        return SaveStepResult(step: try Decode.step(row), cancelRequested: try row.bool("cancel_requested"))
    }

    func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        let run = try await requireLease(params.lease)
        let existing = try await step(runId: run.id, name: params.step)
        switch existing?.status {
        case .completed: return .resumed(payloadJSON: existing?.resultJSON)
        case .timedOut: return .timedOut
        default: break
        }
        try await lockEventPair(name: params.eventName, key: params.eventKey)
        // The deadline set when the wait began survives replays, so a replay cannot extend it.
        let until = existing.map(\.until) ?? params.timeoutAt
        var record = StepRecord(
            runId: run.id, name: params.step, kind: .waitForEvent, status: .waiting, attempt: params.lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? params.now,
            eventName: params.eventName, eventKey: params.eventKey, until: until)
        let label = "\(params.eventName) key \(params.eventKey)"

        if let event = try await earliestUnconsumedEvent(
            for: run, name: params.eventName, key: params.eventKey, now: params.now)
        {
            try await recordConsumption(eventId: event.id, runId: run.id, step: params.step, now: params.now)
            record.status = .completed
            record.endedAt = params.now
            record.resultJSON = event.payload
            try await saveStep(record)
            appendTimeline(
                run, at: params.now, kind: .eventReceived, step: params.step,
                message: "event \(label) (#\(event.id)) matched the wait")
            return .resumed(payloadJSON: event.payload)
        }
        if let until, until.millis <= params.now.millis {
            record.status = .timedOut
            record.endedAt = params.now
            try await saveStep(record)
            appendTimeline(
                run, at: params.now, kind: .timedOut, step: params.step,
                message: "wait for \(label) timed out at \(TimelineText.time(until))")
            return .timedOut
        }
        try await saveStep(record)
        let wait = WaitCondition(
            step: params.step, eventName: params.eventName, eventKey: params.eventKey, until: until, since: params.now)
        let suspended = try await suspend(run, wait: wait, now: params.now)
        let deadline = until.map { " until \(TimelineText.time($0))" } ?? ""
        appendTimeline(
            suspended, at: params.now, kind: .waitingForEvent, step: params.step,
            message: "waiting for \(label)\(deadline)")
        return .suspended
    }

    func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        let run = try await requireLease(params.lease)
        let existing = try await step(runId: run.id, name: params.step)
        if existing?.status == .completed { return .resumed(payloadJSON: nil) }
        let wakeAt = existing?.until ?? params.wakeAt
        var record = StepRecord(
            runId: run.id, name: params.step, kind: .sleep, status: .sleeping, attempt: params.lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? params.now, until: wakeAt)
        if wakeAt.millis <= params.now.millis {
            record.status = .completed
            record.endedAt = params.now
            try await saveStep(record)
            appendTimeline(
                run, at: params.now, kind: .stepCompleted, step: params.step,
                message: "sleep \(params.step) ended at \(TimelineText.time(wakeAt))")
            return .resumed(payloadJSON: nil)
        }
        try await saveStep(record)
        let wait = WaitCondition(step: params.step, until: wakeAt, since: params.now)
        let suspended = try await suspend(run, wait: wait, now: params.now)
        appendTimeline(
            suspended, at: params.now, kind: .sleeping, step: params.step,
            message: "sleeping until \(TimelineText.time(wakeAt))")
        return .suspended
    }

    /// Ends the attempt as suspended and parks the run as `waiting`; `runAt` is when it wakes by itself.
    private func suspend(_ current: RunRecord, wait: WaitCondition, now: Date) async throws -> RunRecord {
        var run = current
        run.status = .waiting
        run.wait = wait
        run.runAt = wait.until
        run.updatedAt = now
        run.leaseOwner = nil
        run.leaseExpiresAt = nil
        run.currentStep = nil
        let stored = try await update(run, from: current.status)
        try await endAttempt(runId: run.id, number: current.attempt, outcome: .suspended, at: now)
        return stored
    }

    /// Serialises waits on and deliveries of one (event name, key) pair until commit.
    func lockEventPair(name: String, key: String) async throws {
        try await lock("event", name + "\u{1F}" + key)
    }

    /// The earliest live event on (name, key) that arrived once the run existed and the run has not consumed.
    func earliestUnconsumedEvent(
        for run: RunRecord, name: String, key: String, now: Date
    ) async throws -> (id: Int64, payload: String)? {
        let row = try await first(
            """
            SELECT id, payload FROM events e
            WHERE name = \(name) AND key = \(key) AND received_at >= \(run.createdAt.millis)
                AND expires_at > \(now.millis)
                AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id AND c.run_id = \(run.id))
            ORDER BY received_at, id LIMIT 1
            """)
        guard let row else { return nil }
        return (try row.int64("id"), try row.string("payload"))
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
/// $9 result, $10 error), and insert the timeline entry ($11 kind; when $12, the message is $13, the failure
/// count and $14, otherwise $13).
enum SaveStepStatement: PreparedSQL {
    static let sql = """
        WITH run AS (
            SELECT id, queue, job, status, attempt, cancel_requested FROM runs
            WHERE id = $1 AND status = 'running' AND attempt = $2 AND lease_owner = $3
            FOR UPDATE
        ), step AS (
            INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error)
            SELECT id, $4, 'run', $5, attempt, $6, $7, $8, $9, $10 FROM run
            ON CONFLICT (run_id, name) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
                failures = steps.failures + excluded.failures, started_at = excluded.started_at,
                ended_at = excluded.ended_at, result = excluded.result, error = COALESCE(excluded.error, steps.error),
                event_name = NULL, event_key = NULL, until_at = NULL
            RETURNING run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error, event_name,
                event_key, until_at
        ), entry AS (
            INSERT INTO timeline (run_id, queue, job, at, kind, status, attempt, step, message)
            SELECT run.id, run.queue, run.job, $8, $11, run.status, run.attempt, step.name,
                CASE WHEN $12 THEN $13 || step.failures || $14 ELSE $13 END
            FROM run, step
        )
        SELECT step.*, run.cancel_requested FROM step, run
        """
    static let types: [PostgresDataType] = [
        .text, .int8, .text, .text, .text, .int8, .int8, .int8, .text, .text, .text, .bool, .text, .text,
    ]
}
