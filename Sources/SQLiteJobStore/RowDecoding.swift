import Foundation
import GRDB
import JobStore

/// Decodes rows straight from their statement.
///
/// GRDB's `Row.fetchAll` and `fetchOne` copy each row, and a copied row lowercases every column name on every
/// lookup by name: with two dozen columns per run that was the largest single cost of reading runs (profiled
/// at a million runs, and in the engine's hot path). A cursor's rows look columns up in a table built once
/// per statement.
enum Fetch {
    /// Every row, decoded.
    static func all<T>(
        _ statement: Statement, arguments: StatementArguments = [], _ decode: (Row) throws -> T
    ) throws -> [T] {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var values: [T] = []
        while let row = try rows.next() { values.append(try decode(row)) }
        return values
    }

    /// The first row, decoded; nil when there is none. The statement runs to its end (for `RETURNING`).
    static func one<T>(
        _ statement: Statement, arguments: StatementArguments = [], _ decode: (Row) throws -> T
    ) throws -> T? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        guard let row = try rows.next() else { return nil }
        let value = try decode(row)
        while try rows.next() != nil {}
        return value
    }
}

/// Reads records from rows selected with `*` (or `RETURNING *`), by column name.
enum Decode {
    static func date(_ row: Row, _ column: String) -> Date? {
        (row[column] as Millis?).map(Date.init(millis:))
    }

    static func requiredDate(_ row: Row, _ column: String) -> Date {
        Date(millis: row[column] ?? 0)
    }

    static func enumValue<T: RawRepresentable>(_ type: T.Type, _ row: Row, _ column: String) throws -> T
    where T.RawValue == String {
        try enumValue(type, row[column] ?? "", column: column)
    }

