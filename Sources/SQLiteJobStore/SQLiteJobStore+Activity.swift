import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Runs started, completed, failed, retried and canceled per bucket, job and queue (see
    /// ``JobStore/runActivity(_:)``): one grouped range scan of `run_activity`'s primary key, kept per minute
    /// by the insert triggers of schema v6 (starts) and by `Transaction.countActivity` (ends and retries).
    public func runActivity(_ params: RunActivityQuery) async throws -> [ActivityBucket] {
        try params.validate()
        let arguments: StatementArguments = [params.firstMinute, params.bucketMinutes, params.queue]
        return try await read { tx in
            // By column position, in the read's order: a day of buckets is thousands of rows of 29 columns, and
            // looking each column up by name was most of the read's time.
            try Fetch.all(tx.db.cachedStatement(sql: ActivitySQL.read), arguments: arguments) { row in
                ActivityBucket(
                    start: params.bucketStart(minute: row[0]), job: row[1], queue: row[2], started: row[3],
                    completed: row[4], failed: row[5], retried: row[6], canceled: row[7],
                    latency: try LatencyHistogram(
                        counts: (0..<LatencyHistogram.bucketCount).map { row[ActivitySQL.firstLatencyColumn + $0] }))
            }
        }
    }
}

/// The SQL of the per-minute run activity (see ``ActivityBucket``): the table and the triggers of schema v6
/// (schema v9 dropped its two update triggers: `Transaction.countActivity` counts ends and retries since), the
/// backfill of schema v6, and the read.
///
/// The latency buckets are rendered from ``LatencyHistogram/upperBoundsMillis``. The triggers are written once,
/// by migration v6: changing the bounds needs a migration that rewrites them (and the columns).
enum ActivitySQL {
    /// The position of `latency_0` in the read's columns: bucket, job, queue and the five counts come first.
    static let firstLatencyColumn = 8

    /// `value / divisor` rounded down (SQLite's integer division rounds toward zero), for a positive divisor.
    /// Both are evaluated twice: give simple expressions.
    static func floorDivision(_ value: String, by divisor: String) -> String {
        "(\(value) / \(divisor) - (\(value) % \(divisor) < 0))"
    }

    /// The minute since 1970 (rounded down) of a time in milliseconds.
    static func minute(_ millis: String) -> String {
        floorDivision(millis, by: "60000")
    }

    /// The statement that counts the end of the run `NEW` (completed, failed or canceled) in the minute it
    /// ended, with a completion's start→end time in its latency bucket. The time and the bucket are worked out
    /// once, in the subqueries (the bucket is `-1` for a run that did not complete); `WHERE true` keeps SQLite
    /// from reading `ON CONFLICT` as a join constraint.
    static let countEnd = """
        INSERT INTO run_activity (minute, job, queue, \(ActivityColumns.ends.joined(separator: ", ")))
        SELECT minute, NEW.job, NEW.queue, NEW.status = 'completed', NEW.status = 'failed', NEW.status = 'canceled',
            \(ActivityColumns.latency.indices.map { "bucket = \($0)" }.joined(separator: ", "))
        FROM (
            SELECT \(minute("ended")) AS minute,
                CASE WHEN NEW.status = 'completed' THEN \(ActivityColumns.latencyBucket("took")) ELSE -1 END AS bucket
            FROM (
                SELECT COALESCE(NEW.finished_at, NEW.updated_at) AS ended,
                    COALESCE(NEW.finished_at, NEW.updated_at) - NEW.created_at AS took
            )
        )
        WHERE true
        ON CONFLICT (minute, job, queue) DO UPDATE SET
            \(ActivityColumns.ends.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "));
        """

