import PostgresNIO

/// The prepared statements of a claim (see ``PreparedSQL``): every idle worker runs them whenever work may
/// have appeared.
enum ClaimStatements {
    /// The look without locks (see ``ClaimOutlook``): whether a run is due ($1 now), and for each of the
    /// worker's queues ($3) that exists, whether it is limited and whether it has claimable work for its
    /// jobs ($2). Always one row at least; `name` is NULL when none of the queues exists.
    enum Outlook: PreparedSQL {
        static let sql = """
            SELECT d.due, q.name, q.limited, q.claimable
            FROM (
                SELECT EXISTS (SELECT 1 FROM runs WHERE status IN ('scheduled', 'waiting') AND run_at <= $1) AS due
            ) d
            LEFT JOIN LATERAL (
                SELECT name, concurrency_limit IS NOT NULL AS limited,
                    NOT paused
                    AND (concurrency_limit IS NULL
                        OR (SELECT count(*) FROM runs r WHERE r.status = 'running' AND r.queue = queues.name)
                            < concurrency_limit)
                    AND EXISTS (
                        SELECT 1 FROM runs r WHERE r.status = 'queued' AND r.queue = queues.name AND r.job = ANY($2)
                    ) AS claimable
                FROM queues WHERE name = ANY($3)
            ) q ON true
            """
        static let types: [PostgresDataType] = [.int8, .textArray, .textArray]
    }

    /// Locks limited queues ($1) in name order: their claims take turns.
    enum LockExclusive: PreparedSQL {
        static let sql = """
            SELECT name, paused, concurrency_limit FROM queues WHERE name = ANY($1) ORDER BY name FOR UPDATE
            """
        static let types: [PostgresDataType] = [.textArray]
    }

    /// Locks unlimited queues ($1) shared: their claims run side by side, a pause waits for them.
    enum LockShared: PreparedSQL {
        static let sql = """
            SELECT name, paused, concurrency_limit FROM queues WHERE name = ANY($1) ORDER BY name FOR SHARE
            """
        static let types: [PostgresDataType] = [.textArray]
    }

    /// Running runs per limited queue ($1), counted after the queues are locked.
    enum CountRunning: PreparedSQL {
        static let sql = """
            SELECT queue, count(*) AS count FROM runs WHERE status = 'running' AND queue = ANY($1) GROUP BY queue
            """
        static let types: [PostgresDataType] = [.textArray]
    }

    /// The best $3 queued runs of queue $1 for jobs $2, locked; runs others have locked are skipped.
    enum Pick: PreparedSQL {
        static let sql = """
            SELECT \(RunStatements.columns) FROM runs WHERE status = 'queued' AND queue = $1 AND job = ANY($2)
            ORDER BY priority DESC, queued_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
            """
        static let types: [PostgresDataType] = [.text, .textArray, .int8]
    }

    /// Starts an attempt of each picked run ($1) for worker $2 with lease until $3, at $4: updates the runs,
    /// inserts the attempts and appends each run's timeline entry (messages $5, in the order of $1).
    enum Start: PreparedSQL {
        static let sql = """
            WITH main AS (
                UPDATE runs SET status = 'running', attempt = attempt + 1, lease_owner = $2, lease_expires_at = $3,
                    started_at = COALESCE(started_at, $4), updated_at = $4, current_step = NULL, wait_step = NULL,
                    wait_event_name = NULL, wait_event_key = NULL, wait_until = NULL, wait_since = NULL
                WHERE id = ANY($1) RETURNING \(RunStatements.columns)
            ), attempts AS (
                INSERT INTO attempts (run_id, number, worker_id, started_at, outcome)
                SELECT id, attempt, $2, $4, 'running' FROM main
            ), entries AS (
                INSERT INTO timeline (run_id, queue, job, at, kind, status, attempt, message)
                SELECT main.id, main.queue, main.job, $4, 'started', main.status, main.attempt, picked.message
                FROM main JOIN unnest($1, $5) WITH ORDINALITY AS picked (id, message, position) ON picked.id = main.id
                ORDER BY picked.position
            )
            SELECT * FROM main
            """
        static let types: [PostgresDataType] = [.textArray, .text, .int8, .int8, .textArray]
    }
}
