import Foundation
import JobStore
import Logging
import PostgresNIO

/// Creates and upgrades the store's schema over one connection.
///
/// Safe to run from many processes at once: each takes a session advisory lock keyed by the schema before
/// looking, so one applies each pending migration while the others wait and then find nothing to do. A
/// schema recorded at a version newer than this binary knows is refused, and nothing is written to it.
/// Without `createIfMissing` (or when `readOnly`), a schema without StackShift's tables is refused and
/// nothing is created: only an explicit command (`stackshift migrate`) makes a new store.
struct Migrator {
    let endpoint: Endpoint
    let readOnly: Bool
    let createIfMissing: Bool

    private var schema: String { endpoint.schema }
    private var location: String { endpoint.url.location }
    private var logger: Logger { endpoint.logger }

    /// Checks, creates or upgrades the schema; returns what it created or upgraded (nil: it was current).
    func run() async throws -> SchemaMigration? {
        let connection = try await endpoint.connect()
        let migration: SchemaMigration?
        do {
            migration = try await migrate(connection)
        } catch {
            // Closing also releases the advisory lock.
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return migration
    }

    private func migrate(_ connection: PostgresConnection) async throws -> SchemaMigration? {
        try await connection.query(
            "SELECT pg_advisory_lock(hashtext('stackshift:migrate'), hashtext(\(schema)))", logger: logger)
        let recorded = try await recordedVersion(connection)
        if let recorded, recorded > Schema.version {
            throw JobStoreError.incompatibleDatabase(
                "PostgreSQL \(location) schema \(schema) was written by a newer StackShift (schema version "
                    + "\(recorded), this binary knows \(Schema.version)); upgrade stackshift")
        }
        if recorded == nil && (readOnly || !createIfMissing) {
            throw JobStoreError.incompatibleDatabase(
                "no StackShift database in schema \(schema) at \(location); create it with "
                    + "`\(endpoint.url.migrateCommand(schema: schema))`, or check the URL")
        }
        if readOnly {
            guard let recorded, recorded == Schema.version else {
                throw JobStoreError.incompatibleDatabase(
                    "PostgreSQL \(location) schema \(schema) uses an older StackShift schema (\(recorded ?? 0), "
                        + "this binary needs \(Schema.version)); upgrade it with "
                        + "`\(endpoint.url.migrateCommand(schema: schema))`")
            }
        } else {
            if recorded == nil { try await create(connection) }
            // The schema may be newer than this session (another process created it): name it again.
            try await connection.query("SET search_path TO \(unescaped: schema)", logger: logger)
            for migration in Schema.migrations where migration.version > recorded ?? 0 {
                try await apply(migration, connection)
            }
        }
        try await connection.query(
            "SELECT pg_advisory_unlock(hashtext('stackshift:migrate'), hashtext(\(schema)))", logger: logger)
        guard !readOnly, recorded != Schema.version else { return nil }
        return SchemaMigration(from: recorded, to: Schema.version)
    }

    /// The highest applied migration, or nil when the schema has no `stackshift_migrations` table.
    private func recordedVersion(_ connection: PostgresConnection) async throws -> Int? {
        let table = "\(schema).stackshift_migrations"
        let present = try await connection.query("SELECT to_regclass(\(table)) IS NOT NULL AS present", logger: logger)
            .collect().first.map(Row.init)
        guard try present?.bool("present") == true else { return nil }
        let row = try await connection.query(
            "SELECT COALESCE(MAX(version), 0) AS version FROM \(unescaped: schema).stackshift_migrations",
            logger: logger
        ).collect().first.map(Row.init)
        return try row?.int("version") ?? 0
    }

    /// Creates the schema and the migrations table, refusing a schema that already holds other tables.
    private func create(_ connection: PostgresConnection) async throws {
        let tables = try await connection.query(
            "SELECT count(*) AS count FROM pg_tables WHERE schemaname = \(schema)", logger: logger
        ).collect().first.map(Row.init)
        let count = try tables?.int("count") ?? 0
        guard count == 0 else {
            throw JobStoreError.incompatibleDatabase(
                "PostgreSQL \(location) schema \(schema) holds \(count) tables that are not StackShift's "
                    + "(it has no stackshift_migrations table); choose another schema with ?schema=NAME")
        }
        try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(schema).\(Schema.migrationsTable)"), logger: logger)
    }

    /// Applies one migration and records it, in one transaction.
    private func apply(_ migration: Schema.Migration, _ connection: PostgresConnection) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                "INSERT INTO stackshift_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
