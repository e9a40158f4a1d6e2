import Foundation
import GRDB
import Testing

/// Issue 14's catalogue of bad and hostile input, one row per case: the command, its exit status, the message it
/// must print, and a database that must be left exactly as it was with no new file beside it. Add a row for every
/// new case found; the table only grows.
///
/// The one row a refused operator action may add is its `refused: …` entry in the audit trail: a record that it
/// was tried, not a change. A command line refused before anything runs (status 64) adds none.
@Suite("Hostile input catalogue", .catalogueTemplate, .temporaryFolders, .timeLimit(.minutes(5)))
struct HostileInputCatalogueTests {
    @Test(arguments: HostileCase.all)
    func refused(_ row: HostileCase) async throws {
        let database = try await CatalogueDatabase.make()
        defer { try? FileManager.default.removeItem(at: database.folder) }
        let before = try database.fingerprint()
        let trailBefore = try database.auditOutcomes()
        let filesBefore = try database.files()
        let output = try await CLIProcess.run(row.arguments(in: database))
        #expect(output.status == row.status, "stderr: \(output.stderr)")
        #expect(output.stderr.contains(row.expectedMessage(in: database)), "stderr: \(output.stderr)")
        #expect(!output.stderr.contains("Fatal error") && !output.stderr.contains("NSCocoaErrorDomain"))
        if row.status == 1 {
            #expect(output.stderr.hasPrefix("stackshift: ") && output.stderr.split(separator: "\n").count == 1)
        }
        #expect(try database.fingerprint() == before, "the database changed")
        let recorded = try database.auditOutcomes().dropFirst(trailBefore.count)
        #expect(recorded.count <= (row.status == 1 ? 1 : 0), "audit entries added: \(recorded)")
        #expect(recorded.allSatisfy { $0.hasPrefix("refused: ") }, "audit entries added: \(recorded)")
        #expect(try database.files() == filesBefore, "a file was created or removed")
    }

    @Test("negative numbers are values, as the help says")
    func negativeNumbers() async throws {
        let database = try await CatalogueDatabase.make()
        defer { try? FileManager.default.removeItem(at: database.folder) }
        let set = try await CLIProcess.run(["state", "set", "balance", "-5", "--db", database.path])
        #expect(set.status == 0 && set.stdout == "balance = -5 (version 1)\n", "\(set.stderr)")
        let decrement = try await CLIProcess.run(["state", "increment", "balance", "--by", "-5", "--db", database.path])
        #expect(decrement.status == 0 && decrement.stdout == "balance = -10\n", "\(decrement.stderr)")
        let typed = try await CLIProcess.run(["state", "set", "delta", "-0.5", "--ttl", "90", "--db", database.path])
        #expect(typed.status == 0 && typed.stdout == "delta = -0.5 (version 1)\n", "\(typed.stderr)")
    }

    @Test("an argument that is not UTF-8 is refused, not rewritten")
    func invalidUTF8Argument() async throws {
        let database = try await CatalogueDatabase.make()
        defer { try? FileManager.default.removeItem(at: database.folder) }
        let before = try database.fingerprint()
        // A Swift String cannot hold the invalid byte; the shell passes it through as given.
        let binary = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let output = try await CLIProcess.shell(
            "\"$0\" state set \"$(printf 'key\\377')\" 1 --db \"$1\"", arguments: [binary, database.path])
        #expect(output.status == 64)
        #expect(
            output.stderr == "stackshift: argument 3 is not valid UTF-8 text; give names, keys and paths in UTF-8\n")
        #expect(try database.fingerprint() == before)
    }

    @Test("run ids named twice are acted on once")
    func duplicateIds() async throws {
        let database = try await CatalogueDatabase.make()
        defer { try? FileManager.default.removeItem(at: database.folder) }
        let output = try await CLIProcess.run(
            ["runs", "cancel", database.queuedRun, database.queuedRun, database.queuedRun, "--db", database.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "run \(database.queuedRun) is canceled\n")
    }
}

/// One row of the catalogue.
struct HostileCase: Sendable, CustomTestStringConvertible {
    /// What the row tries, in a few words.
    let name: String
    /// The command; `{db}` is the catalogue database, `{dir}` its folder (where files named in the row live).
    let command: [String]
    /// The exit status: 1 for a refused operation, 64 for a command line ArgumentParser refuses.
    let status: Int32
    /// Text the message on stderr must contain.
    let message: String

    var testDescription: String { name }

