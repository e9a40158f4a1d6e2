import GRDB
import JobStore

/// The store's tables, as numbered migrations. Times are integer milliseconds since 1970; payloads,
/// results, errors and policies are JSON text.
enum Schema {
    /// The schema version this binary writes: the number of the last migration.
    static let version = 9

    /// Holds `schema_version`, which other binaries read to refuse a newer schema.
    static let metaTable = "stackshift_meta"

    /// Migrations `v1`, `v2`, …; each one ends by recording its number in `stackshift_meta`.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
            try recordVersion(1, db)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
            try recordVersion(2, db)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
            try recordVersion(3, db)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
            try recordVersion(4, db)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: v5)
            try recordVersion(5, db)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: v6)
            try recordVersion(6, db)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: v7)
            try recordVersion(7, db)
        }
        migrator.registerMigration("v8") { db in
            try db.execute(sql: v8)
            try recordVersion(8, db)
        }
        migrator.registerMigration("v9") { db in
            try db.execute(sql: v9)
            try recordVersion(9, db)
        }
        return migrator
    }()

    static func recordVersion(_ version: Int, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO stackshift_meta (key, value) VALUES ('schema_version', ?)",
            arguments: [String(version)])
    }

    /// The version recorded in the file, 0 when the meta table has none.
    static func recordedVersion(_ db: Database) throws -> Int {
        let text = try String.fetchOne(db, sql: "SELECT value FROM stackshift_meta WHERE key = 'schema_version'")
        return text.flatMap { Int($0) } ?? 0
    }

    private static let v1 = """
        CREATE TABLE stackshift_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE queues (
            name TEXT PRIMARY KEY NOT NULL,
            concurrency_limit INTEGER,
            paused INTEGER NOT NULL DEFAULT 0,
            retry_policy TEXT,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL,
            job TEXT NOT NULL,
            queue TEXT NOT NULL,
            status TEXT NOT NULL CONSTRAINT status_is_known
                CHECK (status IN ('scheduled', 'queued', 'running', 'waiting', 'completed', 'failed', 'canceled')),
            priority INTEGER NOT NULL DEFAULT 0,
            payload TEXT NOT NULL CONSTRAINT payload_is_json CHECK (json_valid(payload)),
            result TEXT CONSTRAINT result_is_json CHECK (result IS NULL OR json_valid(result)),
            error TEXT,
            attempt INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            retry_policy TEXT NOT NULL,
            idempotency_key TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            run_at INTEGER,
            queued_at INTEGER,
            started_at INTEGER,
            finished_at INTEGER,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            current_step TEXT,
            wait_step TEXT,
            wait_event_name TEXT,
            wait_event_key TEXT,
            wait_until INTEGER,
            wait_since INTEGER
        );
        -- Claim: queued runs of a queue in claim order; job is carried so the jobs filter needs no row read.
        CREATE INDEX runs_claim ON runs (queue, priority DESC, queued_at, id, job) WHERE status = 'queued';
        -- Capacity (running per queue) and lease recovery.
        CREATE INDEX runs_running ON runs (queue, lease_expires_at) WHERE status = 'running';
        -- Promotion of due scheduled runs and of waits whose timeout or wake-up time passed.
        CREATE INDEX runs_due ON runs (run_at) WHERE status IN ('scheduled', 'waiting');
        -- Event delivery to waiting runs.
        CREATE INDEX runs_waits ON runs (wait_event_name, wait_event_key) WHERE status = 'waiting';
        -- Newest-first lists filtered by status, queue or job.
        CREATE INDEX runs_status ON runs (status, id);
        CREATE INDEX runs_queue ON runs (queue, id);
        CREATE INDEX runs_job ON runs (job, id);
        -- Queue summaries: counts by status, recently finished runs, oldest queued time, from the index alone.
        CREATE INDEX runs_summary ON runs (status, finished_at, queue, queued_at);

        CREATE TABLE attempts (
            run_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            worker_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            outcome TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (run_id, number)
        ) WITHOUT ROWID;

        -- The rowid orders a run's steps by first execution.
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            result TEXT CONSTRAINT step_result_is_json CHECK (result IS NULL OR json_valid(result)),
            error TEXT,
            event_name TEXT,
            event_key TEXT,
            until_at INTEGER,
            UNIQUE (run_id, name)
        );

        CREATE TABLE logs (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            step TEXT,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX logs_run ON logs (run_id, id);

        -- AUTOINCREMENT: a sequence number is never reused, so the change feed is strictly increasing.
        CREATE TABLE timeline (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            attempt INTEGER,
            step TEXT,
            message TEXT NOT NULL
        );
        CREATE INDEX timeline_run ON timeline (run_id, seq);

        CREATE TABLE workers (
            id TEXT PRIMARY KEY NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            queues TEXT NOT NULL,
            jobs TEXT NOT NULL,
            concurrency INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL
        );
        CREATE INDEX workers_heartbeat ON workers (heartbeat_at);

        -- The key is the primary key: two starts with one key cannot both insert.
        CREATE TABLE idempotency_keys (
            key TEXT PRIMARY KEY NOT NULL,
            run_id TEXT NOT NULL,
            expires_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at) WHERE expires_at IS NOT NULL;

        -- AUTOINCREMENT: consumptions name events by id, so a swept event's id must never come back.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            payload TEXT NOT NULL CONSTRAINT event_payload_is_json CHECK (json_valid(payload)),
            received_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX events_match ON events (name, key, received_at);
        CREATE INDEX events_expiry ON events (expires_at);

        CREATE TABLE event_consumptions (
            event_id INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            consumed_at INTEGER NOT NULL,
            PRIMARY KEY (event_id, run_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_consumptions_run ON event_consumptions (run_id);

        CREATE TABLE state (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL CONSTRAINT state_value_is_json CHECK (json_valid(value)),
            version INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            expires_at INTEGER
        );
        CREATE INDEX state_expiry ON state (expires_at) WHERE expires_at IS NOT NULL;

        CREATE TABLE locks (
            key TEXT PRIMARY KEY NOT NULL,
            owner TEXT NOT NULL,
            acquired_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE schedules (
            name TEXT PRIMARY KEY NOT NULL,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            job TEXT NOT NULL,
            payload TEXT NOT NULL CONSTRAINT schedule_payload_is_json CHECK (json_valid(payload)),
            queue TEXT NOT NULL,
            next_fire_at INTEGER NOT NULL,
            last_fire_at INTEGER,
            last_run_id TEXT,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// v2: the retry budget counts failures, not claims; the timeline names each entry's queue and job;
    /// runs are counted by job, queue and status from an index.
    private static let v2 = """
        -- Attempts that ended failed or crashed; resumes after a wait or sleep no longer use up retries.
        ALTER TABLE runs ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
        UPDATE runs SET failures = (
            SELECT COUNT(*) FROM attempts a WHERE a.run_id = runs.id AND a.outcome IN ('failed', 'crashed'));

        -- Feed consumers attribute entries (finished runs, say) to queues without looking runs up.
        ALTER TABLE timeline ADD COLUMN queue TEXT NOT NULL DEFAULT '';
        ALTER TABLE timeline ADD COLUMN job TEXT NOT NULL DEFAULT '';
        UPDATE timeline SET
            queue = COALESCE((SELECT r.queue FROM runs r WHERE r.id = timeline.run_id), ''),
            job = COALESCE((SELECT r.job FROM runs r WHERE r.id = timeline.run_id), '');

        -- Counts by job, queue and status: an index-only scan, grouped in index order.
        CREATE INDEX runs_counts ON runs (job, queue, status);
        """

    /// Change counters for queue settings and state (see `ChangeCounters`): kept by triggers, so every write
    /// path counts, and readers poll one small table instead of reloading whole views.
    private static let v3 = """
        CREATE TABLE change_counters (topic TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO change_counters (topic, value) VALUES ('queues', 0), ('state', 0);
        CREATE TRIGGER queues_counted_on_insert AFTER INSERT ON queues
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'queues'; END;
        CREATE TRIGGER queues_counted_on_update AFTER UPDATE ON queues
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'queues'; END;
        CREATE TRIGGER queues_counted_on_delete AFTER DELETE ON queues
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'queues'; END;
        CREATE TRIGGER state_counted_on_insert AFTER INSERT ON state
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        CREATE TRIGGER state_counted_on_update AFTER UPDATE ON state
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        CREATE TRIGGER state_counted_on_delete AFTER DELETE ON state
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        CREATE TRIGGER locks_counted_on_insert AFTER INSERT ON locks
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        CREATE TRIGGER locks_counted_on_update AFTER UPDATE ON locks
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        CREATE TRIGGER locks_counted_on_delete AFTER DELETE ON locks
            BEGIN UPDATE change_counters SET value = value + 1 WHERE topic = 'state'; END;
        """

    /// Failure signatures (see `FailureSignature`), stored with each attempt that fails or crashes from now
    /// on, so failures group by an indexed range scan over the time window. Earlier attempts have none.
    private static let v4 = """
        ALTER TABLE attempts ADD COLUMN signature TEXT;
        CREATE INDEX attempts_failures ON attempts (ended_at, signature) WHERE signature IS NOT NULL;
        """

    /// The audit trail (see `AuditEntry`): one row per operator action, written in the transaction of the
    /// change it records. Read newest first, by time window or by run.
    private static let v5 = """
        -- AUTOINCREMENT: an id is never reused, so newer entries always have larger ids and paging holds.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            channel TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            run_id TEXT,
            detail TEXT NOT NULL,
            outcome TEXT NOT NULL
        );
        CREATE INDEX audit_at ON audit (at);
        CREATE INDEX audit_run ON audit (run_id, id);
        """

    /// Run activity (see `ActivityBucket`): runs started, completed, failed, retried and canceled per minute,
    /// job and queue, with the completions' latency histogram, counted by triggers on `runs` in the transaction
    /// of each change, so every write path counts. The runs already in the file are counted at once.
    private static let v6 = ActivitySQL.migration
    /// Retention (see `RetentionPolicy`): a queue's own policy, the store's settings (its policy for every other
    /// queue and what was pruned so far) and a change counter that moves when runs are pruned.
    private static let v7 = """
        ALTER TABLE queues ADD COLUMN retention TEXT;
        CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO change_counters (topic, value) VALUES ('pruned', 0);
        -- Runs canceled before cancels wrote a finish time: their last update stands in, so retention reaches them.
        UPDATE runs SET finished_at = updated_at
            WHERE status IN ('completed', 'failed', 'canceled') AND finished_at IS NULL;
        """

    /// API keys of `stackshift serve` (see `APIKeyRecord`: a salted hash, never the token) and the webhook
    /// deliveries it refused (see `RejectedWebhook`), the newest `keep` (10,000 unless the caller says) kept.
    private static let v8 = """
        -- A name is unique among keys not revoked: revoking frees it, and revoked keys stay listed.
        CREATE TABLE api_keys (
            lookup TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            scope TEXT NOT NULL,
            salt TEXT NOT NULL,
            hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            last_used_at INTEGER,
            expires_at INTEGER,
            revoked_at INTEGER
        );
        CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

        -- AUTOINCREMENT: ids only grow, so the newest are the largest and trimming keeps them.
        CREATE TABLE rejected_webhooks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook TEXT NOT NULL,
            event_name TEXT NOT NULL,
            reason TEXT NOT NULL,
            body BLOB NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX rejected_webhooks_webhook ON rejected_webhooks (webhook, id);
        """

    /// Run ends and retries are counted into the run activity by the transaction that writes the change
    /// (`Transaction.countActivity`, from `RunActivityCount`), no longer by triggers: a trigger's program ran
    /// on every run update, counting or not, and took a third of a claim's update. Inserted runs are still
    /// counted by the insert triggers.
    private static let v9 = """
        DROP TRIGGER run_activity_ended;
        DROP TRIGGER run_activity_retried;
        """
}
