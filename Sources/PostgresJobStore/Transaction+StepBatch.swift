import Foundation
import JobStore
import PostgresNIO

extension Transaction {
    /// Saves several runs' steps in one statement (``SaveStepsStatement``), each exactly as
    /// ``saveStep(_:)`` would: the runs whose lease still holds are locked, their steps upserted and their
    /// timeline entries appended in the order given. A run absent from the answer lost its lease.
    ///
    /// - Parameter saves: At most one save per run; the statement may upsert a step row only once.
    func saveSteps(_ saves: [SaveStepParams]) async throws -> [RunID: SaveStepResult] {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(try SaveStepsStatement.rowsJSON(saves))
        var results: [RunID: SaveStepResult] = [:]
        for row in try await rows(SaveStepsStatement.self, bindings) {
            let step = try Decode.step(row)
            results[step.runId] = SaveStepResult(step: step, cancelRequested: try row.bool("cancel_requested"))
        }
        return results
    }
}

/// What every step save of every run executes, one save or a batch of them: lock each run whose lease still
/// holds (run, attempt, worker), upsert its step (``SaveStepParams/saving(over:)`` in SQL, through
/// ``SaveStepParams/upsertConflictSQL``, which SQLite's step save shares) and append its timeline entry, whose
/// message names the failure count between its head and tail when the save is a failure. The saves arrive as
/// one JSON array of objects (columns may be null, which PostgreSQL's array parameters cannot carry), in the
/// order their timeline entries take.
///
/// Runs are locked in id order, so two batches naming the same runs cannot deadlock.
enum SaveStepsStatement: PreparedSQL {
    static let sql = """
        WITH input AS (
            SELECT * FROM json_to_recordset($1::json) AS i (
                position int8, run_id text, attempt int8, worker text, name text, status text, failures int8,
                started_at int8, saved_at int8, result text, error text, entry_kind text, head text, tail text)
        ), run AS (
            SELECT runs.id, runs.queue, runs.job, runs.status AS run_status, runs.cancel_requested, input.*
            FROM input JOIN runs ON runs.id = input.run_id AND runs.status = 'running'
                AND runs.attempt = input.attempt AND runs.lease_owner = input.worker
            ORDER BY runs.id
            FOR UPDATE OF runs
        ), step AS (
            INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error)
            SELECT id, name, 'run', status, attempt, failures, started_at, saved_at, result, error FROM run
            ORDER BY position
            \(SaveStepParams.upsertConflictSQL)
            RETURNING run_id, name, kind, status, attempt, failures, started_at, ended_at, result, error, event_name,
                event_key, until_at
        ), entry AS (
            INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, step, message)
            SELECT run.id, run.queue, run.job, run.saved_at, run.entry_kind, run.run_status, run.attempt, step.name,
                CASE WHEN run.tail IS NULL THEN run.head ELSE run.head || step.failures || run.tail END
            FROM run JOIN step ON step.run_id = run.id
            ORDER BY run.position
        )
        SELECT step.*, run.cancel_requested FROM step JOIN run ON step.run_id = run.id
        """
    static let types: [PostgresDataType] = [.text]

    /// One save as the statement reads it, by name.
    private struct Row: Encodable {
        let position: Int
        let runId: String
        let attempt: Int
        let worker: String
        let name: String
        let status: String
        let failures: Int
        let startedAt: Millis
        let savedAt: Millis
        let result: String?
        let error: String?
        let entryKind: String
        let head: String
        let tail: String?

        enum CodingKeys: String, CodingKey {
            case position, attempt, worker, name, status, failures, result, error, head, tail
            case runId = "run_id"
            case startedAt = "started_at"
            case savedAt = "saved_at"
            case entryKind = "entry_kind"
        }
    }

    /// The statement's one parameter for `saves`, in their order.
    static func rowsJSON(_ saves: [SaveStepParams]) throws -> String {
        let rows = try saves.enumerated().map { position, save in
            let message = save.message
            return Row(
                position: position, runId: save.lease.runId, attempt: save.lease.attempt,
                worker: save.lease.workerId, name: save.name, status: save.status.rawValue,
                failures: save.failuresAdded, startedAt: save.startedAt.millis, savedAt: save.now.millis,
                result: save.storedResultJSON, error: try StoredJSON.encode(save.error),
                entryKind: save.timelineKind.rawValue, head: message.head, tail: message.tail)
        }
        return try StoredJSON.encode(rows)
    }
}
