import Foundation
import JobStore
import PostgresNIO

extension Transaction {
    /// Ends several runs' attempts in one statement (``FinishClaimedStatement``), each from the worker's claimed
    /// copy (``FinishAttemptParams/claimedCopy``) as ``RunRecord/endingAttempt(_:worker:now:)`` works it out.
    /// An end applies only while its stored run still agrees with the copy; a run absent from the answer was
    /// not written (it changed since the claim, or its lease is lost) and must be ended from a read of it.
    ///
    /// - Parameter ends: At most one end per run, each with a claimed copy of its lease's run.
    func finishClaimedCopies(_ ends: [FinishAttemptParams]) async throws -> [RunID: RunRecord] {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(try FinishClaimedStatement.rowsJSON(ends))
        try await flushTimeline()
        var finished: [RunID: RunRecord] = [:]
        for row in try await rows(FinishClaimedStatement.self, bindings) {
            let run = try Decode.run(row)
            finished[run.id] = run
        }
        return finished
    }
}

/// What ``RunStatements/Finish`` writes, for a batch of attempt ends worked out from the workers' claimed copies
/// of their runs rather than from locked reads. An end applies only while its stored run is still `running` and
/// agrees with the copy on every column the end writes, apart from the lease expiry and current step that
/// heartbeats renew and an end clears: so what it writes is what ``RunStatements/Finish`` would after reading
/// the run. An end that does not apply (a cancel requested, the lease lost, any other change) writes nothing
/// and returns no row. Returns each run written, as stored.
///
/// The ends arrive as one JSON array of objects (columns may be null, which PostgreSQL's array parameters
/// cannot carry), in the order their timeline entries take. Runs are locked in id order, so two statements
/// naming the same runs, or a heartbeat renewing them, cannot deadlock.
enum FinishClaimedStatement: PreparedSQL {
    /// The columns the stored run must still agree on, each compared with the input's `was_` column.
    private static let agreeing = [
        "attempt", "lease_owner", "result", "error", "failures", "max_attempts", "updated_at", "run_at", "started_at",
        "finished_at", "cancel_requested", "wait_step", "wait_event_name", "wait_event_key", "wait_until",
        "wait_since",
    ]

    static let sql = """
        WITH input AS (
            SELECT * FROM json_to_recordset($1::json) AS i (
                position int8, id text, status text, result text, error text, attempt int8, failures int8,
                max_attempts int8, updated_at int8, run_at int8, queued_at int8, started_at int8, finished_at int8,
                lease_owner text, lease_expires_at int8, cancel_requested bool, current_step text, wait_step text,
                wait_event_name text, wait_event_key text, wait_until int8, wait_since int8, outcome text,
                attempt_error text, ended_attempt int8, ended_at int8, entry_kind text, message text, signature text,
                was_attempt int8, was_lease_owner text, was_result text, was_error text, was_failures int8,
                was_max_attempts int8, was_updated_at int8, was_run_at int8, was_started_at int8,
                was_finished_at int8, was_cancel_requested bool, was_wait_step text, was_wait_event_name text,
                was_wait_event_key text, was_wait_until int8, was_wait_since int8)
        ), locked AS MATERIALIZED (
            SELECT runs.id FROM input JOIN runs ON runs.id = input.id AND runs.status = 'running'
                AND (\(agreeing.map { "runs." + $0 }.joined(separator: ", ")))
                IS NOT DISTINCT FROM (\(agreeing.map { "input.was_" + $0 }.joined(separator: ", ")))
            ORDER BY runs.id
            FOR UPDATE OF runs
        ), main AS (
            UPDATE runs SET status = input.status, result = input.result, error = input.error,
                attempt = input.attempt, failures = input.failures, max_attempts = input.max_attempts,
                updated_at = input.updated_at, run_at = input.run_at,
                queued_at = CASE WHEN input.status = 'queued' THEN COALESCE(input.queued_at, runs.queued_at)
                    ELSE runs.queued_at END,
                started_at = input.started_at, finished_at = input.finished_at, lease_owner = input.lease_owner,
                lease_expires_at = input.lease_expires_at, cancel_requested = input.cancel_requested,
                current_step = input.current_step, wait_step = input.wait_step,
                wait_event_name = input.wait_event_name, wait_event_key = input.wait_event_key,
                wait_until = input.wait_until, wait_since = input.wait_since
            FROM input JOIN locked ON locked.id = input.id
            WHERE runs.id = input.id
            RETURNING \(RunStatements.columns(of: "runs")), input.position, input.outcome, input.attempt_error,
                input.ended_attempt, input.ended_at, input.entry_kind, input.message, input.signature
        ), ended_attempt AS (
            UPDATE attempts SET outcome = main.outcome, ended_at = main.ended_at,
                error = COALESCE(main.attempt_error, attempts.error),
                signature = COALESCE(main.signature, attempts.signature)
            FROM main
            WHERE attempts.run_id = main.id AND attempts.number = main.ended_attempt
        ), entry AS (
            INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, message)
            SELECT id, queue, job, ended_at, entry_kind, status, NULLIF(attempt, 0), message FROM main
            ORDER BY position
        )
        SELECT \(RunStatements.columns) FROM main
        """
    static let types: [PostgresDataType] = [.text]