    /// The case `raw` names, read from `column`.
    static func enumValue<T: RawRepresentable>(_ type: T.Type, _ raw: String, column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw RowDecodingProblem(detail: "column \(column) holds \(raw)")
        }
        return value
    }

    static func run(_ row: Row) throws -> RunRecord {
        let id: String = row["id"]
        let waitStep: String? = row["wait_step"]
        let wait = waitStep.map { step in
            WaitCondition(
                step: step, eventName: row["wait_event_name"], eventKey: row["wait_event_key"],
                until: date(row, "wait_until"), since: requiredDate(row, "wait_since"))
        }
        guard let policy = try StoredJSON.decodeRetryPolicy(row["retry_policy"], column: "retry_policy")
        else { throw RowDecodingProblem(detail: "run \(id) has no retry policy") }
        return RunRecord(
            id: id, job: row["job"], queue: row["queue"], status: try enumValue(RunStatus.self, row, "status"),
            priority: row["priority"], payloadJSON: row["payload"], resultJSON: row["result"],
            error: try StoredJSON.decode(ErrorDetail.self, row["error"], column: "error"),
            attempt: row["attempt"], failures: row["failures"], maxAttempts: row["max_attempts"], retryPolicy: policy,
            idempotencyKey: row["idempotency_key"], createdAt: requiredDate(row, "created_at"),
            updatedAt: requiredDate(row, "updated_at"), runAt: date(row, "run_at"),
            startedAt: date(row, "started_at"), finishedAt: date(row, "finished_at"),
            leaseOwner: row["lease_owner"], leaseExpiresAt: date(row, "lease_expires_at"),
            cancelRequested: row["cancel_requested"], currentStep: row["current_step"], wait: wait)
    }

    static func step(_ row: Row) throws -> StepRecord {
        StepRecord(
            runId: row["run_id"], name: row["name"], kind: try enumValue(StepKind.self, row, "kind"),
            status: try enumValue(StepStatus.self, row, "status"), attempt: row["attempt"],
            failures: row["failures"], startedAt: requiredDate(row, "started_at"),
            endedAt: date(row, "ended_at"), resultJSON: row["result"],
            error: try StoredJSON.decode(ErrorDetail.self, row["error"], column: "error"),
            eventName: row["event_name"], eventKey: row["event_key"], until: date(row, "until_at"))
    }

    static func attempt(_ row: Row) throws -> AttemptRecord {
        AttemptRecord(
            runId: row["run_id"], number: row["number"], workerId: row["worker_id"],
            startedAt: requiredDate(row, "started_at"), endedAt: date(row, "ended_at"),
            outcome: try enumValue(AttemptOutcome.self, row, "outcome"),
            error: try StoredJSON.decode(ErrorDetail.self, row["error"], column: "error"))
    }

    static func log(_ row: Row) throws -> LogRecord {
        LogRecord(
            id: row["id"], runId: row["run_id"], attempt: row["attempt"], step: row["step"],
            level: try enumValue(LogLevel.self, row, "level"), message: row["message"],
            at: requiredDate(row, "at"))
    }

    static func timeline(_ row: Row) throws -> TimelineEntry {
        TimelineEntry(
            sequence: row["seq"], runId: row["run_id"], queue: row["queue"], job: row["job"],
            at: requiredDate(row, "at"),
            kind: try enumValue(TimelineKind.self, row, "kind"), status: try enumValue(RunStatus.self, row, "status"),
            attempt: row["attempt"], step: row["step"], message: row["message"])
    }

    static func queue(_ row: Row) throws -> QueueRecord {
        QueueRecord(
            name: row["name"], concurrencyLimit: row["concurrency_limit"], paused: row["paused"],
            retryPolicy: try StoredJSON.decodeRetryPolicy(row["retry_policy"], column: "retry_policy"),
            retention: try StoredJSON.decode(RetentionPolicy.self, row["retention"], column: "retention"),
            updatedAt: requiredDate(row, "updated_at"))
    }

    static func worker(_ row: Row) throws -> WorkerRecord {
        WorkerRecord(
            id: row["id"], host: row["host"], pid: row["pid"],
            queues: try StoredJSON.decode([String].self, row["queues"], column: "queues") ?? [],
            jobs: try StoredJSON.decode([String].self, row["jobs"], column: "jobs") ?? [],
            concurrency: row["concurrency"], startedAt: requiredDate(row, "started_at"),
            heartbeatAt: requiredDate(row, "heartbeat_at"))
    }

    static func event(_ row: Row) throws -> EventRecord {
        EventRecord(
            id: row["id"], name: row["name"], key: row["key"], payloadJSON: row["payload"],
            receivedAt: requiredDate(row, "received_at"), expiresAt: requiredDate(row, "expires_at"),
            consumedBy: try StoredJSON.decode([String].self, row["consumed_by"], column: "consumed_by") ?? [])
    }

    static func state(_ row: Row) -> StateEntry {
        StateEntry(
            key: row["key"], valueJSON: row["value"], version: row["version"],
            updatedAt: requiredDate(row, "updated_at"), expiresAt: date(row, "expires_at"))
    }

    static func lock(_ row: Row) -> LockRecord {
        LockRecord(
            key: row["key"], owner: row["owner"], acquiredAt: requiredDate(row, "acquired_at"),
            expiresAt: requiredDate(row, "expires_at"))
    }

    static func audit(_ row: Row) -> AuditEntry {
        AuditEntry(
            id: row["id"], at: requiredDate(row, "at"), actor: row["actor"], channel: row["channel"],
            action: row["action"], target: row["target"], runId: row["run_id"], detail: row["detail"],
            outcome: row["outcome"])
    }

    static func schedule(_ row: Row) -> ScheduleRecord {
        ScheduleRecord(
            name: row["name"], cron: row["cron"], timeZone: row["time_zone"], job: row["job"],
            payloadJSON: row["payload"], queue: row["queue"], nextFireAt: requiredDate(row, "next_fire_at"),
            lastFireAt: date(row, "last_fire_at"), lastRunId: row["last_run_id"],
            updatedAt: requiredDate(row, "updated_at"))
    }
}
