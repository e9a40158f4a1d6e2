import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Testing

/// Every command and option README documents, run as a user would: each with an exact outcome.
@Suite("stackshift: every documented command", .temporaryFolders, .timeLimit(.minutes(3)))
struct CommandCoverageTests {
    /// The checkout's `themes` folder.
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path

    @Test("themes check passes the shipped themes and fails a broken file, naming the field")
    func themesCheck() async throws {
        let shipped = try await CLIProcess.run(["themes", "check", "--themes-dir", Self.themes])
        #expect(shipped.status == 0, "\(shipped.stdout)")
        for name in ["colorblind", "default", "high-contrast", "light", "monochrome"] {
            #expect(shipped.stdout.contains("ok    \(Self.themes)/\(name).yaml (theme \(name))"), "\(shipped.stdout)")
        }
        #expect(shipped.stdout.hasSuffix("5 passed, 0 failed\n"))
        let folder = try temporaryDirectory()
        let broken = folder.appendingPathComponent("broken.yaml")
        try Data("name: broken\npalette:\n  red: \"#zz\"\n".utf8).write(to: broken)
        let checked = try await CLIProcess.run(["themes", "check", broken.path])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("FAIL  \(broken.path) (theme broken)"), "\(checked.stdout)")
        #expect(checked.stdout.contains("error palette.red: '#zz' is not a colour"), "\(checked.stdout)")
        #expect(checked.stdout.hasSuffix("0 passed, 1 failed\n"), "\(checked.stdout)")
    }

    @Test("STACKSHIFT_DB names the database when --db is not given; --db wins over it")
    func databaseFromEnvironment() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let fromEnvironment = try await CLIProcess.run(
            ["runs", "list", "--json"], environment: ["STACKSHIFT_DB": db.path])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let runs = try JSONDecoder.iso.decode([RunRecord].self, from: Data(fromEnvironment.stdout.utf8))
        #expect(Set(runs.map(\.id)) == [db.failed, db.queued, db.scheduled])
        let missing = try temporaryDirectory().appendingPathComponent("other.sqlite").path
        let flagWins = try await CLIProcess.run(
            ["runs", "list", "--db", missing], environment: ["STACKSHIFT_DB": db.path])
        #expect(flagWins.status == 1 && flagWins.stderr.hasPrefix("stackshift: no database at \(missing)"))
    }

    @Test("runs list filters by --job, --status and --queue; events list by --unconsumed")
    func listFilters() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        func ids(_ arguments: [String]) async throws -> Set<String> {
            let output = try await CLIProcess.run(["runs", "list", "--json", "--db", db.path] + arguments)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            return Set(try JSONDecoder.iso.decode([RunRecord].self, from: Data(output.stdout.utf8)).map(\.id))
        }
        #expect(try await ids(["--job", "charge"]) == [db.failed])
        #expect(try await ids(["--job", "mail", "--status", "scheduled"]) == [db.scheduled])
        #expect(try await ids(["--queue", "emails", "--status", "queued"]) == [db.queued])
        #expect(try await ids(["--status", "completed"]).isEmpty)
        for (key, consumed) in [("k1", false), ("k2", false)] {
            let sent = try await CLIProcess.run(["events", "send", "ping", "--key", key, "--db", db.path])
            #expect(sent.status == 0 && !consumed, "\(sent.stderr)")
        }
        let unconsumed = try await CLIProcess.run(["events", "list", "--unconsumed", "--json", "--db", db.path])
        let events = try JSONDecoder.iso.decode([EventRecord].self, from: Data(unconsumed.stdout.utf8))
        #expect(events.map(\.key).sorted() == ["k1", "k2"])
    }
}
