import Foundation
import JobStore
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

    /// Starts an attempt of each claimed run, writing the columns ``RunRecord/claimed(by:leaseExpiresAt:now:)``
    /// changed (per run, in order: id $1, status $2, attempt $3, lease owner $4 and expiry $5, started $6,
    /// updated $7; no current step, no wait), inserting the attempts and appending each run's timeline entry
    /// (kind $8, message $9, in the order of $1), all at $10.
    enum Start: PreparedSQL {
        static let sql = """
            WITH claimed AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::int8[], $6::int8[],
                    $7::int8[], $8::text[], $9::text[])
                WITH ORDINALITY AS c (c_id, c_status, c_attempt, c_owner, c_expiry, c_started, c_updated, c_kind,
                    c_message, c_position)
            ), main AS (
                UPDATE runs SET status = c_status, attempt = c_attempt, lease_owner = c_owner,
                    lease_expires_at = c_expiry, started_at = c_started, updated_at = c_updated, current_step = NULL,
                    wait_step = NULL, wait_event_name = NULL, wait_event_key = NULL, wait_until = NULL,
                    wait_since = NULL
                FROM claimed WHERE runs.id = c_id RETURNING \(RunStatements.columns)
            ), attempts AS (
                INSERT INTO attempts (run_id, number, worker_id, started_at, outcome)
                SELECT id, attempt, lease_owner, $10, 'running' FROM main
            ), entries AS (
                INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, attempt, message)
                SELECT main.id, main.queue, main.job, $10, c_kind, main.status, main.attempt, c_message
                FROM main JOIN claimed ON c_id = main.id
                ORDER BY c_position
            )
            SELECT * FROM main
            """
        static let types: [PostgresDataType] = [
            .textArray, .textArray, .int8Array, .textArray, .int8Array, .int8Array, .int8Array, .textArray, .textArray,
            .int8,
        ]
    }

    /// $1–$10 of ``Start`` for the claims in `updates`, made at `now`.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` for a run the statement cannot write as claimed: one without
    ///   a lease or start time, or with a current step or a wait.
    static func startBindings(_ updates: [RunUpdate], at now: Date) throws -> PostgresBindings {
        var ids: [String] = []
        var statuses: [String] = []
        var attempts: [Int] = []
        var owners: [String] = []
        var expiries: [Millis] = []
        var starts: [Millis] = []
        var updatedAts: [Millis] = []
        for update in updates {
            let run = update.run
            guard let owner = run.leaseOwner, let expiry = run.leaseExpiresAt, let started = run.startedAt,
                run.currentStep == nil, run.wait == nil
            else { throw JobStoreError.invalidInput("run \(run.id) as claimed needs a lease and no wait") }
            ids.append(run.id)
            statuses.append(run.status.rawValue)
            attempts.append(run.attempt)
            owners.append(owner)
            expiries.append(expiry.millis)
            starts.append(started.millis)
            updatedAts.append(run.updatedAt.millis)
        }
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(ids)
        bindings.append(statuses)
        bindings.append(attempts)
        bindings.append(owners)
        bindings.append(expiries)
        bindings.append(starts)
        bindings.append(updatedAts)
        bindings.append(updates.map(\.timelineKind.rawValue))
        bindings.append(updates.map(\.message))
        bindings.append(now.millis)
        return bindings
    }
}
