import Foundation
import GRDB
import JobStore
import JobStoreTesting
import Testing

@testable import SQLiteJobStore

/// Upgrading files written by older binaries: each migration backfills what it adds.
@Suite("Migrating SQLite store files")
struct MigrationTests {
    /// A file at schema v1, as the first release wrote it: one run that waited, failed, crashed and failed
    /// again (4 claims, 3 failures), one never claimed, and a timeline entry whose run is gone.
    func makeVersion1File(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1")
        let policy = try StoredJSON.encode(RetryPolicy(maxAttempts: 3))
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, job, queue, status, payload, attempt, max_attempts, retry_policy,
                        created_at, updated_at, finished_at)
                    VALUES ('run_a', 'import', 'imports', 'failed', '{}', 4, 3, ?1, 0, 9, 9),
                        ('run_b', 'email', 'emails', 'queued', '{}', 0, 5, ?1, 0, 0, NULL)
                    """, arguments: [policy])
            try db.execute(
                sql: """
                    INSERT INTO attempts (run_id, number, worker_id, started_at, ended_at, outcome)
                    VALUES ('run_a', 1, 'w', 1, 2, 'suspended'), ('run_a', 2, 'w', 3, 4, 'failed'),
                        ('run_a', 3, 'w', 5, 6, 'crashed'), ('run_a', 4, 'w', 7, 8, 'failed')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO timeline (run_id, at, kind, status, attempt, message)
                    VALUES ('run_a', 0, 'created', 'queued', NULL, 'created'),
                        ('run_b', 0, 'created', 'queued', NULL, 'created'),
                        ('run_gone', 0, 'created', 'queued', NULL, 'created'),
                        ('run_a', 9, 'failed', 'failed', 4, 'failed')
                    """)
        }
        try queue.close()
    }

    func recordedVersion(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Schema.recordedVersion(db) }
    }

    @Test("v1 → v9: failures counted from the attempts, timeline entries get queue and job, counters start at 0")
    func version1To2() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try makeVersion1File(path)
        #expect(try recordedVersion(path) == 1)

        let store = try SQLiteJobStore(path: path)
        #expect(try recordedVersion(path) == 9)
        #expect(store.schemaMigration == SchemaMigration(from: 1, to: 9))
        #expect(store.schemaMigration?.description == "schema 1 -> 9")
        #expect(try await store.changeCounters() == ChangeCounters(queues: 0, state: 0))
        #expect(try await store.listAudit(AuditQuery()).isEmpty, "the audit trail starts empty")
        let failed = try #require(try await store.runDetail(RunDetailParams(runId: "run_a"))).run
        #expect(failed.attempt == 4 && failed.failures == 3, "the suspended attempt is not a failure")
        #expect(try await store.runDetail(RunDetailParams(runId: "run_b"))?.run.failures == 0)

        let feed = try await store.changes(ChangesParams(after: 0))
        #expect(feed.map(\.runId) == ["run_a", "run_b", "run_gone", "run_a"])
        #expect(feed.map(\.queue) == ["imports", "emails", "", "imports"])
        #expect(feed.map(\.job) == ["import", "email", "", "import"])

        // The budget now reads the backfilled count: one more try means maxAttempts = failures + 1.
        let retried = try await store.retryRun(RetryRunParams(runId: "run_a", now: Fixtures.at(10)))
        #expect(retried.maxAttempts == 4)
        #expect(try await store.changes(ChangesParams(after: feed[3].sequence)).map(\.queue) == ["imports"])
        #expect(try await store.countRuns(RunCountParams(statuses: [.queued])).map(\.job) == ["email", "import"])
        try await store.close()
    }

    @Test("a v1 file opened read-only is refused with how to upgrade it, and left at v1")
    func version1ReadOnly() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try makeVersion1File(path)
        do {
            let store = try SQLiteJobStore(path: path, options: .init(readOnly: true))
            try? await store.close()
            Issue.record("a read-only store opened an older schema")
        } catch let error as JobStoreError {
            #expect(
                error.description
                    == "\(path) uses an older StackShift schema (1, this binary needs 9); upgrade it with "
                    + "`stackshift migrate --db \(path)`")
        }
        #expect(try recordedVersion(path) == 1)
    }

    /// A file at schema v5, before run activity was kept: runs that completed (60 s after creation), failed,
    /// were canceled (with no `finished_at`, as no release wrote) and are still queued, in three minutes.
    func makeVersion5File(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v5")
        let policy = try StoredJSON.encode(RetryPolicy(maxAttempts: 3))
        let base = Fixtures.baseDate.timeIntervalSince1970 * 1000
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, job, queue, status, payload, attempt, max_attempts, retry_policy,
                        created_at, updated_at, finished_at)
                    VALUES ('run_done', 'import', 'imports', 'completed', '{}', 1, 3, ?1, ?2 + 10000, ?2 + 70000,
                            ?2 + 70000),
                        ('run_failed', 'import', 'imports', 'failed', '{}', 3, 3, ?1, ?2 + 20000, ?2 + 30000,
                            ?2 + 30000),
                        ('run_canceled', 'email', 'emails', 'canceled', '{}', 0, 3, ?1, ?2, ?2 + 130000, NULL),
                        ('run_queued', 'email', 'emails', 'queued', '{}', 0, 3, ?1, ?2 + 50000, ?2 + 50000, NULL)
                    """, arguments: [policy, Int64(base)])
        }
        try queue.close()
    }

    @Test("v5 → v9: run activity is counted from the runs already in the file, and kept from then on")
    func version5To6() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try makeVersion5File(path)
        #expect(try recordedVersion(path) == 5)

        let store = try SQLiteJobStore(path: path)
        #expect(try recordedVersion(path) == 9)
        var latency = LatencyHistogram()
        latency.record(millis: 60_000)
        let query = RunActivityQuery(since: Fixtures.at(0), now: Fixtures.at(180))
        let expected = [
            ActivityBucket(start: Fixtures.at(0), job: "email", queue: "emails", started: 2),
            ActivityBucket(start: Fixtures.at(0), job: "import", queue: "imports", started: 2, failed: 1),
            ActivityBucket(start: Fixtures.at(60), job: "import", queue: "imports", completed: 1, latency: latency),
            ActivityBucket(start: Fixtures.at(120), job: "email", queue: "emails", canceled: 1),
        ]
        #expect(try await store.runActivity(query) == expected)

        // What happens next is counted: a start by the insert trigger, its end by the transaction that ends it.
        _ = try await store.createRun(Fixtures.createRun(job: "email", queue: "emails", now: Fixtures.at(130)))
        var next = expected
        next[3].started = 1
        #expect(try await store.runActivity(query) == next)
        // The file's queued run (created at 50 s) is claimed first, and completes 81.004 s after its start.
        let claimed = try #require(
            try await store.claimRuns(Fixtures.claim(queues: ["emails"], jobs: ["email"], now: Fixtures.at(131))).first)
        #expect(claimed.run.id == "run_queued")
        _ = try await store.finishAttempt(
            FinishAttemptParams(lease: claimed.lease, end: .completed(resultJSON: "1"), now: Fixtures.at(131.004)))
        next[3].completed = 1
        next[3].latency.record(millis: 81_004)
        #expect(try await store.runActivity(query) == next)
        try await store.close()
    }

    @Test("v5 → v9: a file's queues follow the standard retention, nothing is pruned yet, and its old runs can be")
    func version5To7() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try makeVersion5File(path)
        let store = try SQLiteJobStore(path: path)
        #expect(try recordedVersion(path) == 9)
        #expect(try await store.retentionSettings() == RetentionSettings())
        #expect(try await store.changeCounters().pruned == 0)
        // The canceled run had no finish time (canceled before one was written): v7 takes its last update (130 s),
        // so retention can reach it; the completed run finished at 70 s, the failed one at 30 s.
        let early = try await store.pruneRuns(PruneRunsParams(age: .finishedBefore(60), now: Fixtures.at(131)))
        #expect(Set(early.runIds) == ["run_done", "run_failed"])
        let late = try await store.pruneRuns(PruneRunsParams(age: .finishedBefore(60), now: Fixtures.at(191)))
        #expect(late.runIds == ["run_canceled"])
        #expect(try await store.listRuns(RunQuery()).map(\.id) == ["run_queued"], "a queued run is never pruned")
        try await store.close()
    }

    @Test("v7 → v9: a file's runs and settings stay; it has no API keys or rejected webhooks, and can keep them")
    func version7To8() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        // A v7 file with a run and the store's retention, written with the v7 tables alone.
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v7")
        let policy = try StoredJSON.encode(RetryPolicy(maxAttempts: 3))
        let retention = RetentionPolicy(all: 3_600)
        let storedRetention = try StoredJSON.encode(retention)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, job, queue, status, payload, attempt, max_attempts, retry_policy,
                        created_at, updated_at)
                    VALUES ('run_a', 'import', 'imports', 'queued', '{}', 0, 3, ?, 0, 0)
                    """, arguments: [policy])
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('retention', ?)", arguments: [storedRetention])
        }
        try queue.close()
        #expect(try recordedVersion(path) == 7)

        let store = try SQLiteJobStore(path: path)
        #expect(try recordedVersion(path) == 9)
        #expect(try await store.listRuns(RunQuery()).map(\.id) == ["run_a"])
        #expect(try await store.retentionSettings().policy == retention)
        #expect(try await store.listAPIKeys().isEmpty)
        #expect(try await store.listRejectedWebhooks(RejectedWebhookQuery()).isEmpty)
        let key = APIKeyRecord(
            lookup: "k1", name: "ci", scope: .operate, salt: "00", hash: "ff", createdAt: Fixtures.at(1),
            createdBy: "ada")
        #expect(try await store.createAPIKey(CreateAPIKeyParams(key: key)) == key)
        let rejected = try await store.recordRejectedWebhook(
            RecordRejectedWebhookParams(
                webhook: "stripe", eventName: "paid", reason: "no key", body: Data([0xFF]), now: Fixtures.at(2)))
        #expect(try await store.listRejectedWebhooks(RejectedWebhookQuery()) == [rejected])
        try await store.close()
    }

    @Test("opening says what it did to the schema: created, nothing when current, nothing when read-only")
    func migrationReported() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let created = try SQLiteJobStore(path: path)
        #expect(created.schemaMigration == SchemaMigration(from: nil, to: 9))
        #expect(created.schemaMigration?.description == "created at schema 9")
        try await created.close()
        let current = try SQLiteJobStore(path: path)
        #expect(current.schemaMigration == nil)
        try await current.close()

        try makeVersion1File(directory.path("old.sqlite"))
        let readOnly = try? SQLiteJobStore(path: directory.path("old.sqlite"), options: .init(readOnly: true))
        #expect(readOnly == nil, "a read-only open of an old file is refused, so it reports no migration")
        #expect(try recordedVersion(directory.path("old.sqlite")) == 1)
    }
}
