import DurableJobs
import Foundation
import JobStore
import Testing

/// `stackshift audit list` and `stackshift events delete`: the trail of what operators did, read back.
@Suite("stackshift audit and events delete", .temporaryFolders, .timeLimit(.minutes(3)))
struct AuditCommandTests {
    /// The trail as `audit list --json` prints it, with `arguments` added.
    static func trail(_ path: String, _ arguments: [String] = []) async throws -> [AuditEntry] {
        let output = try await CLIProcess.run(["audit", "list", "--json", "--db", path] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONDecoder.iso.decode([AuditEntry].self, from: Data(output.stdout.utf8))
    }

    @Test("audit list shows who did what through the CLI, done or refused, as a table and as JSON; --run filters")
    func list() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let ada = ["USER": "ada"]
        let retried = try await CLIProcess.run(["runs", "retry", db.failed, "--db", db.path], environment: ada)
        #expect(retried.status == 0, "\(retried.stderr)")
        let canceled = try await CLIProcess.run(
            ["runs", "cancel", db.queued, "--reason", "duplicate order", "--db", db.path], environment: ada)
        #expect(canceled.status == 0, "\(canceled.stderr)")
        let refused = try await CLIProcess.run(["queues", "pause", "emials", "--db", db.path], environment: ada)
        #expect(refused.status == 1)

        let entries = try await Self.trail(db.path)
        #expect(entries.map(\.action) == ["pause-queue", "cancel", "retry"])
        #expect(entries.map(\.target) == ["emials", db.queued, db.failed])
        #expect(entries.allSatisfy { $0.actor.hasPrefix("ada@") && $0.channel == "cli" })
        #expect(entries.map(\.outcome) == ["refused: no queue named emials (queues: billing, emails)", "done", "done"])
        #expect(
            entries[1].detail == "duplicate order"
                && entries[2].detail == "after failed (failure budget raised to 2, completed steps kept)")
        #expect(try await Self.trail(db.path, ["--run", db.failed]).map(\.action) == ["retry"])
        #expect(try await Self.trail(db.path, ["--limit", "1"]).map(\.action) == ["pause-queue"])
        #expect(try await Self.trail(db.path, ["--since", "1h"]).count == 3)

        let show = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path, "--json"])
        let detail = try JSONDecoder.iso.decode(RunDetail.self, from: Data(show.stdout.utf8))
        let message = try #require(detail.timeline.last?.message)
        #expect(message.hasPrefix("retried after failed by ada@") && message.contains(" via cli ("), "\(message)")

        let table = try await CLIProcess.run(["audit", "list", "--db", db.path])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(table.stdout)")
        #expect(lines.first?.hasPrefix("ID  AT") == true, "\(table.stdout)")
        #expect(lines[1].contains("pause-queue") && lines[1].contains("refused: no queue named emials"))
        #expect(lines[3].contains("retry") && lines[3].contains(db.failed) && lines[3].contains(" cli "))
    }

    @Test("migrate is an audited action when it creates or upgrades the tables, and says which; a current one is not")
    func migrateAudited() async throws {
        let path = try temporaryDirectory().appendingPathComponent("new.sqlite").path
        let created = try await CLIProcess.run(["migrate", "--db", path], environment: ["USER": "ada"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "\(path) holds the current StackShift schema (created at schema 9)\n")
        let again = try await CLIProcess.run(["migrate", "--db", path])
        #expect(again.stdout == "\(path) holds the current StackShift schema\n")

        let entries = try await Self.trail(path)
        #expect(entries.map(\.action) == ["migrate"])
        #expect(entries.first?.target == path)
        #expect(entries.first?.detail == "created at schema 9")
        #expect(entries.first?.actor.hasPrefix("ada@") == true && entries.first?.channel == "cli")
        #expect(entries.first?.outcome == "done")
    }

    @Test("audit list with nothing to show says so; a bad --since or --limit is one line naming the option")
    func emptyAndBadInput() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let empty = try await CLIProcess.run(["audit", "list", "--db", db.path])
        #expect(empty.status == 0 && empty.stdout == "no operator actions\n", "\(empty.stdout)")
        let none = try await CLIProcess.run(["audit", "list", "--since", "1h", "--run", "run_x", "--db", db.path])
        #expect(none.stdout == "no operator actions in the last 1h on run run_x\n", "\(none.stdout)")
        let since = try await CLIProcess.run(["audit", "list", "--since", "nan", "--db", db.path])
        #expect(since.status == 1 && since.stderr.hasPrefix("stackshift: --since nan is not a duration"))
        #expect(since.stderr.split(separator: "\n").count == 1)
        let limit = try await CLIProcess.run(["audit", "list", "--limit", "0", "--db", db.path])
        #expect(limit.status == 64 && limit.stderr.contains("--limit 0 is out of range"), "\(limit.stderr)")
    }

    @Test("events delete removes an event, so a later wait misses it; an unknown id is refused and recorded")
    func deleteEvent() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let sent = try await CLIProcess.run(["events", "send", "ping", "--key", "k1", "--db", db.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        let listed = try await CLIProcess.run(["events", "list", "--json", "--db", db.path])
        let event = try #require(try JSONDecoder.iso.decode([EventRecord].self, from: Data(listed.stdout.utf8)).first)

        let deleted = try await CLIProcess.run(["events", "delete", "\(event.id)", "--db", db.path])
        #expect(deleted.status == 0 && deleted.stdout == "deleted event \(event.id)\n", "\(deleted.stderr)")
        let after = try await CLIProcess.run(["events", "list", "--db", db.path])
        #expect(after.stdout == "no events\n")
        let again = try await CLIProcess.run(["events", "delete", "\(event.id)", "--db", db.path])
        #expect(again.status == 1)
        #expect(
            again.stderr == "stackshift: no event with id \(event.id) (it may have expired or been deleted; "
                + "list events with `stackshift events list`)\n")
        let notANumber = try await CLIProcess.run(["events", "delete", "abc", "--db", db.path])
        #expect(notANumber.status == 64, "\(notANumber.stderr)")

        let entries = try await Self.trail(db.path)
        #expect(entries.map(\.action) == ["delete-event", "delete-event", "send-event"])
        #expect(entries.map(\.target) == ["\(event.id)", "\(event.id)", "ping"])
        #expect(entries[0].refused && !entries[1].refused)
        #expect(entries[1].detail == "ping key k1, payload null", "what the deleted event was")
    }
}
