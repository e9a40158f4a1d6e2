import ArgumentParser
import DurableJobs
import Foundation
import JobStore
import Logging
import PostgresJobStore
import SQLiteJobStore

/// `--db PATH|URL` (or `--postgres URL`): which database a command opens.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The StackShift database: a SQLite file, or a postgres:// URL (or set STACKSHIFT_DB).")
    var db: String?

    @Option(name: .long, help: "A PostgreSQL URL, postgres://user:password@host:port/database.")
    var postgres: String?

    /// The location given by flag or environment.
    func location() throws -> String {
        if let postgres, !postgres.isEmpty { return postgres }
        if let db, !db.isEmpty { return db }
        if let db = ProcessInfo.processInfo.environment["STACKSHIFT_DB"], !db.isEmpty { return db }
        throw CLIError("no database given: pass --db PATH (or set STACKSHIFT_DB)")
    }

    /// The location as shown on screen: a URL without its password.
    func label() throws -> String {
        let location = try location()
        guard Self.isPostgres(location), var components = URLComponents(string: location) else { return location }
        if components.password != nil { components.password = "•••" }
        return components.string ?? location
    }

    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// The engine's operations over the existing database: what every command reads and changes through.
    ///
    /// The engine's log stays quiet below errors: a command prints its own outcome, and the console owns the
    /// terminal.
    func operations(readOnly: Bool = false) async throws -> Operations {
        var logger = Logger(label: "stackshift")
        logger.logLevel = .error
        return StackShift(store: try await openStore(readOnly: readOnly), logger: logger).operations
    }

    /// Opens an existing StackShift database; a SQLite file is never created, so a typo writes nothing.
    func openStore(readOnly: Bool = false) async throws -> any JobStore {
        let location = try location()
        if Self.isPostgres(location) {
            return try await PostgresJobStore.connect(url: location, options: .init(readOnly: readOnly))
        }
        return try SQLiteJobStore(path: location, options: .init(createIfMissing: false, readOnly: readOnly))
    }
}
