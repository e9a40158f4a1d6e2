import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// Migrations are versioned per driver in `stackshift_migrations`, safe to run from many processes at once,
/// and a schema newer than the binary (or one holding someone else's tables) is refused without writing.
@Suite(
    "PostgreSQL migrations", .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct MigrationTests {
    @Test("connecting from 4 tasks at once migrates the new schema exactly once")
    func concurrentMigrations() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let stores = try await withThrowingTaskGroup(of: PostgresJobStore.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(stores.count == 4)
            let recorded = try await stores[0].countForTesting(
                "SELECT count(*) AS count FROM stackshift_migrations")
            #expect(recorded == Schema.version, "each migration recorded once")
            let latest = try await stores[0].countForTesting(
                "SELECT max(version) AS count FROM stackshift_migrations")
            #expect(latest == Schema.version)
            // Every store works on the one schema.
            for (index, store) in stores.enumerated() {
                _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(Double(index))))
            }
            #expect(try await stores[3].listRuns(RunQuery()).count == 4)
            for store in stores { try await store.close() }
        }
    }

    @Test("a schema written by a newer StackShift is refused with a clear message, read-only too")
    func newerSchemaRefused() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let store = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            try await store.executeForTesting(
                "INSERT INTO stackshift_migrations (version, name) VALUES (999, 'from the future')")
            try await store.close()
            for readOnly in [false, true] {
                let error = await storeError {
                    _ = try await PostgresJobStore.connect(
                        url: url, options: PostgresTestServer.options(schema, readOnly: readOnly))
                }
                guard case .incompatibleDatabase(let message) = error else {
                    Issue.record("expected incompatibleDatabase, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("newer StackShift") && message.contains("999"))
                #expect(message.contains("knows \(Schema.version)") && message.contains("upgrade stackshift"))
                #expect(message.contains(schema) && !message.contains("\n"))
            }
        }
    }

    @Test("a schema holding tables that are not StackShift's is refused, and left untouched")
    func foreignSchemaRefused() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            // The foreign schema made here by hand is dropped afterwards whatever happens.
            try await PostgresTestServer.withSchema { url, foreign in
                try await stores[0].executeForTesting("CREATE SCHEMA \(foreign)")
                try await stores[0].executeForTesting("CREATE TABLE \(foreign).runs (id int)")
                let error = await storeError {
                    _ = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(foreign))
                }
                if case .incompatibleDatabase(let message) = error {
                    #expect(message.contains("not StackShift's") && message.contains("?schema="))
                } else {
                    Issue.record("expected incompatibleDatabase, got \(String(describing: error))")
                }
                let tables = try await stores[0].countForTesting(
                    "SELECT count(*) AS count FROM pg_tables WHERE schemaname = '\(foreign)'")
                #expect(tables == 1, "nothing was created next to the foreign table")
            }
        }
    }

    @Test("read-only: needs an existing schema, reads it, refuses every write")
    func readOnly() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let missing = await storeError {
                _ = try await PostgresJobStore.connect(
                    url: url, options: PostgresTestServer.options(schema, readOnly: true))
            }
            if case .incompatibleDatabase(let message) = missing {
                #expect(message.hasPrefix("no StackShift database in schema \(schema) at "))
                #expect(message.contains("`stackshift migrate --db "))
            } else {
                Issue.record("expected incompatibleDatabase, got \(String(describing: missing))")
            }
            let writer = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            let run = try await writer.createdRun(Fixtures.createRun())
            let reader = try await PostgresJobStore.connect(
                url: url, options: PostgresTestServer.options(schema, readOnly: true))
            #expect(try await reader.listRuns(RunQuery()).map(\.id) == [run.id])
            let refused = await storeError { _ = try await reader.createRun(Fixtures.createRun()) }
            if case .unavailable(let message) = refused {
                #expect(message.contains("read-only"))
            } else {
                Issue.record("expected unavailable, got \(String(describing: refused))")
            }
            try await reader.close()
            try await writer.close()
        }
    }

    @Test("migration 6 counts the runs already in the schema as its trigger would have, retries as 0")
    func runActivityBackfill() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let store = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            func claim(_ seconds: TimeInterval) async throws -> RunLease {
                let claimed = try await store.claimRuns(
                    Fixtures.claim(jobs: ["job"], leaseSeconds: 300, now: Fixtures.at(seconds)))
                return try #require(claimed.first?.lease)
            }
            // Completed after a retry (61.5 s after creation), failed, canceled, still queued.
            _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(0)))
            let first = try await claim(1)
            _ = try await store.finishAttempt(
                FinishAttemptParams(
                    lease: first, end: .retry(Fixtures.error(), at: Fixtures.at(2)), now: Fixtures.at(2)))
            _ = try await store.finishAttempt(
                FinishAttemptParams(
                    lease: try await claim(60), end: .completed(resultJSON: "1"), now: Fixtures.at(61.5)))
            _ = try await store.createRun(Fixtures.createRun(retryPolicy: .never, now: Fixtures.at(62)))
            _ = try await store.finishAttempt(
                FinishAttemptParams(lease: try await claim(63), end: .failed(Fixtures.error()), now: Fixtures.at(130)))
            let canceled = try await store.createdRun(Fixtures.createRun(queue: "other", now: Fixtures.at(64)))
            _ = try await store.cancelRun(CancelRunParams(runId: canceled.id, now: Fixtures.at(200)))
            _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(201)))
            let query = RunActivityQuery(since: Fixtures.at(0), now: Fixtures.at(300))
            let counted = try await store.runActivity(query)
            #expect(counted.reduce(0) { $0 + $1.retried } == 1 && counted.count == 6)

            // Back to migration 5, the runs kept.
            try await store.executeForTesting("DROP TABLE run_activity")
            try await store.executeForTesting("DROP FUNCTION stackshift_count_run_activity() CASCADE")
            // Migrations 7 (retention) and 8 (API keys) undone too, so all three apply again in order.
            try await store.executeForTesting("DROP TABLE settings")
            try await store.executeForTesting("DROP TABLE change_counters")
            try await store.executeForTesting("ALTER TABLE queues DROP COLUMN retention")
            try await store.executeForTesting("DROP TABLE api_keys")
            try await store.executeForTesting("DROP TABLE rejected_webhooks")
            try await Self.revertTimelineToMigration8(store)
            try await store.executeForTesting("DELETE FROM stackshift_migrations WHERE version >= 6")
            try await store.close()

            let upgraded = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            #expect(
                try await upgraded.countForTesting("SELECT max(version) AS count FROM stackshift_migrations")
                    == Schema.version)
            let backfilled = try await upgraded.runActivity(query)
            #expect(
                backfilled
                    == counted.map { bucket in
                        var bucket = bucket
                        bucket.retried = 0
                        return bucket
                    }.filter { $0.started + $0.completed + $0.failed + $0.canceled > 0 })
            // And the trigger counts from then on.
            _ = try await upgraded.createRun(Fixtures.createRun(now: Fixtures.at(202)))
            let latest = try await upgraded.runActivity(query).first {
                $0.start == Fixtures.at(180) && $0.queue == "default"
            }
            #expect(latest?.started == 2)
            try await upgraded.close()
        }
    }

    @Test("migration 8 adds API keys and rejected webhooks to a schema at 7, its runs and settings kept")
    func apiKeysMigration() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let store = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            let run = try await store.createdRun(Fixtures.createRun())
            let retention = try await store.setRetention(
                SetRetentionParams(policy: RetentionPolicy(all: 3_600), now: Fixtures.at(0)))
            // Back to migration 7.
            try await store.executeForTesting("DROP TABLE api_keys")
            try await store.executeForTesting("DROP TABLE rejected_webhooks")
            try await Self.revertTimelineToMigration8(store)
            try await store.executeForTesting("DELETE FROM stackshift_migrations WHERE version >= 8")
            try await store.close()

            let upgraded = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            #expect(
                try await upgraded.countForTesting("SELECT max(version) AS count FROM stackshift_migrations")
                    == Schema.version)
            #expect(try await upgraded.listRuns(RunQuery()).map(\.id) == [run.id])
            #expect(try await upgraded.retentionSettings() == retention)
            #expect(try await upgraded.listAPIKeys().isEmpty)
            let key = APIKeyRecord(
                lookup: "k1", name: "ci", scope: .operate, salt: "00", hash: "ff", createdAt: Fixtures.at(1),
                createdBy: "ada")
            #expect(try await upgraded.createAPIKey(CreateAPIKeyParams(key: key)) == key)
            let rejected = try await upgraded.recordRejectedWebhook(
                RecordRejectedWebhookParams(
                    webhook: "stripe", eventName: "paid", reason: "no key", body: Data([0xFF]), now: Fixtures.at(2)))
            #expect(try await upgraded.listRejectedWebhooks(RejectedWebhookQuery()) == [rejected])
            try await upgraded.close()
        }
    }

    @Test("migration 9 keeps the timeline and its numbers; new entries follow them, in commit order, none pending")
    func timelineWrittenAtCommit() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let store = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            let first = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(0)))
            try await Self.revertTimelineToMigration8(store)
            // Written as migration 8 wrote them: provisional numbers, renumbered at commit by its trigger.
            try await store.executeForTesting(
                """
                INSERT INTO timeline (run_id, queue, job, at, kind, status, message)
                VALUES ('\(first.id)', 'default', 'job', 1000, 'created', 'queued', 'second'),
                    ('\(first.id)', 'default', 'job', 1000, 'created', 'queued', 'third')
                """)
            try await store.executeForTesting("DELETE FROM stackshift_migrations WHERE version >= 9")
            let before = try await store.changes(ChangesParams(after: 0, limit: 100))
            #expect(before.map(\.sequence) == [1, 2, 3])
            try await store.close()

            let upgraded = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            #expect(try await upgraded.changes(ChangesParams(after: 0, limit: 100)) == before)
            let second = try await upgraded.createdRun(Fixtures.createRun(now: Fixtures.at(2)))
            let claimed = try await upgraded.claimRuns(Fixtures.claim(jobs: ["job"], now: Fixtures.at(3)))
            let after = try await upgraded.changes(ChangesParams(after: 3, limit: 100))
            #expect(after.map(\.sequence) == Array(4...Int64(3 + after.count)))
            #expect(after.first?.runId == second.id && after.count == 1 + claimed.count)
            #expect(try await upgraded.latestSequence() == 3 + Int64(after.count))
            // A committed transaction leaves nothing waiting; one rolled back leaves neither entries nor numbers.
            #expect(try await upgraded.countForTesting("SELECT count(*) AS count FROM timeline_pending") == 0)
            await #expect(throws: (any Error).self) {
                try await upgraded.executeForTesting(
                    """
                    WITH entry AS (
                        INSERT INTO timeline_pending (run_id, queue, job, at, kind, status, message)
                        VALUES ('x', 'default', 'job', 1000, 'created', 'queued', 'rolled back')
                    )
                    SELECT 1 / 0
                    """)
            }
            let third = try await upgraded.createdRun(Fixtures.createRun(now: Fixtures.at(4)))
            let last = try await upgraded.changes(ChangesParams(after: 3 + Int64(after.count), limit: 100))
            #expect(last.map(\.runId) == [third.id] && last.first?.sequence == 4 + Int64(after.count))
            try await upgraded.close()
        }
    }

    /// Brings the timeline of a schema at migration 9 back to migration 8: entries numbered at commit by
    /// renumbering the provisional numbers they were inserted with.
    static func revertTimelineToMigration8(_ store: PostgresJobStore) async throws {
        try await store.executeForTesting("DROP TABLE timeline_pending")
        try await store.executeForTesting("DROP FUNCTION stackshift_publish_timeline()")
        try await store.executeForTesting("DROP SEQUENCE timeline_pending_order")
        // Migration 2 without its first three statements, which moved the identity's count to timeline_feed.
        for statement in Schema.v2.dropFirst(3) {
            try await store.executeForTesting(statement)
        }
    }

    @Test("the URL's schema parameter wins over the options")
    func schemaFromURL() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let separator = url.contains("?") ? "&" : "?"
            let store = try await PostgresJobStore.connect(
                url: url + separator + "schema=" + schema, options: PostgresTestServer.options("not_this_one"))
            #expect(store.schema == schema)
            try await store.close()
        }
    }
}
