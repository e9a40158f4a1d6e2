import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// Nothing is created by accident: with `createIfMissing: false` (and read-only), a schema without StackShift's
/// tables is refused with the command that creates it, and no schema or table appears.
@Suite(
    "PostgreSQL: creating a store only when asked", .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct CreationTests {
    /// The refusal every connection without permission to create gets: the schema, where, and what to run.
    func refusal(url: String, schema: String) throws -> String {
        let parsed = try ConnectionURL(parsing: url)
        return "no StackShift database in schema \(schema) at \(parsed.location); create it with "
            + "`stackshift migrate --db '\(url)?schema=\(schema)'`, or check the URL"
    }

    /// How many schemas named `schema` exist, and how many tables are in it, seen from `store`.
    func footprint(_ schema: String, from store: PostgresJobStore) async throws -> (schemas: Int, tables: Int) {
        let schemas = try await store.countForTesting(
            "SELECT count(*) AS count FROM pg_namespace WHERE nspname = '\(schema)'")
        let tables = try await store.countForTesting(
            "SELECT count(*) AS count FROM pg_tables WHERE schemaname = '\(schema)'")
        return (schemas, tables)
    }

    @Test("a missing schema is refused with the command that creates it, and nothing is created")
    func missingSchema() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            // Dropped afterwards in case a regression creates it after all.
            try await PostgresTestServer.withSchema { url, schema in
                for (createIfMissing, readOnly) in [(false, false), (false, true), (true, true)] {
                    let error = await storeError {
                        _ = try await PostgresJobStore.connect(
                            url: url,
                            options: PostgresTestServer.options(
                                schema, createIfMissing: createIfMissing, readOnly: readOnly))
                    }
                    #expect(error == .incompatibleDatabase(try refusal(url: url, schema: schema)))
                }
                let left = try await footprint(schema, from: stores[0])
                #expect(left.schemas == 0 && left.tables == 0)
            }
        }
    }

    @Test("an empty schema, or one with other tables, is refused and left as it was")
    func schemaWithoutStore() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            // The schema made here by hand is dropped afterwards whatever happens.
            try await PostgresTestServer.withSchema { url, schema in
                try await stores[0].executeForTesting("CREATE SCHEMA \(schema)")
                for step in 0..<2 {
                    if step == 1 {
                        try await stores[0].executeForTesting("CREATE TABLE \(schema).customers (id int)")
                    }
                    let error = await storeError {
                        _ = try await PostgresJobStore.connect(
                            url: url, options: PostgresTestServer.options(schema, createIfMissing: false))
                    }
                    #expect(error == .incompatibleDatabase(try refusal(url: url, schema: schema)))
                    let left = try await footprint(schema, from: stores[0])
                    #expect(left.schemas == 1 && left.tables == step)
                }
            }
        }
    }

    @Test("an existing store opens without permission to create, with its data")
    func existingStore() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let writer = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            let run = try await writer.createdRun(Fixtures.createRun())
            try await writer.close()
            let store = try await PostgresJobStore.connect(
                url: url, options: PostgresTestServer.options(schema, createIfMissing: false))
            #expect(try await store.listRuns(RunQuery()).map(\.id) == [run.id])
            _ = try await store.createRun(Fixtures.createRun())
            try await store.close()
        }
    }

    @Test("read-only on an older schema names the command that upgrades it, and leaves it old")
    func olderSchemaReadOnly() async throws {
        try await PostgresTestServer.withSchema { url, schema in
            let writer = try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            try await writer.executeForTesting("DELETE FROM stackshift_migrations WHERE version = \(Schema.version)")
            let error = await storeError {
                _ = try await PostgresJobStore.connect(
                    url: url, options: PostgresTestServer.options(schema, readOnly: true))
            }
            let location = try ConnectionURL(parsing: url).location
            let older = Schema.version - 1
            #expect(
                error
                    == .incompatibleDatabase(
                        "PostgreSQL \(location) schema \(schema) uses an older StackShift schema (\(older), this "
                            + "binary needs \(Schema.version)); upgrade it with "
                            + "`stackshift migrate --db '\(url)?schema=\(schema)'`"))
            #expect(
                try await writer.countForTesting("SELECT max(version) AS count FROM stackshift_migrations") == older)
            try await writer.close()
        }
    }

    @Test(
        "the suggested command shows the URL's password as ***",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func passwordHidden() async throws {
        let url = try PostgresTestEnvironment.requirePasswordCheckURL()
        let password = try #require(URLComponents(string: url)?.password)
        let schema = PostgresTestServer.freshSchema()
        let error = await storeError {
            _ = try await PostgresJobStore.connect(
                url: url, options: PostgresTestServer.options(schema, createIfMissing: false))
        }
        let message = error?.description ?? ""
        #expect(message.contains(":***@") && message.contains("schema=\(schema)"))
        #expect(!message.contains(password))
        // Only if the refusal regressed into creating the schema is there anything to remove.
        try? await PostgresJobStore.dropSchema(schema, url: url)
    }

    @Test("a database that does not exist is named, whatever the options")
    func missingDatabase() async throws {
        let url = try PostgresTestServer.url(try PostgresTestServer.requireURL(), database: "stackshift_no_such_db")
        for createIfMissing in [false, true] {
            let error = await storeError {
                _ = try await PostgresJobStore.connect(
                    url: url, options: PostgresTestServer.options("stackshift", createIfMissing: createIfMissing))
            }
            let message = error?.description ?? ""
            #expect(message.hasPrefix("database stackshift_no_such_db does not exist on PostgreSQL at "))
            #expect(message.contains("createdb stackshift_no_such_db"))
        }
    }
}
