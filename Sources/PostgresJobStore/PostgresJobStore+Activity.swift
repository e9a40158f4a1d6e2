import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Runs started, completed, failed, retried and canceled per bucket, job and queue (see
    /// ``JobStore/runActivity(_:)``): one grouped range scan of `run_activity`'s primary key, which the
    /// trigger of migration 6 keeps per minute.
    public func runActivity(_ params: RunActivityQuery) async throws -> [ActivityBucket] {
        try params.validate()
        let bindings = {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(params.firstMinute)
            bindings.append(Int64(params.bucketMinutes))
            bindings.append(params.queue)
            return bindings
        }()
        return try await readStatement { tx in
            try await tx.rows(ActivitySQL.ReadActivity.self, bindings).map { row in
                ActivityBucket(
                    start: params.bucketStart(minute: try row.int64("bucket")), job: try row.string("job"),
                    queue: try row.string("queue"), started: try row.int("started"),
                    completed: try row.int("completed"), failed: try row.int("failed"),
                    retried: try row.int("retried"), canceled: try row.int("canceled"),
                    latency: try LatencyHistogram(counts: ActivityColumns.latency.map { try row.int($0) }))
            }
        }
    }
}

/// The SQL of the per-minute run activity (see ``ActivityBucket``): the table, the trigger that counts every
/// status change into it in the transaction of the change, the backfill of migration 6, and the read.
///
/// The latency buckets are rendered from ``LatencyHistogram/upperBoundsMillis``. The trigger function is
/// written once, by migration 6: changing the bounds needs a migration that replaces it (and the columns).
enum ActivitySQL {
    /// `value / divisor` rounded down (integer division rounds toward zero), for a positive divisor. Both are
    /// evaluated twice: give simple expressions.
    static func floorDivision(_ value: String, by divisor: String) -> String {
        "(\(value) / \(divisor) - (\(value) % \(divisor) < 0)::int)"
    }

    /// The minute since 1970 (rounded down) of a time in milliseconds.
    static func minute(_ millis: String) -> String {
        floorDivision(millis, by: "60000")
    }

    /// `SET` assignments that add the inserted row's counts in `columns` to the row already there.
    static func additions(_ columns: [String]) -> String {
        columns.map { "\($0) = a.\($0) + excluded.\($0)" }.joined(separator: ", ")
    }

    /// How many rows per minute, job and queue the connections spread their counts over.
    static let slots = 16