    /// Migration v6: the table, its triggers, and the counts of the runs already in the file.
    static let migration = """
        CREATE TABLE run_activity (
            minute INTEGER NOT NULL,
            job TEXT NOT NULL,
            queue TEXT NOT NULL,
            started INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            retried INTEGER NOT NULL DEFAULT 0,
            canceled INTEGER NOT NULL DEFAULT 0,
            \(ActivityColumns.latency.map { "\($0) INTEGER NOT NULL DEFAULT 0," }.joined(separator: "\n    "))
            PRIMARY KEY (minute, job, queue)
        ) WITHOUT ROWID;

        -- A run counts as started in the minute it was created.
        CREATE TRIGGER run_activity_started AFTER INSERT ON runs
        BEGIN
            INSERT INTO run_activity (minute, job, queue, started)
            VALUES (\(minute("NEW.created_at")), NEW.job, NEW.queue, 1)
            ON CONFLICT (minute, job, queue) DO UPDATE SET started = started + 1;
        END;

        -- Only a bulk insert (insertRunsForBenchmark) writes a run that has already ended.
        CREATE TRIGGER run_activity_inserted_ended AFTER INSERT ON runs
        WHEN NEW.status IN ('completed', 'failed', 'canceled')
        BEGIN
            \(countEnd.replacingOccurrences(of: "\n", with: "\n    "))
        END;

        CREATE TRIGGER run_activity_ended AFTER UPDATE OF status ON runs
        WHEN NEW.status IN ('completed', 'failed', 'canceled') AND OLD.status IS NOT NEW.status
        BEGIN
            \(countEnd.replacingOccurrences(of: "\n", with: "\n    "))
        END;

        -- A try that failed with a retry scheduled, or crashed and was recovered: the failure count grows.
        -- A worker releasing a run it did not finish (running → queued, no failure) is not counted.
        CREATE TRIGGER run_activity_retried AFTER UPDATE OF status ON runs
        WHEN OLD.status = 'running' AND NEW.status IN ('scheduled', 'queued') AND NEW.failures > OLD.failures
        BEGIN
            INSERT INTO run_activity (minute, job, queue, retried)
            VALUES (\(minute("NEW.updated_at")), NEW.job, NEW.queue, 1)
            ON CONFLICT (minute, job, queue) DO UPDATE SET retried = retried + 1;
        END;

        -- The history already in the file. Retries cannot be told apart afterwards: they start at 0.
        INSERT INTO run_activity (minute, job, queue, started)
        SELECT \(minute("created_at")) AS created_minute, job, queue, COUNT(*) FROM runs
        GROUP BY created_minute, job, queue;

        INSERT INTO run_activity (minute, job, queue, \(ActivityColumns.ends.joined(separator: ", ")))
        SELECT ended_minute, job, queue, SUM(status = 'completed'), SUM(status = 'failed'), SUM(status = 'canceled'),
            \(ActivityColumns.latency.indices.map { "SUM(bucket = \($0))" }.joined(separator: ", "))
        FROM (
            SELECT \(minute("ended")) AS ended_minute, job, queue, status,
                CASE WHEN status = 'completed' THEN \(ActivityColumns.latencyBucket("took")) ELSE -1 END AS bucket
            FROM (
                SELECT COALESCE(finished_at, updated_at) AS ended, COALESCE(finished_at, updated_at) - created_at AS took,
                    job, queue, status
                FROM runs
                WHERE status IN ('completed', 'failed', 'canceled')
            )
        )
        WHERE true
        GROUP BY ended_minute, job, queue
        ON CONFLICT (minute, job, queue) DO UPDATE SET
            \(ActivityColumns.ends.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "));
        """

    /// The read: the minutes from ?1 on (of queue ?3, or every queue when NULL), summed per bucket of ?2
    /// minutes (rounded down, as ``RunActivityQuery/bucketMinute(_:)`` does), job and queue.
    static let read = """
        SELECT \(floorDivision("minute", by: "?2")) * ?2 AS bucket, job, queue,
            SUM(started) AS started, SUM(completed) AS completed, SUM(failed) AS failed, SUM(retried) AS retried,
            SUM(canceled) AS canceled, \(ActivityColumns.latency.map { "SUM(\($0)) AS \($0)" }.joined(separator: ", "))
        FROM run_activity
        WHERE minute >= ?1 AND (?3 IS NULL OR queue = ?3)
        GROUP BY bucket, job, queue
        ORDER BY bucket, job, queue
        """
}
