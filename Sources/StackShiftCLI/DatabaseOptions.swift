import ArgumentParser
import Foundation
import JobStore
import SQLiteJobStore

/// `--db PATH`: which database a command opens.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The StackShift database file (or set STACKSHIFT_DB).")
    var db: String?

    /// The path given by flag or environment.
    func path() throws -> String {
        if let db, !db.isEmpty { return db }
        if let db = ProcessInfo.processInfo.environment["STACKSHIFT_DB"], !db.isEmpty { return db }
        throw CLIError("no database given: pass --db PATH (or set STACKSHIFT_DB)")
    }

    /// Opens an existing StackShift database; never creates one, so a typo writes nothing.
    func openStore(readOnly: Bool = false) throws -> any JobStore {
        let path = try path()
        return try SQLiteJobStore(path: path, options: .init(createIfMissing: false, readOnly: readOnly))
    }
}
