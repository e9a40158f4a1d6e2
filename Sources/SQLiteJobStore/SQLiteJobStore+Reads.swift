import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// One run with its attempts, steps, latest logs and timeline, read from one snapshot.
    public func runDetail(_ params: RunDetailParams) async throws -> RunDetail? {
        try await read { tx in
            guard let run = try tx.run(params.runId) else { return nil }
            let db = tx.db
            let attempts = try Fetch.all(
                db.cachedStatement(sql: "SELECT * FROM attempts WHERE run_id = ? ORDER BY number"),
                arguments: [run.id], Decode.attempt
            )
            let logs = try Fetch.all(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM (SELECT * FROM logs WHERE run_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id
                        """),
                arguments: [run.id, max(0, params.logLimit)], Decode.log
            )
            let timeline = try Fetch.all(
                db.cachedStatement(sql: "SELECT * FROM timeline WHERE run_id = ? ORDER BY seq"), arguments: [run.id],
                Decode.timeline
            )
            return RunDetail(
                run: run, attempts: attempts, steps: try tx.steps(runId: run.id), logs: logs, timeline: timeline)
        }
    }

    /// Runs matching the filter, newest first (ids sort by creation time).
    public func listRuns(_ params: RunQuery) async throws -> [RunRecord] {
        try params.validate()
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            // Numbered placeholders, so one bound value can appear in several conditions.
            func bind(_ value: (any DatabaseValueConvertible)?) -> String {
                arguments.append(value)
                return "?\(arguments.count)"
            }
            if params.statuses.count == 1, let status = params.statuses.first {
                // One status walks the (status, id) index in order: no sort, however many rows match.
                conditions.append("status = \(bind(status.rawValue))")
            } else if !params.statuses.isEmpty {
                let statuses = try StoredJSON.encode(params.statusNames)
                conditions.append("status IN (SELECT value FROM json_each(\(bind(statuses))))")
            }
            if let job = params.job { conditions.append("job = \(bind(job))") }
            if let queue = params.queue { conditions.append("queue = \(bind(queue))") }
            if let searchPattern = params.searchPattern {
                // The fields of RunSearch.fields, in its order; LIKE is case-insensitive for ASCII, as it is.
                let pattern = bind(searchPattern)
                let columns = [
                    "id", "job", "queue", "status", "idempotency_key", "current_step", "wait_step", "wait_event_name",
                    "wait_event_key", "json_extract(error, '$.type') || ': ' || json_extract(error, '$.message')",
                    "json_extract(error, '$.location')",
                ]
                let matches = columns.map { "\($0) LIKE \(pattern) ESCAPE '\\'" }
                conditions.append("(" + matches.joined(separator: " OR ") + ")")
            }
            if let failure = params.failure {
                conditions.append(
                    "id IN (SELECT run_id FROM attempts INDEXED BY attempts_failures WHERE ended_at >= "
                        + "\(bind(failure.since.millis)) AND signature = \(bind(failure.signature)))")
            }
            if let beforeId = params.beforeId { conditions.append("id < \(bind(beforeId))") }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = "SELECT * FROM runs \(filter) ORDER BY id DESC LIMIT \(bind(params.limit))"
            return try Fetch.all(tx.db.cachedStatement(sql: sql), arguments: StatementArguments(arguments), Decode.run)
        }
    }

    /// Runs matching the filter counted by job, queue and status, in one grouped query over the
    /// `runs_counts` index; sorted by queue, job, then status in lifecycle order.
    public func countRuns(_ params: RunCountParams) async throws -> [RunCount] {
        try params.validate()
        return try await read { tx in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !params.statuses.isEmpty {
                conditions.append("status IN (SELECT value FROM json_each(?))")
                arguments += [try StoredJSON.encode(params.statusNames)]
            }
            if let job = params.job {
                conditions.append("job = ?")
                arguments += [job]
            }
            if let queue = params.queue {
                conditions.append("queue = ?")
                arguments += [queue]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = "SELECT job, queue, status, COUNT(*) AS count FROM runs \(filter) GROUP BY job, queue, status"
            let counts = try Row.fetchAll(tx.db.cachedStatement(sql: sql), arguments: arguments).map { row in
                RunCount(
                    job: row["job"], queue: row["queue"], status: try Decode.enumValue(RunStatus.self, row, "status"),
                    count: row["count"])
            }
            return RunCount.inReportOrder(counts)
        }
    }

    /// Every queue with its settings, its non-terminal runs by status, the terminal runs finished since the
    /// given time, and its oldest queued time, from two grouped queries.
    public func queueSummaries(_ params: QueueSummaryParams) async throws -> [QueueSummary] {
        try await read { tx in
            let db = tx.db
            let queues = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM queues")).map(Decode.queue)
            // Both halves are range scans of the runs_summary index, with no table reads.
            let counts = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT queue, status, COUNT(*) AS count, MIN(queued_at) AS oldest FROM runs
                        WHERE status IN ('scheduled', 'queued', 'running', 'waiting') GROUP BY queue, status
                        UNION ALL
                        SELECT queue, status, COUNT(*) AS count, NULL AS oldest FROM runs
                        WHERE status IN ('completed', 'failed', 'canceled') AND finished_at >= ?
                        GROUP BY queue, status
                        """),
                arguments: [params.finishedSince.millis]
            ).map { row in
                QueueStatusCount(
                    queue: row["queue"], status: try Decode.enumValue(RunStatus.self, row, "status"),
                    count: row["count"], oldestQueuedAt: Decode.date(row, "oldest"))
            }
            return QueueSummary.summaries(queues: queues, counts: counts)
        }
    }

    /// Timeline entries after a sequence number, oldest first: the change feed.
    public func changes(_ params: ChangesParams) async throws -> [TimelineEntry] {
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            try Fetch.all(
                tx.db.cachedStatement(sql: "SELECT * FROM timeline WHERE seq > ? ORDER BY seq LIMIT ?"),
                arguments: [params.after, params.limit], Decode.timeline
            )
        }
    }

    /// The highest timeline sequence number, 0 when the timeline is empty.
    public func latestSequence() async throws -> Int64 {
        try await read { tx in
            try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM timeline")) ?? 0
        }
    }

    /// The counts the `change_counters` triggers keep (see ``ChangeCounters``).
    public func changeCounters() async throws -> ChangeCounters {
        try await read { tx in
            let rows = try Row.fetchAll(tx.db.cachedStatement(sql: "SELECT topic, value FROM change_counters"))
            var counts: [String: Int64] = [:]
            for row in rows { counts[row["topic"]] = row["value"] }
            return ChangeCounters(
                queues: counts["queues"] ?? 0, state: counts["state"] ?? 0, pruned: counts["pruned"] ?? 0)
        }
    }
}