    func arguments(in database: CatalogueDatabase) -> [String] { command.map { database.expand($0) } }

    func expectedMessage(in database: CatalogueDatabase) -> String { database.expand(message) }

    private static let db = ["--db", "{db}"]

    /// Every case, grouped by the issue's points.
    static let all: [HostileCase] =
        numbers + nothingByAccident + boundedWork + clearMessages

    /// Point 1: no crash on any number.
    static let numbers: [HostileCase] =
        ["nan", "inf", "-inf", "1e300", "99999999999999999999d", "1e-300", "-5", "0", "1e308s"].map { ttl in
            HostileCase(
                name: "state set --ttl \(ttl)", command: ["state", "set", "k", "1", "--ttl", ttl] + db, status: 1,
                message: "--ttl \(ttl) is")
        }
        + ["inf", "nan", "-1h", "0", "1e300d"].map { retention in
            HostileCase(
                name: "events send --retention \(retention)",
                command: ["events", "send", "paid", "--key", "k", "--retention", retention] + db, status: 1,
                message: "--retention \(retention) is")
        }
        + ["1e308s", "nan", "inf", "-1s", "0s"].map { duration in
            HostileCase(
                name: "demo --duration \(duration)",
                command: ["demo", "--headless", "--duration", duration, "--db", "{dir}/new.sqlite"], status: 1,
                message: "--duration \(duration) is")
        }
        + ["1e-300", "nan", "inf", "0", "-3", "1e300"].map { speed in
            HostileCase(
                name: "demo --speed \(speed)",
                command: ["demo", "--headless", "--speed", speed, "--db", "{dir}/new.sqlite"], status: 1,
                message: "the speed must be from 0.01 to 10000")
        }
        + ["0", "100001", "1e300", "nan"].map { limit in
            HostileCase(
                name: "queues limit \(limit)", command: ["queues", "limit", "emails", limit] + db, status: 1,
                message: "is not a number from 1 to 100000")
        }
        + [
            HostileCase(
                name: "state increment --by beyond Int64",
                command: ["state", "increment", "k", "--by", "99999999999999999999"] + db, status: 64,
                message: "99999999999999999999"),
            HostileCase(
                name: "state set --if-version nan", command: ["state", "set", "k", "1", "--if-version", "nan"] + db,
                status: 64, message: "nan"),
        ]

    /// Point 3: nothing created or lost by accident.
    static let nothingByAccident: [HostileCase] = [
        HostileCase(
            name: "state increment with an empty key", command: ["state", "increment", ""] + db, status: 1,
            message: "a state key cannot be empty"),
        HostileCase(
            name: "state set with an empty key", command: ["state", "set", "", "1"] + db, status: 1,
            message: "a state key cannot be empty"),
        HostileCase(
            name: "a missing database file is not created",
            command: ["state", "set", "k", "1", "--db", "{dir}/typo.sqlite"], status: 1, message: "no database at"),
        HostileCase(
            name: "runs list --limit 0", command: ["runs", "list", "--limit", "0"] + db, status: 64,
            message: "--limit 0 is out of range: show from 1 to 10000 rows"),
        HostileCase(
            name: "events list --limit -1", command: ["events", "list", "--limit", "-1"] + db, status: 64,
            message: "--limit -1 is out of range"),
        HostileCase(
            name: "state list --limit 1000000000", command: ["state", "list", "--limit", "1000000000"] + db,
            status: 64, message: "--limit 1000000000 is out of range"),
        HostileCase(
            name: "a queue that does not exist is not created by pausing it",
            command: ["queues", "pause", "emials"] + db, status: 1, message: "no queue named emials"),
        HostileCase(
            name: "two values for state set", command: ["state", "set", "k", "1", "2"] + db, status: 64,
            message: "give one value (quote JSON with spaces); got 2: 1 2"),
        HostileCase(
            name: "invalid JSON as a state value", command: ["state", "set", "k", "{\"a\":"] + db, status: 1,
            message: "the value is not valid JSON"),
        HostileCase(
            name: "invalid JSON as a payload",
            command: ["events", "send", "paid", "--key", "k", "--payload", "{"] + db,
            status: 1, message: "the payload is not valid JSON"),
        HostileCase(
            name: "retry --fresh with --from-step",
            command: ["runs", "retry", "run_x", "--fresh", "--from-step", "charge"] + db, status: 64,
            message: "--fresh and --from-step cannot be used together"),
        HostileCase(
            name: "retry without ids or --all", command: ["runs", "retry"] + db, status: 64,
            message: "name run ids, or pass --all"),
        HostileCase(
            name: "an unknown run id", command: ["runs", "show", "run_nope"] + db, status: 1,
            message: "no run with id run_nope"),
        HostileCase(
            name: "events delete an unknown id", command: ["events", "delete", "999999"] + db, status: 1,
            message: "no event with id 999999 (it may have expired or been deleted"),
        HostileCase(
            name: "events delete a word", command: ["events", "delete", "latest"] + db, status: 64,
            message: "latest"),
        HostileCase(
            name: "events delete beyond Int64", command: ["events", "delete", "99999999999999999999"] + db,
            status: 64, message: "99999999999999999999"),
        HostileCase(
            name: "audit list --since nan", command: ["audit", "list", "--since", "nan"] + db, status: 1,
            message: "--since nan is not a duration"),
        HostileCase(
            name: "audit list --since -1h", command: ["audit", "list", "--since", "-1h"] + db, status: 1,
            message: "--since -1h is"),
        HostileCase(
            name: "audit list --limit 0", command: ["audit", "list", "--limit", "0"] + db, status: 64,
            message: "--limit 0 is out of range: show from 1 to 10000 rows"),
        HostileCase(
            name: "audit list --limit 1e300", command: ["audit", "list", "--limit", "1e300"] + db, status: 64,
            message: "1e300"),
    ]