    /// Migration 6: the table, the trigger function and its triggers, and the counts of the runs already in the
    /// schema.
    static let migration: [String] = [
        """
        CREATE TABLE run_activity (
            minute bigint NOT NULL,
            job text COLLATE "C" NOT NULL,
            queue text COLLATE "C" NOT NULL,
            started bigint NOT NULL DEFAULT 0,
            completed bigint NOT NULL DEFAULT 0,
            failed bigint NOT NULL DEFAULT 0,
            retried bigint NOT NULL DEFAULT 0,
            canceled bigint NOT NULL DEFAULT 0,
            \(ActivityColumns.latency.map { "\($0) bigint NOT NULL DEFAULT 0," }.joined(separator: "\n    "))
            -- Which of \(slots) rows of the minute a connection adds to: with one row, every transaction that starts
            -- or ends a run of a job waits for the last one to commit (enqueueing from 16 connections ran at half
            -- speed). The read sums the slots.
            slot smallint NOT NULL DEFAULT 0,
            PRIMARY KEY (minute, job, queue, slot)
        )
        """,
        // A run counts as started in the minute it was created; as completed, failed or canceled in the minute
        // it ended (a completion with its start→end time in its latency bucket, worked out once); as retried
        // when a try failed with a retry scheduled or crashed and was recovered (its failure count grows). A
        // worker releasing a run unfinished (running → queued, no failure) is not counted. Only a bulk insert
        // writes a run that has already ended: its end counts too.
        """
        CREATE FUNCTION stackshift_count_run_activity() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $f$
        DECLARE
            ended bigint;
            took bigint;
            bucket int;
            counter_slot smallint := pg_backend_pid() % \(slots);
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO run_activity AS a (minute, job, queue, slot, started)
                VALUES (\(minute("NEW.created_at")), NEW.job, NEW.queue, counter_slot, 1)
                ON CONFLICT (minute, job, queue, slot) DO UPDATE SET started = a.started + 1;
            ELSIF OLD.status = 'running' AND NEW.status IN ('scheduled', 'queued') THEN
                IF NEW.failures > OLD.failures THEN
                    INSERT INTO run_activity AS a (minute, job, queue, slot, retried)
                    VALUES (\(minute("NEW.updated_at")), NEW.job, NEW.queue, counter_slot, 1)
                    ON CONFLICT (minute, job, queue, slot) DO UPDATE SET retried = a.retried + 1;
                END IF;
                RETURN NULL;
            END IF;
            IF NEW.status NOT IN ('completed', 'failed', 'canceled')
                OR (TG_OP = 'UPDATE' AND OLD.status = NEW.status) THEN
                RETURN NULL;
            END IF;
            ended := COALESCE(NEW.finished_at, NEW.updated_at);
            took := ended - NEW.created_at;
            bucket := CASE WHEN NEW.status = 'completed' THEN \(ActivityColumns.latencyBucket("took")) ELSE -1 END;
            INSERT INTO run_activity AS a (minute, job, queue, slot, \(ActivityColumns.ends.joined(separator: ", ")))
            VALUES (
                \(minute("ended")), NEW.job, NEW.queue, counter_slot, (NEW.status = 'completed')::int,
                (NEW.status = 'failed')::int, (NEW.status = 'canceled')::int,
                \(ActivityColumns.latency.indices.map { "(bucket = \($0))::int" }.joined(separator: ", "))
            )
            ON CONFLICT (minute, job, queue, slot) DO UPDATE SET \(additions(ActivityColumns.ends));
            RETURN NULL;
        END $f$
        """,
        """
        CREATE TRIGGER run_activity_started AFTER INSERT ON runs
        FOR EACH ROW EXECUTE FUNCTION stackshift_count_run_activity()
        """,
        // Filtered here, so the many updates that change no status (steps, heartbeats) never call the function.
        """
        CREATE TRIGGER run_activity_changed AFTER UPDATE OF status ON runs
        FOR EACH ROW WHEN (
            OLD.status IS DISTINCT FROM NEW.status AND (
                NEW.status IN ('completed', 'failed', 'canceled')
                OR (OLD.status = 'running' AND NEW.status IN ('scheduled', 'queued') AND NEW.failures > OLD.failures)
            )
        )
        EXECUTE FUNCTION stackshift_count_run_activity()
        """,
        // The history already in the schema. Retries cannot be told apart afterwards: they start at 0.
        """
        INSERT INTO run_activity (minute, job, queue, started)
        SELECT \(minute("created_at")) AS created_minute, job, queue, count(*) FROM runs
        GROUP BY created_minute, job, queue
        """,
        """
        INSERT INTO run_activity AS a (minute, job, queue, \(ActivityColumns.ends.joined(separator: ", ")))
        SELECT ended_minute, job, queue, count(*) FILTER (WHERE status = 'completed'),
            count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'canceled'),
            \(ActivityColumns.latency.indices.map { "count(*) FILTER (WHERE bucket = \($0))" }.joined(separator: ", "))
        FROM (
            SELECT \(minute("ended")) AS ended_minute, job, queue, status,
                CASE WHEN status = 'completed' THEN \(ActivityColumns.latencyBucket("ended - created_at")) ELSE -1 END AS bucket
            FROM (
                SELECT COALESCE(finished_at, updated_at) AS ended, created_at, job, queue, status FROM runs
                WHERE status IN ('completed', 'failed', 'canceled')
            ) ended_runs
        ) counted
        GROUP BY ended_minute, job, queue
        ON CONFLICT (minute, job, queue, slot) DO UPDATE SET \(additions(ActivityColumns.ends))
        """,
    ]

    /// The read: the minutes from $1 on (of queue $3, or every queue when NULL), summed per bucket of $2
    /// minutes (rounded down, as ``RunActivityQuery/bucketMinute(_:)`` does), job and queue.
    enum ReadActivity: PreparedSQL {
        static let sql = """
            SELECT \(floorDivision("minute", by: "$2")) * $2 AS bucket, job, queue,
                sum(started)::bigint AS started, sum(completed)::bigint AS completed, sum(failed)::bigint AS failed,
                sum(retried)::bigint AS retried, sum(canceled)::bigint AS canceled,
                \(ActivityColumns.latency.map { "sum(\($0))::bigint AS \($0)" }.joined(separator: ", "))
            FROM run_activity
            WHERE minute >= $1 AND ($3::text IS NULL OR queue = $3)
            GROUP BY 1, job, queue
            ORDER BY 1, job, queue
            """
        static let types: [PostgresDataType] = [.int8, .int8, .text]
    }
}
