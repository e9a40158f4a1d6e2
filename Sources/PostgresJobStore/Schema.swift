/// The driver's tables, as numbered migrations. Times are `bigint` milliseconds since 1970 (as in the SQLite
/// driver, so both round identically); payloads, results, errors and policies are JSON text, kept verbatim
/// and checked by `stackshift_is_json`. Keys, names and ids use the `"C"` collation, so they sort and
/// range-scan by code point whatever the database's locale.
///
/// Migrations are versioned per driver: the PostgreSQL schema has its own numbering, independent of SQLite's.
/// Each one runs in its own transaction and records its number in `stackshift_migrations`.
enum Schema {
    /// One migration: its number, a name for the record, and its statements (one per query: PostgreSQL's
    /// extended protocol runs a single statement at a time).
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// Every migration, in order.
    static let migrations: [Migration] = [
        Migration(version: 1, name: "initial schema", statements: v1),
        Migration(version: 2, name: "timeline numbered at commit", statements: v2),
        Migration(version: 3, name: "change counters for queues and state", statements: v3),
        Migration(version: 4, name: "failure signatures", statements: v4),
        Migration(version: 5, name: "audit trail", statements: v5),
        Migration(version: 6, name: "run activity", statements: v6),
        Migration(version: 7, name: "retention", statements: v7),
        Migration(version: 8, name: "api keys and rejected webhooks", statements: v8),
        Migration(version: 9, name: "timeline written at commit", statements: v9),
    ]

    /// The schema version this binary writes: the number of the last migration.
    static var version: Int { migrations.last?.version ?? 0 }