    /// Point 4: bounded work for any input.
    static let boundedWork: [HostileCase] = [
        HostileCase(
            name: "a payload file over 16 MiB",
            command: ["events", "send", "paid", "--key", "k", "--payload", "@{dir}/big.json"] + db, status: 1,
            message: "payload file {dir}/big.json is 16777217 bytes; the most is 16777216 (16 MiB)"),
        HostileCase(
            name: "a FIFO as the payload file",
            command: ["events", "send", "paid", "--key", "k", "--payload", "@{dir}/pipe"] + db, status: 1,
            message: "is not a regular file"),
        HostileCase(
            name: "/dev/zero as the payload file",
            command: ["events", "send", "paid", "--key", "k", "--payload", "@/dev/zero"] + db, status: 1,
            message: "is not a regular file"),
        HostileCase(
            name: "a FIFO as the database", command: ["runs", "list", "--db", "{dir}/pipe"], status: 1,
            message: "{dir}/pipe is a named pipe (FIFO), not a database file"),
    ]

    /// Point 6: clear messages for the rest.
    static let clearMessages: [HostileCase] = [
        HostileCase(
            name: "a directory as the database", command: ["runs", "list", "--db", "{dir}"], status: 1,
            message: "{dir} is a directory, not a database file"),
        HostileCase(
            name: "a mysql:// URL", command: ["runs", "list", "--db", "mysql://root@localhost/jobs"], status: 1,
            message: "mysql:// databases are not supported: give a SQLite file path, or a postgres:// URL"),
        HostileCase(
            name: "a payload file with invalid UTF-8",
            command: ["events", "send", "paid", "--key", "k", "--payload", "@{dir}/latin1.json"] + db, status: 1,
            message: "is not valid UTF-8 text"),
        HostileCase(
            name: "a payload file that does not exist",
            command: ["events", "send", "paid", "--key", "k", "--payload", "@{dir}/nope.json"] + db, status: 1,
            message: "cannot read the payload file {dir}/nope.json"),
        HostileCase(
            name: "a lone surrogate in JSON",
            command: ["events", "send", "paid", "--key", "k", "--payload", #"{"name":"\ud800"}"#] + db, status: 1,
            message: "a lone surrogate is not a character"),
        HostileCase(
            name: "a themes folder that does not exist", command: ["themes", "check", "--themes-dir", "{dir}/nope"],
            status: 64, message: "--themes-dir {dir}/nope: no such folder"),
        HostileCase(
            name: "a theme path that does not exist", command: ["console", "--theme", "{dir}/nope.yaml"] + db,
            status: 1, message: "{dir}/nope.yaml"),
        HostileCase(
            name: "an unknown command followed by options", command: ["nosuch", "--db", "x", "--foo"], status: 64,
            message: "stackshift has no command nosuch; its commands are demo, console, runs"),
        HostileCase(
            name: "an unknown subcommand", command: ["runs", "lsit"] + db, status: 64,
            message: "stackshift runs has no command lsit; its commands are list, show, why, retry, cancel"),
        HostileCase(
            name: "a 100 KB search",
            command: ["runs", "list", "--search", String(repeating: "a", count: 100_000)] + db,
            status: 1, message: "the search text is 100,000 bytes long; the limit is 1,024 bytes"),
        HostileCase(
            name: "a 20 KB state key", command: ["state", "set", String(repeating: "k", count: 20_000), "1"] + db,
            status: 1, message: "the state key is 20,000 bytes long; the limit is 1,024 bytes"),
        HostileCase(
            name: "the demo on a file with other tables",
            command: ["demo", "--headless", "--duration", "1s", "--db", "{dir}/other.sqlite"],
            status: 1, message: "{dir}/other.sqlite is not a StackShift database (it holds other tables"),
        HostileCase(
            name: "migrate on a file with other tables", command: ["migrate", "--db", "{dir}/other.sqlite"], status: 1,
            message: "{dir}/other.sqlite is not a StackShift database (it holds other tables"),
        HostileCase(
            name: "a database in a folder that does not exist", command: ["migrate", "--db", "{dir}/no/such.sqlite"],
            status: 1, message: "the directory {dir}/no does not exist"),
    ]
}

/// A real StackShift database in its own folder, with the files the catalogue's rows name beside it.
struct CatalogueDatabase {
    let folder: URL
    let path: String
    let queuedRun: String

