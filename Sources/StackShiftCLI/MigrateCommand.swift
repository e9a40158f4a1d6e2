import ArgumentParser
import DurableJobs
import Foundation

/// `stackshift migrate`: the one command besides the demo that creates a database, and the one that upgrades
/// an older one; every other command opens an existing database and refuses a missing one.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the StackShift tables in a new database, or upgrade an older one.",
        discussion: """
            A SQLite file is created if it does not exist (readable by its owner only); a PostgreSQL database \
            must exist, and its schema and tables are created in it. A database written by a newer StackShift, \
            or a file that holds other tables, is refused and left as it was.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            let label = try database.label()
            let operations = try await database.operations(createIfMissing: true)
            let migration = await operations.recordSchemaMigration(of: label, by: .local(via: .cli))
            let done = migration.map { " (\($0.description))" } ?? ""
            StandardStreams.out("\(label) holds the current StackShift schema\(done)")
        }
    }
}
