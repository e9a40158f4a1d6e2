import Foundation
import JobStore
import PostgresNIO

/// One result row, read by column name. Every decoding failure becomes a ``RowDecodingProblem``, which the
/// store reports as an incompatible database rather than a raw PostgresNIO error.
struct Row {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        cells = row.makeRandomAccess()
    }

    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard cells.contains(column) else { throw RowDecodingProblem(detail: "column \(column) is missing") }
        do {
            return try cells[column].decode(T.self)
        } catch {
            throw RowDecodingProblem(detail: "column \(column) does not hold a \(T.self)")
        }
    }

    func string(_ column: String) throws -> String { try value(column) }
    func optionalString(_ column: String) throws -> String? { try value(column) }
    func int(_ column: String) throws -> Int { try value(column) }
    func optionalInt(_ column: String) throws -> Int? { try value(column) }
    func int64(_ column: String) throws -> Int64 { try value(column) }
    func bool(_ column: String) throws -> Bool { try value(column) }
    func date(_ column: String) throws -> Date? { try (value(column) as Millis?).map(Date.init(millis:)) }
    func requiredDate(_ column: String) throws -> Date { Date(millis: try value(column) as Millis) }

    func enumValue<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let raw = try string(column)
        guard let value = T(rawValue: raw) else { throw RowDecodingProblem(detail: "column \(column) holds \(raw)") }
        return value
    }

    func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
        try StoredJSON.decode(type, optionalString(column), column: column)
    }

    /// The retry policy in `column`, or nil for NULL (see ``StoredJSON/decodeRetryPolicy(_:column:)``).
    func retryPolicy(_ column: String) throws -> RetryPolicy? {
        try StoredJSON.decodeRetryPolicy(optionalString(column), column: column)
    }
}

/// Reads records from rows selected with `*` (or `RETURNING *`), by column name.
enum Decode {
    static func run(_ row: Row) throws -> RunRecord {
        let id = try row.string("id")
        let wait = try row.optionalString("wait_step").map { step in
            WaitCondition(
                step: step, eventName: try row.optionalString("wait_event_name"),
                eventKey: try row.optionalString("wait_event_key"), until: try row.date("wait_until"),
                since: try row.requiredDate("wait_since"))
        }
        guard let policy = try row.retryPolicy("retry_policy") else {
            throw RowDecodingProblem(detail: "run \(id) has no retry policy")
        }
        return RunRecord(
            id: id, job: try row.string("job"), queue: try row.string("queue"),
            status: try row.enumValue(RunStatus.self, "status"), priority: try row.int("priority"),
            payloadJSON: try row.string("payload"), resultJSON: try row.optionalString("result"),
            error: try row.json(ErrorDetail.self, "error"), attempt: try row.int("attempt"),
            failures: try row.int("failures"), maxAttempts: try row.int("max_attempts"), retryPolicy: policy,
            idempotencyKey: try row.optionalString("idempotency_key"), createdAt: try row.requiredDate("created_at"),
            updatedAt: try row.requiredDate("updated_at"), runAt: try row.date("run_at"),
            startedAt: try row.date("started_at"), finishedAt: try row.date("finished_at"),
            leaseOwner: try row.optionalString("lease_owner"), leaseExpiresAt: try row.date("lease_expires_at"),
            cancelRequested: try row.bool("cancel_requested"), currentStep: try row.optionalString("current_step"),
            wait: wait)
    }

    static func step(_ row: Row) throws -> StepRecord {
        StepRecord(
            runId: try row.string("run_id"), name: try row.string("name"),
            kind: try row.enumValue(StepKind.self, "kind"), status: try row.enumValue(StepStatus.self, "status"),
            attempt: try row.int("attempt"), failures: try row.int("failures"),
            startedAt: try row.requiredDate("started_at"), endedAt: try row.date("ended_at"),
            resultJSON: try row.optionalString("result"), error: try row.json(ErrorDetail.self, "error"),
            eventName: try row.optionalString("event_name"), eventKey: try row.optionalString("event_key"),
            until: try row.date("until_at"))
    }

