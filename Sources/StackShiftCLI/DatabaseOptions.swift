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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What a commit to a SQLite file survives: normal (a crash of the process; the default) or full (a power "
                + "loss too, at the cost of a disk sync per commit).",
            valueName: "normal|full"))
    var durability: String?

    /// The location given by flag or environment: a SQLite path or a PostgreSQL URL, nothing else.
    func location() throws -> String {
        let given =
            [postgres, db, ProcessInfo.processInfo.environment["STACKSHIFT_DB"]].compactMap { $0 }.first {
                !$0.isEmpty
            }
        guard let location = given else {
            throw CLIError("no database given: pass --db PATH (or set STACKSHIFT_DB)")
        }
        if let scheme = Self.urlScheme(location), !Self.isPostgres(location) {
            throw CLIError(
                "\(scheme):// databases are not supported: give a SQLite file path, or a postgres:// URL")
        }
        return location
    }

    /// `mysql` for `mysql://…`; nil for a path (a file may have `:` in its name, but not `://` after letters).
    static func urlScheme(_ location: String) -> String? {
        guard let range = location.range(of: "://") else { return nil }
        let scheme = location[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return nil }
        return String(scheme)
    }

    /// The location as shown on screen: a URL without its password.
    func label() throws -> String {
        let location = try location()
        guard Self.isPostgres(location), var components = URLComponents(string: location) else { return location }
        if components.password != nil { components.password = "•••" }
        return components.string ?? location
    }

    /// The database options a suggested command repeats so it acts on the same database: none when the location
    /// comes from `STACKSHIFT_DB` (it is still set), else `--db` with the location, a password shown as the
    /// placeholder `PASSWORD` so it is never printed; and `--durability` when it was chosen.
    func suggestedArguments() -> [String] {
        let chosen = ((try? chosenDurability()) ?? nil).map { ["--durability", $0.rawValue] } ?? []
        guard let given = [postgres, db].compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return chosen }
        guard Self.isPostgres(given), var components = URLComponents(string: given), components.password != nil
        else { return ["--db", given] + chosen }
        components.password = "PASSWORD"
        return ["--db", components.string ?? given] + chosen
    }

    /// A `stackshift` command the user can paste: the words after `stackshift` (group and verb first), with
    /// this database's options after the verb, each word quoted for a shell.
    func suggestedCommand(_ words: [String]) -> String {
        ShellCommand.stackshift(words, databaseArguments: suggestedArguments())
    }

    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// `--durability`'s value: nil when not given.
    ///
    /// - Throws: ``CLIError`` naming the values there are.
    func chosenDurability() throws -> SQLiteJobStore.Durability? {
        guard let durability else { return nil }
        guard let chosen = SQLiteJobStore.Durability(rawValue: durability.lowercased()) else {
            throw CLIError("--durability takes normal or full, not \(ShellCommand.quote(durability))")
        }
        return chosen
    }

    /// The engine's operations over the existing database: what every command reads and changes through.
    func operations(readOnly: Bool = false, createIfMissing: Bool = false) async throws -> Operations {
        try await Self.operations(
            location: try location(), readOnly: readOnly, createIfMissing: createIfMissing,
            durability: try chosenDurability())
    }

    /// Opens an existing StackShift database (or, with `createIfMissing`, creates it); without it a SQLite
    /// file is never created, so a typo writes nothing.
    func openStore(readOnly: Bool = false, createIfMissing: Bool = false) async throws -> any JobStore {
        try await Self.openStore(
            location: try location(), readOnly: readOnly, createIfMissing: createIfMissing,
            durability: try chosenDurability())
    }

    /// The engine's operations over the existing database at `location`.
    ///
    /// The engine's log stays quiet below errors: a command prints its own outcome, and the console owns the
    /// terminal.
    static func operations(
        location: String, readOnly: Bool, createIfMissing: Bool = false, durability: SQLiteJobStore.Durability? = nil
    ) async throws -> Operations {
        var logger = Logger(label: "stackshift")
        logger.logLevel = .error
        let store = try await openStore(
            location: location, readOnly: readOnly, createIfMissing: createIfMissing, durability: durability)
        return StackShift(store: store, logger: logger).operations
    }

    /// Opens the database at `location`. Only `migrate` and the demo pass `createIfMissing`: for every other
    /// command neither a SQLite file nor a PostgreSQL schema is created.
    ///
    /// - Throws: ``CLIError`` when a durability is given for PostgreSQL, whose commits are as durable as
    ///   its server's `synchronous_commit` says.
    static func openStore(
        location: String, readOnly: Bool, createIfMissing: Bool = false,
        durability: SQLiteJobStore.Durability? = nil
    ) async throws
        -> any JobStore
    {
        if isPostgres(location) {
            if durability != nil {
                throw CLIError(
                    "--durability is for SQLite files: a PostgreSQL server's commits are as durable as its "
                        + "synchronous_commit setting; drop --durability")
            }
            return try await PostgresJobStore.connect(
                url: location, options: .init(createIfMissing: createIfMissing, readOnly: readOnly))
        }
        return try SQLiteJobStore(
            path: location,
            options: .init(
                createIfMissing: createIfMissing, readOnly: readOnly, durability: durability ?? .normal))
    }
}