    /// One end as the statement reads it: the run as the end writes it, the attempt's end and timeline entry,
    /// and (`was…`) the claimed copy's values the stored run must still have. Keys are the names in snake case.
    private struct Row: Encodable {
        let position: Int
        let id: RunID
        let status: String
        let result: String?
        let error: String?
        let attempt: Int
        let failures: Int
        let maxAttempts: Int
        let updatedAt: Millis
        let runAt: Millis?
        let queuedAt: Millis
        let startedAt: Millis?
        let finishedAt: Millis?
        let leaseOwner: String?
        let leaseExpiresAt: Millis?
        let cancelRequested: Bool
        let currentStep: String?
        let waitStep: String?
        let waitEventName: String?
        let waitEventKey: String?
        let waitUntil: Millis?
        let waitSince: Millis?
        let outcome: String
        let attemptError: String?
        let endedAttempt: Int
        let endedAt: Millis
        let entryKind: String
        let message: String
        let signature: String?
        let wasAttempt: Int
        let wasLeaseOwner: String?
        let wasResult: String?
        let wasError: String?
        let wasFailures: Int
        let wasMaxAttempts: Int
        let wasUpdatedAt: Millis
        let wasRunAt: Millis?
        let wasStartedAt: Millis?
        let wasFinishedAt: Millis?
        let wasCancelRequested: Bool
        let wasWaitStep: String?
        let wasWaitEventName: String?
        let wasWaitEventKey: String?
        let wasWaitUntil: Millis?
        let wasWaitSince: Millis?

        init(position: Int, end params: FinishAttemptParams, claimed was: RunRecord) throws {
            let change = try params.change(from: was)
            let run = change.run
            self.position = position
            id = run.id
            status = run.status.rawValue
            result = run.resultJSON
            error = try StoredJSON.encode(run.error)
            attempt = run.attempt
            failures = run.failures
            maxAttempts = run.maxAttempts
            updatedAt = run.updatedAt.millis
            runAt = run.runAt?.millis
            queuedAt = params.now.millis
            startedAt = run.startedAt?.millis
            finishedAt = run.finishedAt?.millis
            leaseOwner = run.leaseOwner
            leaseExpiresAt = run.leaseExpiresAt?.millis
            cancelRequested = run.cancelRequested
            currentStep = run.currentStep
            waitStep = run.wait?.step
            waitEventName = run.wait?.eventName
            waitEventKey = run.wait?.eventKey
            waitUntil = run.wait?.until?.millis
            waitSince = run.wait?.since.millis
            outcome = change.attemptOutcome.rawValue
            attemptError = try StoredJSON.encode(change.attemptError)
            endedAttempt = was.attempt
            endedAt = params.now.millis
            entryKind = change.timelineKind.rawValue
            message = change.message
            signature = change.attemptSignature
            wasAttempt = was.attempt
            wasLeaseOwner = was.leaseOwner
            wasResult = was.resultJSON
            wasError = try StoredJSON.encode(was.error)
            wasFailures = was.failures
            wasMaxAttempts = was.maxAttempts
            wasUpdatedAt = was.updatedAt.millis
            wasRunAt = was.runAt?.millis
            wasStartedAt = was.startedAt?.millis
            wasFinishedAt = was.finishedAt?.millis
            wasCancelRequested = was.cancelRequested
            wasWaitStep = was.wait?.step
            wasWaitEventName = was.wait?.eventName
            wasWaitEventKey = was.wait?.eventKey
            wasWaitUntil = was.wait?.until?.millis
            wasWaitSince = was.wait?.since.millis
        }
    }

    /// The statement's one parameter for `ends`, in their order; ends without a claimed copy are left out.
    static func rowsJSON(_ ends: [FinishAttemptParams]) throws -> String {
        let rows = try ends.enumerated().compactMap { position, end in
            try end.claimedCopy.map { try Row(position: position, end: end, claimed: $0) }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
