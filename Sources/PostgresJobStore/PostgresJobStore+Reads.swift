import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// One run with its attempts, steps, latest logs and timeline, read from one snapshot.
    public func runDetail(_ params: RunDetailParams) async throws -> RunDetail? {
        try await read { tx in
            guard let run = try await tx.run(params.runId, forUpdate: false) else { return nil }
            let attempts = try await tx.rows("SELECT * FROM attempts WHERE run_id = \(run.id) ORDER BY number")
                .map(Decode.attempt)
            let logs = try await tx.rows(
                """
                SELECT * FROM (SELECT * FROM logs WHERE run_id = \(run.id) ORDER BY id DESC
                    LIMIT \(max(0, params.logLimit))) AS latest
                ORDER BY id
                """
            ).map(Decode.log)
            let timeline = try await tx.rows("SELECT * FROM timeline WHERE run_id = \(run.id) ORDER BY seq")
                .map(Decode.timeline)
            return RunDetail(
                run: run, attempts: attempts, steps: try await tx.steps(runId: run.id), logs: logs, timeline: timeline)
        }
    }

    /// Runs matching the filter, newest first (ids sort by creation time).
    public func listRuns(_ params: RunQuery) async throws -> [RunRecord] {
        try params.validate()
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            var query = QueryBuilder("SELECT * FROM runs WHERE true")
            if !params.statuses.isEmpty {
                query.append(" AND status = ANY(" + query.bind(params.statusNames) + ")")
            }
            if let job = params.job { query.append(" AND job = " + query.bind(job)) }
            if let queue = params.queue { query.append(" AND queue = " + query.bind(queue)) }
            if let searchPattern = params.searchPattern {
                // The fields of RunSearch.fields, in its order; ILIKE: case-insensitive like SQLite's LIKE.
                let pattern = query.bind(searchPattern)
                let columns = [
                    "id", "job", "queue", "status", "idempotency_key", "current_step", "wait_step", "wait_event_name",
                    "wait_event_key", "(error::json ->> 'type') || ': ' || (error::json ->> 'message')",
                    "(error::json ->> 'location')",
                ]
                let matches = columns.map { "\($0) ILIKE \(pattern) ESCAPE '\\'" }
                query.append(" AND (" + matches.joined(separator: " OR ") + ")")
            }
            if let failure = params.failure {
                query.append(
                    " AND id IN (SELECT run_id FROM attempts WHERE signature IS NOT NULL AND ended_at >= "
                        + query.bind(failure.since.millis) + " AND signature = " + query.bind(failure.signature) + ")")
            }
            if let beforeId = params.beforeId { query.append(" AND id < " + query.bind(beforeId)) }
            query.append(" ORDER BY id DESC LIMIT " + query.bind(params.limit))
            return try await tx.rows(query.query).map(Decode.run)
        }
    }

    /// Runs matching the filter counted by job, queue and status, in one grouped query over the
    /// `runs_counts` index; sorted by queue, job, then status in lifecycle order.
    public func countRuns(_ params: RunCountParams) async throws -> [RunCount] {
        try params.validate()
        return try await read { tx in
            var query = QueryBuilder("SELECT job, queue, status, count(*) AS count FROM runs WHERE true")
            if !params.statuses.isEmpty {
                query.append(" AND status = ANY(" + query.bind(params.statusNames) + ")")
            }
            if let job = params.job { query.append(" AND job = " + query.bind(job)) }
            if let queue = params.queue { query.append(" AND queue = " + query.bind(queue)) }
            query.append(" GROUP BY job, queue, status")
            let counts = try await tx.rows(query.query).map { row in
                RunCount(
                    job: try row.string("job"), queue: try row.string("queue"),
                    status: try row.enumValue(RunStatus.self, "status"), count: try row.int("count"))
            }
            return RunCount.inReportOrder(counts)
        }
    }

    /// Every queue with its settings, its non-terminal runs by status, the terminal runs finished since the
    /// given time, and its oldest queued time, from one snapshot.
    public func queueSummaries(_ params: QueueSummaryParams) async throws -> [QueueSummary] {
        try await read { tx in
            let queues = try await tx.rows("SELECT * FROM queues").map(Decode.queue)
            let counts = try await tx.rows(
                """
                SELECT queue, status, count(*) AS count, MIN(queued_at) AS oldest FROM runs
                WHERE status IN ('scheduled', 'queued', 'running', 'waiting') GROUP BY queue, status
                UNION ALL
                SELECT queue, status, count(*) AS count, NULL AS oldest FROM runs
                WHERE status IN ('completed', 'failed', 'canceled') AND finished_at >= \(params.finishedSince.millis)
                GROUP BY queue, status
                """
            ).map { row in
                QueueStatusCount(
                    queue: try row.string("queue"), status: try row.enumValue(RunStatus.self, "status"),
                    count: try row.int("count"), oldestQueuedAt: try row.date("oldest"))
            }
            return QueueSummary.summaries(queues: queues, counts: counts)
        }
    }

    /// Timeline entries after a sequence number, oldest first: the change feed. Numbers are drawn in commit
    /// order (see `Transaction.finish()`), so a consumer that saw entry n never misses a smaller one later.
    public func changes(_ params: ChangesParams) async throws -> [TimelineEntry] {
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            try await tx.rows("SELECT * FROM timeline WHERE seq > \(params.after) ORDER BY seq LIMIT \(params.limit)")
                .map(Decode.timeline)
        }
    }

    /// The highest timeline sequence number, 0 when the timeline is empty.
    public func latestSequence() async throws -> Int64 {
        try await read { tx in
            try await tx.first("SELECT COALESCE(MAX(seq), 0) AS latest FROM timeline")?.int64("latest") ?? 0
        }
    }

    /// The counts the change triggers draw from their sequences (see ``ChangeCounters``), a sequence never
    /// drawn from counting 0, and the runs pruned, counted by each prune in its transaction.
    public func changeCounters() async throws -> ChangeCounters {
        try await read { tx in
            let row = try await tx.first(
                """
                SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM queue_changes) AS queues,
                       (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM state_changes) AS state,
                       COALESCE((SELECT value FROM change_counters WHERE topic = 'pruned'), 0) AS pruned
                """)
            return ChangeCounters(
                queues: try row?.int64("queues") ?? 0, state: try row?.int64("state") ?? 0,
                pruned: try row?.int64("pruned") ?? 0)
        }
    }
}
