import Foundation
import JobStore
import Logging
import PostgresNIO

/// One open transaction on one pooled connection, and the building blocks every operation shares: reading
/// and locking runs (every status change validated against ``RunStatus``), the lease fence, attempts,
/// steps, and the timeline.
///
/// Write transactions run at READ COMMITTED: each statement sees everything committed before it started,
/// which is what lets a claim count a queue's running runs *after* it has locked the queue. Rows an
/// operation changes are locked first (`FOR UPDATE`), so concurrent operations on one run serialise.
///
/// Used by one task at a time, never shared.
final class Transaction {
    let connection: PostgresConnection
    /// Fails a statement when the connection closes under it (see ``ConnectionWatch``).
    let watch: ConnectionWatch
    let logger: Logger
    let schema: String
    /// `host:port/database`, for messages.
    let location: String
    /// Timeline entries written at commit (see ``finish()``); only ``appendTimeline`` and ``finish()`` touch it.
    var timeline: [TimelineEntry] = []
    /// Whether a queue setting changed, so listeners are told even without a timeline entry.
    private(set) var queuesChanged = false

    init(connection: PostgresConnection, watch: ConnectionWatch, logger: Logger, schema: String, location: String) {
        self.connection = connection
        self.watch = watch
        self.logger = logger
        self.schema = schema
        self.location = location
    }

    // MARK: Statements

    func rows(_ query: PostgresQuery) async throws -> [Row] {
        // Never send a statement on a closed connection: PostgresNIO 1.33.2 drops a query written to a
        // connection whose pipeline is already torn down, and it then never completes; and its pool learns of
        // closed connections asynchronously, so it can lease one out just after it closed.
        if connection.isClosed { throw ConnectionClosed() }
        let (connection, logger) = (connection, logger)
        return try await watch.run { try await connection.query(query, logger: logger).collect() }.map(Row.init)
    }

    /// Runs a prepared statement (see ``PreparedSQL``) with `bindings` in the order of its placeholders.
    func rows<Statement: PreparedSQL>(_ statement: Statement.Type, _ bindings: PostgresBindings) async throws -> [Row] {
        if connection.isClosed { throw ConnectionClosed() }
        let (connection, logger) = (connection, logger)
        return try await watch.run {
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(Prepared<Statement>(bindings: bindings), logger: logger) {
                rows.append(row)
            }
            return rows
        }.map(Row.init)
    }

    func first(_ query: PostgresQuery) async throws -> Row? {
        try await rows(query).first
    }

    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// The number a `SELECT count(*) …` (or any single-integer query) returns.
    func count(_ query: PostgresQuery) async throws -> Int {
        try await first(query)?.int("count") ?? 0
    }

    /// Serialises this transaction with every other one (in any process) taking the same named lock on
    /// this schema, until commit. Keys are hashed; a collision only makes two unrelated operations queue.
    func lock(_ space: String, _ key: String) async throws {
        try await execute("SELECT pg_advisory_xact_lock(hashtext(\(schema + ":" + space)), hashtext(\(key)))")
    }

    // MARK: Runs

    /// The run, locked for the rest of the transaction unless `forUpdate` is false (read-only snapshots).
    func run(_ id: RunID, forUpdate: Bool = true) async throws -> RunRecord? {
        guard forUpdate else { return try await first("SELECT * FROM runs WHERE id = \(id)").map(Decode.run) }
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return try await rows(RunStatements.Lock.self, bindings).first.map(Decode.run)
    }

    func requireRun(_ id: RunID) async throws -> RunRecord {
        guard let run = try await run(id) else { throw JobStoreError.runNotFound(id) }
        return run
    }

    /// The fence for writes made by an attempt: the run must still be running that attempt for that worker.
    /// The run stays locked, so no recovery, cancel or other write can slip in before this one commits.
    func requireLease(_ lease: RunLease) async throws -> RunRecord {
        guard let run = try await run(lease.runId), run.status == .running, run.attempt == lease.attempt,
            run.leaseOwner == lease.workerId
        else { throw JobStoreError.leaseLost(runId: lease.runId, attempt: lease.attempt) }
        return run
    }

    /// Writes every mutable column of `run` after validating its status change from `previous`; returns the
    /// run as stored (``RunRecord/asStored``).
    ///
    /// - Parameter queuedAt: when the run became ready; the claim order. Only used when `run` is `queued`.
    @discardableResult
    func update(_ run: RunRecord, from previous: RunStatus, queuedAt: Date? = nil) async throws -> RunRecord {
        if run.status != previous {
            try previous.validateTransition(to: run.status, runId: run.id)
        }
        let bindings = try RunStatements.updateBindings(run, queuedAt: queuedAt)
        guard try await rows(RunStatements.Update.self, bindings).first != nil else {
            throw JobStoreError.runNotFound(run.id)
        }
        return run.asStored
    }

    /// Writes `update` over the run it was worked out from (status `previous`) and records its timeline entry
    /// at `at`.
    @discardableResult
    func apply(_ update: RunUpdate, from previous: RunStatus, at: Date) async throws -> RunRecord {
        let stored = try await self.update(update.run, from: previous, queuedAt: update.queuedAt)
        appendTimeline(stored, at: at, kind: update.timelineKind, step: update.step, message: update.message)
        return stored
    }

