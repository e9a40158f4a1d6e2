import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// The server dropping connections — a restart, a failover, an administrator — surfaces as one clear
/// ``JobStoreError/unavailable(_:)`` line, changes nothing half-way, and the store reconnects by itself.
@Suite(
    "PostgreSQL connection loss", .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct FaultTests {
    @Test("a connection killed mid-transaction is reported as unavailable and rolled back; the next call works")
    func killedMidOperation() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            let store = stores[0]
            let error = await storeError {
                // The server ends this very connection in the middle of the operation's transaction.
                try await store.executeForTesting("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            guard case .unavailable(let message) = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(message.contains("127.0.0.1") || message.contains("localhost") || message.contains("PostgreSQL"))
            #expect(!message.contains("\n") && !message.contains("PSQLError"), "\(message)")
            let run = try await store.createdRun(Fixtures.createRun())
            #expect(try await store.listRuns(RunQuery()).map(\.id) == [run.id])
        }
    }

    @Test("a one-statement write whose commit fails after the statement completed is reported, not taken as done")
    func commitFailsAfterStatement() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            let store = stores[0]
            // Outside a transaction block the server commits at the Sync after the statement's CommandComplete;
            // a deferred constraint trigger runs in that commit, so raising there fails exactly that window.
            // (A server restart or a killed backend fails the same window, more rarely.)
            try await store.executeForTesting("CREATE TABLE commit_probe (id int)")
            try await store.executeForTesting(
                """
                CREATE FUNCTION commit_probe_refuse() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$
                """)
            try await store.executeForTesting(
                """
                CREATE CONSTRAINT TRIGGER commit_probe_refuse AFTER INSERT ON commit_probe
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION commit_probe_refuse()
                """)
            let error = await storeError {
                _ = try await store.writeStatement { tx in try await tx.execute("INSERT INTO commit_probe VALUES (1)") }
            }
            guard case .unavailable(let message) = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(!message.contains("\n") && !message.contains("PSQLError"), "\(message)")
            #expect(try await store.countForTesting("SELECT count(*) AS count FROM commit_probe") == 0)
            let run = try await store.createdRun(Fixtures.createRun())
            #expect(try await store.listRuns(RunQuery()).map(\.id) == [run.id], "the store works on")
        }
    }

    @Test("after every pooled connection is killed, calls fail only with unavailable and then recover")
    func poolRecovers() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let store = stores[0]
            // Open several pooled connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask { _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(Double(index)))) }
                }
                try await group.waitForAll()
            }
            let killed = try await stores[1].countForTesting(
                """
                SELECT count(pg_terminate_backend(pid)) AS count FROM pg_stat_activity
                WHERE application_name = 'stackshift/\(store.schema)' AND pid <> pg_backend_pid()
                """)
            #expect(killed >= 1)
            var succeeded = 0
            for attempt in 0..<10 where succeeded < 3 {
                do {
                    _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(100 + Double(attempt))))
                    succeeded += 1
                } catch let error as JobStoreError {
                    guard case .unavailable(let message) = error else {
                        Issue.record("expected unavailable, got \(error)")
                        return
                    }
                    #expect(!message.contains("\n") && !message.contains("PSQLError"), "\(message)")
                }
            }
            #expect(succeeded == 3, "the pool reconnected")
            #expect(try await store.listRuns(RunQuery()).count == 6 + succeeded)
        }
    }
}
