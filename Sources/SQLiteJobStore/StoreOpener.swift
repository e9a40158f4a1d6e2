import Foundation
import GRDB
import JobStore

/// Opens a store file: checks an existing file read-only first, so a file that fails the checks is
/// never written to (a `DatabasePool` switches the file to WAL mode, which rewrites its header).
struct StoreOpener {
    let path: String
    let options: SQLiteJobStore.Options
    let configuration: Configuration

    /// What an existing file holds.
    enum Contents: Equatable {
        /// A SQLite database without tables (or an empty file).
        case empty
        /// A SQLite database with tables, none of them StackShift's.
        case foreign
        /// A StackShift database at this schema version.
        case stackShift(version: Int)
    }

    /// Opens the file, creating and migrating it as the options allow; returns the pool and what the
    /// migration did (nil when the schema was current, or the store is read-only).
    func open() throws -> (pool: DatabasePool, migration: SchemaMigration?) {
        let file = StoreFile(path: path)
        var created = false
        switch file.kind() {
        case .refused(let reason):
            throw JobStoreError.unavailable(reason)
        case .missing:
            guard options.createIfMissing && !options.readOnly else {
                throw JobStoreError.unavailable(
                    "no database at \(path); create it with `\(Self.migrateCommand(path))`, or check the --db path")
            }
            created = try file.createPrivately()
            if !created { try validateExisting(file) }
        case .regular:
            try validateExisting(file)
        }
        do {
            let pool = try DatabasePool(path: try openingPath(file), configuration: configuration)
            if !options.readOnly {
                // After the pool's own WAL set-up, which sets NORMAL; the settings belong to the writer
                // connection, so they hold for every commit this store makes.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(options.durability.synchronousPragma)")
                    // Group commit runs each write in a savepoint, and SQLite journals a savepoint's pages in a
                    // temporary file once they pass 64 KiB: a file created, written and deleted by nearly every
                    // batch (27,000 of the writer's 33,000 writes in 3 s of a 64-run drain). In memory, that
                    // journal is at most the pages one batch changes.
                    try db.execute(sql: "PRAGMA temp_store = MEMORY")
                }
                return (pool, try migrate(pool))
            }
            return (pool, nil)
        } catch {
            if created { file.removeIfEmpty() }
            throw StoreErrors.map(error, location: path)
        }
    }

    /// `stackshift migrate --db PATH`, quoted for a shell: the command that creates or upgrades a store.
    static func migrateCommand(_ path: String) -> String {
        ShellCommand.line(["stackshift", "migrate", "--db", path])
    }

    /// Refuses files this binary must not touch; lets through the ones it may open (and maybe migrate).
    private func validateExisting(_ file: StoreFile) throws {
        try checkWritable(file)
        let contents = try inspect(file)
        switch contents {
        case .empty:
            if options.readOnly || !options.createIfMissing {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) is not a StackShift database (it has no tables yet); create them with "
                        + "`\(Self.migrateCommand(path))`, or check the --db path")
            }
        case .foreign:
            // Never adds StackShift's tables to someone else's database, even when it may create them, as the
            // PostgreSQL driver refuses a schema holding other tables.
            throw JobStoreError.incompatibleDatabase(
                "\(path) is not a StackShift database (it holds other tables, and no stackshift_meta table); "
                    + "check the --db path, or use a new file")
        case .stackShift(let version):
            if version > Schema.version {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) was written by a newer StackShift (schema \(version), this binary knows "
                        + "\(Schema.version)); upgrade stackshift")
            }
            if version < Schema.version && options.readOnly {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) uses an older StackShift schema (\(version), this binary needs \(Schema.version)); "
                        + "upgrade it with `\(Self.migrateCommand(path))`")
            }
        }
    }

    /// Reads what the file holds through a read-only connection.
    func inspect(_ file: StoreFile) throws -> Contents {
        var readConfiguration = configuration
        readConfiguration.readonly = true
        do {
            let queue = try DatabaseQueue(path: try openingPath(file), configuration: readConfiguration)
            defer { try? queue.close() }
            return try queue.read { db in try Self.contents(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw JobStoreError.incompatibleDatabase(
                "\(path) is not a SQLite database (its header is not SQLite's); check the --db path")
        } catch {
            throw StoreErrors.map(error, location: path)
        }
    }

    static func contents(_ db: Database) throws -> Contents {
        let tables = try String.fetchSet(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        guard tables.contains(Schema.metaTable) else {
            return tables.isEmpty ? .empty : .foreign
        }
        let version = try Schema.recordedVersion(db)
        return .stackShift(version: version)
    }

    /// Applies pending migrations and says what they did: what the file held before, against the current
    /// version. Two processes creating the same new file at once may race in GRDB's migrator; the loser's
    /// failure is harmless when the winner left the schema current, and it reports nothing.
    private func migrate(_ pool: DatabasePool) throws -> SchemaMigration? {
        // On the writer: a reader connection opened here would outlive the writer when the store closes,
        // and a read-only last connection leaves the -wal and -shm files behind.
        let before = try pool.writeWithoutTransaction { db in try Self.contents(db) }
        do {
            try Schema.migrator.migrate(pool)
        } catch {
            // A schema that was current left the migrator nothing to race over: its failure is real (a
            // read-only directory, a locked file).
            let current = try? pool.read { db in try Self.contents(db) }
            guard before != .stackShift(version: Schema.version), current == .stackShift(version: Schema.version)
            else { throw error }
            return nil
        }
        switch before {
        case .stackShift(let version) where version == Schema.version: return nil
        case .stackShift(let version): return SchemaMigration(from: version, to: Schema.version)
        case .empty, .foreign: return SchemaMigration(from: nil, to: Schema.version)
        }
    }
}
