import Foundation
import JobStore
import PostgresNIO

/// The prepared statements that read, lock and write one run (see ``PreparedSQL``): every attempt of every
/// run passes through them.
enum RunStatements {
    /// Every column of `runs`, named (prepared statements never select `*`).
    static let columns = """
        id, job, queue, status, priority, payload, result, error, attempt, failures, max_attempts, retry_policy,
        idempotency_key, created_at, updated_at, run_at, queued_at, started_at, finished_at, lease_owner,
        lease_expires_at, cancel_requested, current_step, wait_step, wait_event_name, wait_event_key, wait_until,
        wait_since
        """

    /// ``columns``, each qualified with `table` (`runs.id, runs.job, …`), for statements that join other tables.
    static func columns(of table: String) -> String {
        columns.split(separator: ",").map { table + "." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: ", ")
    }

    /// Every mutable column of a run, from placeholders $2–$21 (see ``updateBindings(_:queuedAt:)``); $1 is the
    /// run's id. `queued_at` changes only when the run becomes queued: it is the claim order.
    static let assignments = """
        status = $2, result = $3, error = $4, attempt = $5, failures = $6, max_attempts = $7, updated_at = $8,
        run_at = $9, queued_at = CASE WHEN $2 = 'queued' THEN COALESCE($10, queued_at) ELSE queued_at END,
        started_at = $11, finished_at = $12, lease_owner = $13, lease_expires_at = $14, cancel_requested = $15,
        current_step = $16, wait_step = $17, wait_event_name = $18, wait_event_key = $19, wait_until = $20,
        wait_since = $21
        """

    /// The types of $1–$21.
    static let updateTypes: [PostgresDataType] = [
        .text, .text, .text, .text, .int8, .int8, .int8, .int8, .int8, .int8, .int8, .int8, .text, .int8, .bool,
        .text, .text, .text, .text, .int8, .int8,
    ]

    /// $1–$21 for `run`: its id, then ``assignments``' values.
    static func updateBindings(_ run: RunRecord, queuedAt: Date?) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 27)
        let wait = run.wait
        bindings.append(run.id)
        bindings.append(run.status.rawValue)
        bindings.append(run.resultJSON)
        bindings.append(try StoredJSON.encode(run.error))
        bindings.append(run.attempt)
        bindings.append(run.failures)
        bindings.append(run.maxAttempts)
        bindings.append(run.updatedAt.millis)
        bindings.append(run.runAt?.millis)
        bindings.append(queuedAt?.millis)
        bindings.append(run.startedAt?.millis)
        bindings.append(run.finishedAt?.millis)
        bindings.append(run.leaseOwner)
        bindings.append(run.leaseExpiresAt?.millis)
        bindings.append(run.cancelRequested)
        bindings.append(run.currentStep)
        bindings.append(wait?.step)
        bindings.append(wait?.eventName)
        bindings.append(wait?.eventKey)
        bindings.append(wait?.until?.millis)
        bindings.append(wait?.since.millis)
        return bindings
    }

    /// Reads a run ($1) and locks it for the rest of the transaction.
    enum Lock: PreparedSQL {
        static let sql = "SELECT \(columns) FROM runs WHERE id = $1 FOR UPDATE"
        static let types: [PostgresDataType] = [.text]
    }

    /// Writes every mutable column of a run (``assignments``); returns its id, so no row means no such run.
    enum Update: PreparedSQL {
        static let sql = "UPDATE runs SET \(assignments) WHERE id = $1 RETURNING id"
        static let types = updateTypes
    }

    /// ``Update`` at the end of an attempt, which in the same statement ends attempt $24 (outcome $22, error
    /// $23, failure signature $28, at $25) and appends the run's timeline entry (kind $26, message $27).
    enum Finish: PreparedSQL {
        static let sql = """
            WITH main AS (
                UPDATE runs SET \(assignments) WHERE id = $1 RETURNING id, queue, job, status, attempt
            ), ended_attempt AS (
                UPDATE attempts SET outcome = $22, ended_at = $25, error = COALESCE($23, error),
                    signature = COALESCE($28, signature)
                WHERE run_id = $1 AND number = $24
            ), entry AS (
                INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, message)
                SELECT id, queue, job, $25, $26, status, NULLIF(attempt, 0), $27 FROM main
            )
            SELECT id FROM main
            """
        static let types = updateTypes + [.text, .text, .int8, .int8, .text, .text, .text]
    }
}