    /// The bookkeeping table's definition (after `CREATE TABLE IF NOT EXISTS <schema>.`); other binaries
    /// read it to refuse a schema newer than they know.
    static let migrationsTable = """
        stackshift_migrations (
            version bigint PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    private static let v1: [String] = [
        // JSON text is stored as written (jsonb would reformat it) and validated here. PostgreSQL 16 has
        // pg_input_is_valid; older servers parse inside an exception block.
        """
        DO $$ BEGIN
            IF current_setting('server_version_num')::int >= 160000 THEN
                EXECUTE 'CREATE FUNCTION stackshift_is_json(value text) RETURNS boolean LANGUAGE sql IMMUTABLE '
                    'STRICT PARALLEL SAFE AS $f$ SELECT pg_input_is_valid(value, ''json'') $f$';
            ELSE
                EXECUTE 'CREATE FUNCTION stackshift_is_json(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE '
                    'STRICT PARALLEL SAFE AS $f$ BEGIN PERFORM value::json; RETURN true; '
                    'EXCEPTION WHEN others THEN RETURN false; END $f$';
            END IF;
        END $$
        """,
        """
        CREATE TABLE queues (
            name text COLLATE "C" PRIMARY KEY,
            concurrency_limit bigint,
            paused boolean NOT NULL DEFAULT false,
            retry_policy text,
            updated_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE runs (
            id text COLLATE "C" PRIMARY KEY,
            job text COLLATE "C" NOT NULL,
            queue text COLLATE "C" NOT NULL,
            status text NOT NULL CONSTRAINT status_is_known
                CHECK (status IN ('scheduled', 'queued', 'running', 'waiting', 'completed', 'failed', 'canceled')),
            priority bigint NOT NULL DEFAULT 0,
            payload text NOT NULL CONSTRAINT payload_is_json CHECK (stackshift_is_json(payload)),
            result text CONSTRAINT result_is_json CHECK (stackshift_is_json(result)),
            error text,
            attempt bigint NOT NULL DEFAULT 0,
            failures bigint NOT NULL DEFAULT 0,
            max_attempts bigint NOT NULL,
            retry_policy text NOT NULL,
            idempotency_key text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            run_at bigint,
            queued_at bigint,
            started_at bigint,
            finished_at bigint,
            lease_owner text,
            lease_expires_at bigint,
            cancel_requested boolean NOT NULL DEFAULT false,
            current_step text,
            wait_step text,
            wait_event_name text,
            wait_event_key text,
            wait_until bigint,
            wait_since bigint
        )
        """,
        // Claim: queued runs of a queue in claim order.
        "CREATE INDEX runs_claim ON runs (queue, priority DESC, queued_at, id) INCLUDE (job) WHERE status = 'queued'",
        // Capacity (running per queue) and lease recovery.
        "CREATE INDEX runs_running ON runs (queue, lease_expires_at) WHERE status = 'running'",
        "CREATE INDEX runs_leases ON runs (lease_expires_at) WHERE status = 'running'",
        // Promotion of due scheduled runs and of waits whose timeout or wake-up time passed.
        "CREATE INDEX runs_due ON runs (run_at) WHERE status IN ('scheduled', 'waiting')",
        // Event delivery to waiting runs.
        "CREATE INDEX runs_waits ON runs (wait_event_name, wait_event_key) WHERE status = 'waiting'",
        // Newest-first lists filtered by status, queue or job; counts by job, queue and status.
        "CREATE INDEX runs_status ON runs (status, id)",
        "CREATE INDEX runs_queue ON runs (queue, id)",
        "CREATE INDEX runs_job ON runs (job, id)",
        "CREATE INDEX runs_counts ON runs (job, queue, status)",
        "CREATE INDEX runs_summary ON runs (status, finished_at, queue, queued_at)",
        """
        CREATE TABLE attempts (
            run_id text COLLATE "C" NOT NULL,
            number bigint NOT NULL,
            worker_id text NOT NULL,
            started_at bigint NOT NULL,
            ended_at bigint,
            outcome text NOT NULL,
            error text,
            PRIMARY KEY (run_id, number)
        )
        """,
        // The identity orders a run's steps by first execution.
        """
        CREATE TABLE steps (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            kind text NOT NULL,
            status text NOT NULL,
            attempt bigint NOT NULL,
            failures bigint NOT NULL DEFAULT 0,
            started_at bigint NOT NULL,
            ended_at bigint,
            result text CONSTRAINT step_result_is_json CHECK (stackshift_is_json(result)),
            error text,
            event_name text,
            event_key text,
            until_at bigint,
            UNIQUE (run_id, name)
        )
        """,
        """
        CREATE TABLE logs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            attempt bigint NOT NULL,
            step text,
            level text NOT NULL,
            message text NOT NULL,
            at bigint NOT NULL
        )
        """,
        "CREATE INDEX logs_run ON logs (run_id, id)",
        // The change feed. Numbers come from an identity (never reused); migration 2 draws them at commit
        // instead (see Transaction.finish for why they must follow commit order).
        """
        CREATE TABLE timeline (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            queue text NOT NULL,
            job text NOT NULL,
            at bigint NOT NULL,
            kind text NOT NULL,
            status text NOT NULL,
            attempt bigint,
            step text,
            message text NOT NULL
        )
        """,
        "CREATE INDEX timeline_run ON timeline (run_id, seq)",
        """
        CREATE TABLE workers (
            id text COLLATE "C" PRIMARY KEY,
            host text NOT NULL,
            pid bigint NOT NULL,
            queues text NOT NULL,
            jobs text NOT NULL,
            concurrency bigint NOT NULL,
            started_at bigint NOT NULL,
            heartbeat_at bigint NOT NULL
        )
        """,
        "CREATE INDEX workers_heartbeat ON workers (heartbeat_at)",
        // The key is the primary key: of two concurrent starts with one key, INSERT … ON CONFLICT lets one in.
        """
        CREATE TABLE idempotency_keys (
            key text COLLATE "C" PRIMARY KEY,
            run_id text NOT NULL,
            expires_at bigint
        )
        """,
        "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at) WHERE expires_at IS NOT NULL",
        """
        CREATE TABLE events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            payload text NOT NULL CONSTRAINT event_payload_is_json CHECK (stackshift_is_json(payload)),
            received_at bigint NOT NULL,
            expires_at bigint NOT NULL
        )
        """,
        "CREATE INDEX events_match ON events (name, key, received_at)",
        "CREATE INDEX events_expiry ON events (expires_at)",
        """
        CREATE TABLE event_consumptions (
            event_id bigint NOT NULL,
            run_id text COLLATE "C" NOT NULL,
            step text NOT NULL,
            consumed_at bigint NOT NULL,
            PRIMARY KEY (event_id, run_id)
        )
        """,
        "CREATE INDEX event_consumptions_run ON event_consumptions (run_id)",
        """
        CREATE TABLE state (
            key text COLLATE "C" PRIMARY KEY,
            value text NOT NULL CONSTRAINT state_value_is_json CHECK (stackshift_is_json(value)),
            version bigint NOT NULL,
            updated_at bigint NOT NULL,
            expires_at bigint
        )
        """,
        "CREATE INDEX state_expiry ON state (expires_at) WHERE expires_at IS NOT NULL",
        """
        CREATE TABLE locks (
            key text COLLATE "C" PRIMARY KEY,
            owner text NOT NULL,
            acquired_at bigint NOT NULL,
            expires_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE schedules (
            name text COLLATE "C" PRIMARY KEY,
            cron text NOT NULL,
            time_zone text NOT NULL,
            job text NOT NULL,
            payload text NOT NULL CONSTRAINT schedule_payload_is_json CHECK (stackshift_is_json(payload)),
            queue text NOT NULL,
            next_fire_at bigint NOT NULL,
            last_fire_at bigint,
            last_run_id text,
            updated_at bigint NOT NULL
        )
        """,
    ]

    /// Timeline numbers are drawn at commit, by the server (see `Transaction.finish` for why they follow
    /// commit order). Drawn by the client, the lock that orders them was held across three round trips and
    /// every writer of every process queued on it (16 ms a transaction on average under load). Now rows get
    /// provisional negative numbers, and a deferred trigger inside `COMMIT` takes the lock, renumbers the
    /// transaction's rows in insertion order from `timeline_feed`, and notifies listeners.
    static let v2: [String] = [
        "CREATE SEQUENCE timeline_feed AS bigint",
        // The feed continues where the identity left off: numbers are never reused.
        """
        DO $$ DECLARE drawn record; BEGIN
            EXECUTE format('SELECT last_value, is_called FROM %s', pg_get_serial_sequence('timeline', 'seq'))
                INTO drawn;
            PERFORM setval('timeline_feed', drawn.last_value, drawn.is_called);
        END $$
        """,
        "ALTER TABLE timeline ALTER COLUMN seq DROP IDENTITY",
        // Provisional numbers are negative and unique, so uncommitted rows never collide on the primary key
        // and a descending order is insertion order.
        "CREATE SEQUENCE timeline_provisional AS bigint",
        "ALTER TABLE timeline ALTER COLUMN seq SET DEFAULT -nextval('timeline_provisional')",
        // Fires for every inserted row at commit, in insertion order; the first firing numbers all of the
        // transaction's rows, later ones find theirs renumbered. Its rows lie between its first provisional
        // number (this row's) and the last its session drew: scanning only that range skips the dead
        // provisional entries of earlier transactions, which pile up in the index until vacuum.
        """
        CREATE FUNCTION stackshift_number_timeline() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $f$
        DECLARE
            newest bigint;
            pending bigint;
            base bigint;
        BEGIN
            IF NEW.seq > 0 OR NOT EXISTS (SELECT 1 FROM timeline WHERE seq = NEW.seq) THEN
                RETURN NULL;
            END IF;
            newest := -currval('timeline_provisional');
            PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || ':timeline'), hashtext('feed'));
            SELECT count(*) INTO pending FROM timeline WHERE seq BETWEEN newest AND NEW.seq;
            base := nextval('timeline_feed');
            IF pending > 1 THEN
                PERFORM setval('timeline_feed', base + pending - 1);
            END IF;
            UPDATE timeline t SET seq = base + p.position - 1
            FROM (
                SELECT seq, row_number() OVER (ORDER BY seq DESC) AS position FROM timeline
                WHERE seq BETWEEN newest AND NEW.seq
            ) p
            WHERE t.seq = p.seq;
            PERFORM pg_notify('stackshift_changes', TG_TABLE_SCHEMA || ':' || (base + pending - 1));
            RETURN NULL;
        END $f$
        """,
        """
        CREATE CONSTRAINT TRIGGER timeline_numbered AFTER INSERT ON timeline DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION stackshift_number_timeline()
        """,
    ]

    /// Change counters for queue settings and state (see `ChangeCounters`): sequences drawn by row triggers.
    /// A sequence never blocks, so workers writing state at once do not queue behind one counter row.
    private static let v3: [String] = [
        "CREATE SEQUENCE queue_changes AS bigint",
        "CREATE SEQUENCE state_changes AS bigint",
        """
        CREATE FUNCTION stackshift_count_queue_change() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $f$ BEGIN PERFORM nextval('queue_changes'); RETURN NULL; END $f$
        """,
        """
        CREATE FUNCTION stackshift_count_state_change() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $f$ BEGIN PERFORM nextval('state_changes'); RETURN NULL; END $f$
        """,
        """
        CREATE TRIGGER queues_counted AFTER INSERT OR UPDATE OR DELETE ON queues
        FOR EACH ROW EXECUTE FUNCTION stackshift_count_queue_change()
        """,
        """
        CREATE TRIGGER state_counted AFTER INSERT OR UPDATE OR DELETE ON state
        FOR EACH ROW EXECUTE FUNCTION stackshift_count_state_change()
        """,
        """
        CREATE TRIGGER locks_counted AFTER INSERT OR UPDATE OR DELETE ON locks
        FOR EACH ROW EXECUTE FUNCTION stackshift_count_state_change()
        """,
    ]

    /// Failure signatures (see `FailureSignature`), stored with each attempt that fails or crashes from now
    /// on, so failures group by an indexed range scan over the time window. Earlier attempts have none.
    private static let v4: [String] = [
        "ALTER TABLE attempts ADD COLUMN signature text COLLATE \"C\"",
        "CREATE INDEX attempts_failures ON attempts (ended_at, signature) WHERE signature IS NOT NULL",
    ]

    /// The audit trail (see `AuditEntry`): one row per operator action, written in the transaction of the
    /// change it records. Read newest first, by time window or by run.
    private static let v5: [String] = [
        """
        CREATE TABLE audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            actor text NOT NULL,
            channel text NOT NULL,
            action text NOT NULL,
            target text NOT NULL,
            run_id text COLLATE "C",
            detail text NOT NULL,
            outcome text NOT NULL
        )
        """,
        "CREATE INDEX audit_at ON audit (at)",
        "CREATE INDEX audit_run ON audit (run_id, id)",
    ]

    /// Run activity (see `ActivityBucket`): runs started, completed, failed, retried and canceled per minute,
    /// job and queue, with the completions' latency histogram, counted by a trigger on `runs` in the
    /// transaction of each change, so every write path counts. The runs already in the schema are counted at
    /// once.
    private static let v6: [String] = ActivitySQL.migration

    /// Retention (see `RetentionPolicy`): a queue's own policy (JSON; NULL follows the store's), the store's
    /// settings (key `retention`: its policy for every other queue; key `pruned`: the `PruneHistory`), and the
    /// count of runs pruned. Unlike the queue and state counters (sequences, migration 3) that count is a row,
    /// updated in the prune's transaction: it moves by exactly the runs deleted, only when they are, and
    /// prunes already queue briefly on the `pruned` setting as they commit. Prunes select by status and
    /// finish time through `runs_summary` (migration 1) and delete by run id through each table's `run_id`
    /// index, so no new index is needed.
    private static let v7: [String] = [
        "ALTER TABLE queues ADD COLUMN retention text",
        "CREATE TABLE settings (key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)",
        "CREATE TABLE change_counters (topic text COLLATE \"C\" PRIMARY KEY, value bigint NOT NULL)",
        "INSERT INTO change_counters (topic, value) VALUES ('pruned', 0)",
        // Runs canceled before cancels wrote a finish time: their last update stands in, so retention reaches them.
        """
        UPDATE runs SET finished_at = updated_at
            WHERE status IN ('completed', 'failed', 'canceled') AND finished_at IS NULL
        """,
    ]

    /// API keys of `stackshift serve` (see `APIKeyRecord`: a salted hash, never the token) and the webhook
    /// deliveries it refused (see `RejectedWebhook`, the body as received), the newest `keep` (10,000 unless the
    /// caller says) kept. A name is unique among keys not revoked: revoking frees it, and revoked keys stay listed.
    private static let v8: [String] = [
        """
        CREATE TABLE api_keys (
            lookup text COLLATE "C" PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            scope text NOT NULL,
            salt text NOT NULL,
            hash text NOT NULL,
            created_at bigint NOT NULL,
            created_by text NOT NULL,
            last_used_at bigint,
            expires_at bigint,
            revoked_at bigint
        )
        """,
        "CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL",
        """
        CREATE TABLE rejected_webhooks (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            webhook text COLLATE "C" NOT NULL,
            event_name text NOT NULL,
            reason text NOT NULL,
            body bytea NOT NULL,
            received_at bigint NOT NULL
        )
        """,
        "CREATE INDEX rejected_webhooks_webhook ON rejected_webhooks (webhook, id)",
    ]

    /// Timeline entries are written into `timeline` at commit instead of renumbered there (see
    /// `Transaction.finish`). Migration 2 inserted them with provisional numbers and a deferred trigger renumbered
    /// them: an UPDATE of the primary key, so every entry was written twice into the table and both its indexes,
    /// and left a dead row for vacuum (500,000 renumberings in a 10-minute soak). Now a transaction's entries wait
    /// in `timeline_pending`, unlogged as no committed transaction leaves a row there, and the deferred trigger
    /// moves them into `timeline` with their numbers: `timeline` is only ever inserted into and pruned.
    static let v9: [String] = [
        "DROP TRIGGER timeline_numbered ON timeline",
        "DROP FUNCTION stackshift_number_timeline()",
        // No default: a binary of migration 8 still running fails to write instead of writing entries the feed
        // never shows.
        "ALTER TABLE timeline ALTER COLUMN seq DROP DEFAULT",
        "DROP SEQUENCE timeline_provisional",
        // The order of insertion, which the numbers follow.
        "CREATE SEQUENCE timeline_pending_order AS bigint",
        """
        CREATE UNLOGGED TABLE timeline_pending (
            id bigint PRIMARY KEY DEFAULT nextval('timeline_pending_order'),
            run_id text COLLATE "C" NOT NULL,
            queue text NOT NULL,
            job text NOT NULL,
            at bigint NOT NULL,
            kind text NOT NULL,
            status text NOT NULL,
            attempt bigint,
            step text,
            message text NOT NULL
        )
        """,
        // Fires for every pending row at commit, in insertion order; the first firing moves all of the
        // transaction's rows, later ones find theirs gone. Its rows lie between its first id (this row's) and the
        // last its session drew: scanning only that range skips the dead rows of earlier transactions, which pile
        // up in the index until vacuum. The lock orders the numbers by commit and is held until the commit is
        // visible; numbers are drawn once for the whole range.
        """
        CREATE FUNCTION stackshift_publish_timeline() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $f$
        DECLARE
            newest bigint;
            base bigint;
            moved bigint;
            running boolean;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM timeline_pending WHERE id = NEW.id) THEN
                RETURN NULL;
            END IF;
            newest := currval('timeline_pending_order');
            PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || ':timeline'), hashtext('feed'));
            base := nextval('timeline_feed');
            WITH taken AS (
                DELETE FROM timeline_pending WHERE id BETWEEN NEW.id AND newest RETURNING *
            ), written AS (
                INSERT INTO timeline (seq, run_id, queue, job, at, kind, status, attempt, step, message)
                SELECT base + row_number() OVER (ORDER BY id) - 1, run_id, queue, job, at, kind, status, attempt,
                    step, message
                FROM taken
                RETURNING status
            )
            SELECT count(*), bool_and(status = 'running') INTO moved, running FROM written;
            IF moved > 1 THEN
                PERFORM setval('timeline_feed', base + moved - 1);
            END IF;
            -- `:running`: every run recorded is still running (claims, steps), so nothing became claimable.
            PERFORM pg_notify(
                'stackshift_changes',
                TG_TABLE_SCHEMA || ':' || (base + moved - 1) || CASE WHEN running THEN ':running' ELSE '' END);
            RETURN NULL;
        END $f$
        """,
        """
        CREATE CONSTRAINT TRIGGER timeline_published AFTER INSERT ON timeline_pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stackshift_publish_timeline()
        """,
    ]
}
