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

    func open() throws -> DatabasePool {
        if FileManager.default.fileExists(atPath: path) {
            try validateExisting()
        } else if !options.createIfMissing || options.readOnly {
            throw JobStoreError.unavailable(
                "no database at \(path); create one by starting an engine on it, or check the --db path")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            if !options.readOnly {
                try migrate(pool)
            }
            return pool
        } catch {
            throw StoreErrors.map(error, location: path)
        }
    }

    /// Refuses files this binary must not touch; lets through the ones it may open (and maybe migrate).
    private func validateExisting() throws {
        let contents = try inspect()
        switch contents {
        case .empty, .foreign:
            if options.readOnly || !options.createIfMissing {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) is not a StackShift database (it has no stackshift_meta table); "
                        + "check the --db path, or start an engine on a new file")
            }
        case .stackShift(let version):
            if version > Schema.version {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) was written by a newer StackShift (schema \(version), this binary knows "
                        + "\(Schema.version)); upgrade stackshift")
            }
            if version < Schema.version && options.readOnly {
                throw JobStoreError.incompatibleDatabase(
                    "\(path) uses an older StackShift schema (\(version), this binary needs \(Schema.version)); "
                        + "open it once without --read-only to upgrade it")
            }
        }
    }

    /// Reads what the file holds through a read-only connection.
    func inspect() throws -> Contents {
        var readConfiguration = configuration
        readConfiguration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: readConfiguration)
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

    /// Applies pending migrations. Two processes creating the same new file at once may race in GRDB's
    /// migrator; the loser's failure is harmless when the winner left the schema current.
    private func migrate(_ pool: DatabasePool) throws {
        do {
            try Schema.migrator.migrate(pool)
        } catch {
            let current = try? pool.read { db in try Self.contents(db) }
            guard current == .stackShift(version: Schema.version) else { throw error }
        }
    }
}