    /// The prepared database every row copies, made once per suite run: checkpointed, so its main file holds
    /// every row. Removed when the suite ends (see ``CatalogueTemplate``).
    struct Template: Sendable {
        let path: String
        let queued: String

        static func prepare() async throws -> Template {
            let prepared = try await RunsCommandTests.preparedDatabase()
            let queue = try DatabaseQueue(path: prepared.path)
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try queue.close()
            return Template(path: prepared.path, queued: prepared.queued)
        }
    }

    /// A copy of one prepared database, so every row starts from the same rows and none sees another's changes.
    static func make() async throws -> CatalogueDatabase {
        let template = try #require(CatalogueTemplate.current, "the suite carries the .catalogueTemplate trait")
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("jobs.sqlite").path
        try FileManager.default.copyItem(atPath: template.path, toPath: path)
        // Sparse: one byte over the limit costs no disk.
        let big = folder.appendingPathComponent("big.json")
        guard FileManager.default.createFile(atPath: big.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 16 * 1024 * 1024 + 1)
        try handle.close()
        try Data([0x22, 0xE9, 0x22]).write(to: folder.appendingPathComponent("latin1.json"))
        guard mkfifo(folder.appendingPathComponent("pipe").path, 0o600) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        let other = try DatabaseQueue(path: folder.appendingPathComponent("other.sqlite").path)
        try await other.write { db in try db.execute(sql: "CREATE TABLE customers(id INTEGER PRIMARY KEY, email TEXT)")
        }
        try other.close()
        return CatalogueDatabase(folder: folder, path: path, queuedRun: template.queued)
    }

    /// The text with `{db}` and `{dir}` replaced by this database's path and folder.
    func expand(_ text: String) -> String {
        text.replacingOccurrences(of: "{db}", with: path).replacingOccurrences(of: "{dir}", with: folder.path)
    }

    /// Every row of every table but the audit trail (and its id counter), in a stable order: equal before and
    /// after means nothing was changed. The trail is compared apart (``auditOutcomes()``).
    func fingerprint() throws -> String {
        try read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit' ORDER BY name")
            return try tables.map { table in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)"
                        + (table == "sqlite_sequence" ? " WHERE name <> 'audit'" : ""))
                return "\(table): " + rows.map(\.description).sorted().joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }

    /// The outcome of every audit entry, oldest first.
    func auditOutcomes() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT outcome FROM audit ORDER BY id") }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// The folder's file names, without SQLite's own `-wal` and `-shm` files (readers may create those).
    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }.sorted()
    }
}

/// Prepares the catalogue's template database once, before the suite's tests, and removes it when they end.
struct CatalogueTemplate: SuiteTrait, TestScoping {
    /// The template of the running suite; nil outside it.
    @TaskLocal static var current: CatalogueDatabase.Template?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let folders = TemporaryFolders.FolderList()
        defer { folders.removeAll() }
        let template = try await TemporaryFolders.$current.withValue(folders) {
            try await CatalogueDatabase.Template.prepare()
        }
        try await Self.$current.withValue(template) { try await function() }
    }
}

extension Trait where Self == CatalogueTemplate {
    /// Prepares the catalogue's template database for the suite.
    static var catalogueTemplate: Self { CatalogueTemplate() }
}