    /// Inserts a new run (no idempotency handling; see ``PostgresJobStore/createRun(_:)``).
    func insertRun(_ params: CreateRunParams) async throws -> RunRecord {
        try params.validate()
        let now = params.now.millis
        let runAt = params.runAt?.millis
        let status = params.initialStatus
        let queue = try await queueDefaults(params.queue)
        let chosen = params.chosenRetryPolicy(queueDefault: params.retryPolicy == nil ? queue?.retryPolicy : nil)
        let policy = try StoredJSON.encodeRetryPolicy(chosen)
        let queuedAt = params.initialQueuedAt?.millis
        let query: PostgresQuery = """
            INSERT INTO runs (id, job, queue, status, priority, payload, attempt, max_attempts, retry_policy,
                idempotency_key, created_at, updated_at, run_at, queued_at)
            VALUES (\(params.id), \(params.job), \(params.queue), \(status.rawValue), \(params.priority),
                \(params.payloadJSON), 0, \(chosen.maxAttempts), \(policy), \(params.idempotencyKey),
                \(now), \(now), \(runAt), \(queuedAt))
            RETURNING *
            """
        guard let row = try await first(query) else {
            throw JobStoreError.unavailable("PostgreSQL \(location) did not return the new run")
        }
        let run = try Decode.run(row)
        if queue == nil { try await ensureQueue(params.queue, now: now) }
        appendTimeline(run, at: params.now, kind: .created, message: run.creationMessage)
        return run
    }

    /// The settings a start takes from `queue`'s row; nil when the queue has no row yet (see ``QueueDefaults``).
    func queueDefaults(_ queue: String) async throws -> QueueDefaults? {
        guard let row = try await first("SELECT retry_policy FROM queues WHERE name = \(queue)") else { return nil }
        return QueueDefaults(retryPolicy: try row.retryPolicy("retry_policy"))
    }

    /// Creates the queue's settings row (not paused, unlimited) the first time a run names it.
    func ensureQueue(_ name: String, now: Millis) async throws {
        try await execute(
            """
            INSERT INTO queues (name, paused, updated_at) VALUES (\(name), false, \(now))
            ON CONFLICT (name) DO NOTHING
            """)
    }

    /// Tells listeners at commit that a queue's settings changed (a resumed queue or a raised limit makes
    /// work claimable without any run changing).
    func queueSettingsChanged() {
        queuesChanged = true
    }

    // MARK: Attempts

    func insertAttempt(runId: RunID, number: Int, workerId: WorkerID, startedAt: Date) async throws {
        try await execute(
            """
            INSERT INTO attempts (run_id, number, worker_id, started_at, outcome)
            VALUES (\(runId), \(number), \(workerId), \(startedAt.millis), 'running')
            """)
    }

    func endAttempt(
        runId: RunID, number: Int, outcome: AttemptOutcome, at: Date, error: ErrorDetail? = nil,
        signature: String? = nil
    )
        async throws
    {
        let error = try StoredJSON.encode(error)
        try await execute(
            """
            UPDATE attempts
            SET outcome = \(outcome.rawValue), ended_at = \(at.millis), error = COALESCE(\(error), error),
                signature = COALESCE(\(signature), signature)
            WHERE run_id = \(runId) AND number = \(number)
            """)
    }

    // MARK: Steps

    func step(runId: RunID, name: String) async throws -> StepRecord? {
        try await first("SELECT * FROM steps WHERE run_id = \(runId) AND name = \(name)").map(Decode.step)
    }

    func steps(runId: RunID) async throws -> [StepRecord] {
        try await rows("SELECT * FROM steps WHERE run_id = \(runId) ORDER BY id").map(Decode.step)
    }

    /// Inserts or replaces a step's record; the row keeps its position (first-run order) on update.
    @discardableResult
    func saveStep(_ step: StepRecord) async throws -> StepRecord {
        let error = try StoredJSON.encode(step.error)
        let query: PostgresQuery = """
            INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error,
                event_name, event_key, until_at)
            VALUES (\(step.runId), \(step.name), \(step.kind.rawValue), \(step.status.rawValue), \(step.attempt),
                \(step.failures), \(step.startedAt.millis), \(step.endedAt?.millis), \(step.resultJSON), \(error),
                \(step.eventName), \(step.eventKey), \(step.until?.millis))
            ON CONFLICT (run_id, name) DO UPDATE SET kind = excluded.kind, status = excluded.status,
                attempt = excluded.attempt, failures = excluded.failures, started_at = excluded.started_at,
                ended_at = excluded.ended_at, result = excluded.result, error = excluded.error,
                event_name = excluded.event_name, event_key = excluded.event_key, until_at = excluded.until_at
            RETURNING *
            """
        guard let row = try await first(query) else {
            throw JobStoreError.unavailable("PostgreSQL \(location) did not return the saved step")
        }
        return try Decode.step(row)
    }

    // MARK: Timeline

    /// Records an entry for `run` as it is after the change, with its queue and job. Entries are buffered
    /// and written by ``finish()`` as the transaction's last statements.
    func appendTimeline(_ run: RunRecord, at: Date, kind: TimelineKind, step: String? = nil, message: String) {
        timeline.append(TimelineEntry(recording: run, at: at, kind: kind, step: step, message: message))
    }
}

/// The connection closed before a statement could be sent on it.
struct ConnectionClosed: Error {}