    static func attempt(_ row: Row) throws -> AttemptRecord {
        AttemptRecord(
            runId: try row.string("run_id"), number: try row.int("number"), workerId: try row.string("worker_id"),
            startedAt: try row.requiredDate("started_at"), endedAt: try row.date("ended_at"),
            outcome: try row.enumValue(AttemptOutcome.self, "outcome"), error: try row.json(ErrorDetail.self, "error"))
    }

    static func log(_ row: Row) throws -> LogRecord {
        LogRecord(
            id: try row.int64("id"), runId: try row.string("run_id"), attempt: try row.int("attempt"),
            step: try row.optionalString("step"), level: try row.enumValue(LogLevel.self, "level"),
            message: try row.string("message"), at: try row.requiredDate("at"))
    }

    static func timeline(_ row: Row) throws -> TimelineEntry {
        TimelineEntry(
            sequence: try row.int64("seq"), runId: try row.string("run_id"), queue: try row.string("queue"),
            job: try row.string("job"), at: try row.requiredDate("at"),
            kind: try row.enumValue(TimelineKind.self, "kind"), status: try row.enumValue(RunStatus.self, "status"),
            attempt: try row.optionalInt("attempt"), step: try row.optionalString("step"),
            message: try row.string("message"))
    }

    static func queue(_ row: Row) throws -> QueueRecord {
        QueueRecord(
            name: try row.string("name"), concurrencyLimit: try row.optionalInt("concurrency_limit"),
            paused: try row.bool("paused"), retryPolicy: try row.retryPolicy("retry_policy"),
            retention: try row.json(RetentionPolicy.self, "retention"), updatedAt: try row.requiredDate("updated_at"))
    }

    static func worker(_ row: Row) throws -> WorkerRecord {
        WorkerRecord(
            id: try row.string("id"), host: try row.string("host"), pid: try row.int("pid"),
            queues: try row.json([String].self, "queues") ?? [], jobs: try row.json([String].self, "jobs") ?? [],
            concurrency: try row.int("concurrency"), startedAt: try row.requiredDate("started_at"),
            heartbeatAt: try row.requiredDate("heartbeat_at"))
    }

    static func event(_ row: Row) throws -> EventRecord {
        EventRecord(
            id: try row.int64("id"), name: try row.string("name"), key: try row.string("key"),
            payloadJSON: try row.string("payload"), receivedAt: try row.requiredDate("received_at"),
            expiresAt: try row.requiredDate("expires_at"),
            consumedBy: row.cells.contains("consumed_by") ? try row.value("consumed_by", as: [String].self) : [])
    }

    static func state(_ row: Row) throws -> StateEntry {
        StateEntry(
            key: try row.string("key"), valueJSON: try row.string("value"), version: try row.int64("version"),
            updatedAt: try row.requiredDate("updated_at"), expiresAt: try row.date("expires_at"))
    }

    static func lock(_ row: Row) throws -> LockRecord {
        LockRecord(
            key: try row.string("key"), owner: try row.string("owner"), acquiredAt: try row.requiredDate("acquired_at"),
            expiresAt: try row.requiredDate("expires_at"))
    }

    static func audit(_ row: Row) throws -> AuditEntry {
        AuditEntry(
            id: try row.int64("id"), at: try row.requiredDate("at"), actor: try row.string("actor"),
            channel: try row.string("channel"), action: try row.string("action"), target: try row.string("target"),
            runId: try row.optionalString("run_id"), detail: try row.string("detail"),
            outcome: try row.string("outcome"))
    }

    static func schedule(_ row: Row) throws -> ScheduleRecord {
        ScheduleRecord(
            name: try row.string("name"), cron: try row.string("cron"), timeZone: try row.string("time_zone"),
            job: try row.string("job"), payloadJSON: try row.string("payload"), queue: try row.string("queue"),
            nextFireAt: try row.requiredDate("next_fire_at"), lastFireAt: try row.date("last_fire_at"),
            lastRunId: try row.optionalString("last_run_id"), updatedAt: try row.requiredDate("updated_at"))
    }
}
