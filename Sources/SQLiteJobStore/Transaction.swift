import Foundation
import GRDB
import JobStore

/// One open transaction and the building blocks every operation shares: reading and updating runs
/// (every status change validated against ``RunStatus``), the lease fence, attempts and the timeline.
struct Transaction {
    let db: Database
    /// The file path, for messages.
    let location: String

    // MARK: Runs

    func run(_ id: RunID) throws -> RunRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?")
        return try Fetch.one(statement, arguments: [id], Decode.run)
    }

    func requireRun(_ id: RunID) throws -> RunRecord {
        guard let run = try run(id) else { throw JobStoreError.runNotFound(id) }
        return run
    }

    /// The fence for writes made by an attempt: the run must still be running that attempt for that worker.
    func requireLease(_ lease: RunLease) throws -> RunRecord {
        guard let run = try run(lease.runId), run.status == .running, run.attempt == lease.attempt,
            run.leaseOwner == lease.workerId
        else { throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt) }
        return run
    }

    /// Writes every mutable column of `run` after validating its status change from `previous` (the run as it
    /// was read in this transaction), and counts the change in the run activity; returns the run as stored
    /// (``RunRecord/asStored``).
    ///
    /// - Parameter queuedAt: when the run became ready; the claim order. Only used when `run` is `queued`.
    @discardableResult
    func update(_ run: RunRecord, from previous: RunRecord, queuedAt: Date? = nil) throws -> RunRecord {
        if run.status != previous.status {
            try previous.status.validateTransition(to: run.status, runId: run.id)
        }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE runs SET status = ?, result = ?, error = ?, attempt = ?, failures = ?, max_attempts = ?,
                    updated_at = ?,
                    run_at = ?, queued_at = CASE WHEN ? = 'queued' THEN COALESCE(?, queued_at) ELSE queued_at END,
                    started_at = ?, finished_at = ?, lease_owner = ?, lease_expires_at = ?, cancel_requested = ?,
                    current_step = ?, wait_step = ?, wait_event_name = ?, wait_event_key = ?, wait_until = ?,
                    wait_since = ?
                WHERE id = ?
                """)
        let status = run.status.rawValue
        try statement.execute(arguments: [
            status, run.resultJSON, try StoredJSON.encode(run.error), run.attempt, run.failures, run.maxAttempts,
            run.updatedAt.millis, run.runAt?.millis, status, queuedAt?.millis, run.startedAt?.millis,
            run.finishedAt?.millis, run.leaseOwner, run.leaseExpiresAt?.millis, run.cancelRequested,
            run.currentStep, run.wait?.step, run.wait?.eventName, run.wait?.eventKey, run.wait?.until?.millis,
            run.wait?.since.millis, run.id,
        ])
        // Triggers on runs write other tables, so the count is this statement's own rows.
        guard db.changesCount == 1 else { throw JobStoreError.runNotFound(run.id) }
        if let count = RunActivityCount(run, after: previous) { try countActivity(count, of: run) }
        return run.asStored
    }

    /// Adds one to the columns `count` names in the activity row of its minute and of `run`'s job and queue.
    ///
    /// One statement per set of columns (a few dozen, cached), each adding to just its columns: the upsert of
    /// every column that the triggers of schema v6 ran was most of their cost.
    func countActivity(_ count: RunActivityCount, of run: RunRecord) throws {
        let columns = count.columns
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO run_activity (minute, job, queue, \(columns.joined(separator: ", ")))
                VALUES (?, ?, ?\(String(repeating: ", 1", count: columns.count)))
                ON CONFLICT (minute, job, queue) DO UPDATE SET
                    \(columns.map { "\($0) = \($0) + 1" }.joined(separator: ", "))
                """)
        try statement.execute(arguments: [count.minute, run.job, run.queue])
    }

    /// Writes `update` over the run it was worked out from (status `previous`) and appends its timeline entry
    /// at `at`.
    @discardableResult
    func apply(_ update: RunUpdate, from previous: RunRecord, at: Date) throws -> RunRecord {
        let stored = try self.update(update.run, from: previous, queuedAt: update.queuedAt)
        try appendTimeline(stored, at: at, kind: update.timelineKind, step: update.step, message: update.message)
        return stored
    }

    /// Inserts a new run (no idempotency handling; see ``SQLiteJobStore/createRun(_:)``).
    func insertRun(_ params: CreateRunParams) throws -> RunRecord {
        try params.validate()
        let now = params.now.millis
        let status = params.initialStatus
        let queue = try queueDefaults(params.queue)
        let policy = params.chosenRetryPolicy(queueDefault: params.retryPolicy == nil ? queue?.retryPolicy : nil)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO runs (id, job, queue, status, priority, payload, attempt, max_attempts, retry_policy,
                    idempotency_key, created_at, updated_at, run_at, queued_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING *
                """)
        let arguments: StatementArguments = [
            params.id, params.job, params.queue, status.rawValue, params.priority, params.payloadJSON,
            policy.maxAttempts, try StoredJSON.encodeRetryPolicy(policy), params.idempotencyKey,
            now, now, params.runAt?.millis, params.initialQueuedAt?.millis,
        ]
        guard let run = try Fetch.one(statement, arguments: arguments, Decode.run) else {
            throw JobStoreError.unavailable("database \(location) did not return the new run")
        }
        if queue == nil { try ensureQueue(params.queue, now: now) }
        try appendTimeline(run, at: params.now, kind: .created, message: run.creationMessage)
        return run
    }

    /// The settings a start takes from `queue`'s row; nil when the queue has no row yet (see ``QueueDefaults``).
    func queueDefaults(_ queue: String) throws -> QueueDefaults? {
        let statement = try db.cachedStatement(sql: "SELECT retry_policy FROM queues WHERE name = ?")
        return try Fetch.one(statement, arguments: [queue]) { row in
            QueueDefaults(retryPolicy: try StoredJSON.decodeRetryPolicy(row[0], column: "queues.retry_policy"))
        }
    }

    /// Creates the queue's settings row (not paused, unlimited) the first time a run names it.
    func ensureQueue(_ name: String, now: Millis) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO queues (name, paused, updated_at) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING")
        try statement.execute(arguments: [name, now])
    }

    // MARK: Timeline and attempts

    /// Appends an entry recording `run` as it is after the change, with its queue and job.
    func appendTimeline(
        _ run: RunRecord, at: Date, kind: TimelineKind, step: String? = nil, message: String
    ) throws {
        let entry = TimelineEntry(recording: run, at: at, kind: kind, step: step, message: message)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO timeline (run_id, queue, job, at, kind, status, attempt, step, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            entry.runId, entry.queue, entry.job, entry.at.millis, entry.kind.rawValue, entry.status.rawValue,
            entry.attempt, entry.step, entry.message,
        ])
    }

    func insertAttempt(runId: RunID, number: Int, workerId: WorkerID, startedAt: Date) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO attempts (run_id, number, worker_id, started_at, outcome) VALUES (?, ?, ?, ?, 'running')")
        try statement.execute(arguments: [runId, number, workerId, startedAt.millis])
    }

    func endAttempt(
        runId: RunID, number: Int, outcome: AttemptOutcome, at: Date, error: ErrorDetail? = nil,
        signature: String? = nil
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE attempts SET outcome = ?, ended_at = ?, error = COALESCE(?, error),
                    signature = COALESCE(?, signature)
                WHERE run_id = ? AND number = ?
                """)
        try statement.execute(arguments: [
            outcome.rawValue, at.millis, try StoredJSON.encode(error), signature, runId, number,
        ])
    }

    // MARK: Steps

    func step(runId: RunID, name: String) throws -> StepRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM steps WHERE run_id = ? AND name = ?")
        return try Fetch.one(statement, arguments: [runId, name], Decode.step)
    }

    func steps(runId: RunID) throws -> [StepRecord] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY id")
        return try Fetch.all(statement, arguments: [runId], Decode.step)
    }

    /// Inserts or replaces a step's record; the row keeps its position (first-run order) on update.
    @discardableResult
    func saveStep(_ step: StepRecord) throws -> StepRecord {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error,
                    event_name, event_key, until_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, name) DO UPDATE SET kind = excluded.kind, status = excluded.status,
                    attempt = excluded.attempt, failures = excluded.failures, started_at = excluded.started_at,
                    ended_at = excluded.ended_at, result = excluded.result, error = excluded.error,
                    event_name = excluded.event_name, event_key = excluded.event_key, until_at = excluded.until_at
                RETURNING *
                """)
        let arguments: StatementArguments = [
            step.runId, step.name, step.kind.rawValue, step.status.rawValue, step.attempt, step.failures,
            step.startedAt.millis, step.endedAt?.millis, step.resultJSON, try StoredJSON.encode(step.error),
            step.eventName, step.eventKey, step.until?.millis,
        ]
        guard let record = try Fetch.one(statement, arguments: arguments, Decode.step) else {
            throw JobStoreError.unavailable("database \(location) did not return the saved step")
        }
        return record
    }
}
