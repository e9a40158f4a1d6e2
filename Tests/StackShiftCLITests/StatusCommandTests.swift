import Foundation
import JobStore
import Testing

@Suite("stackshift status", .temporaryFolders, .timeLimit(.minutes(3)))
struct StatusCommandTests {
    @Test("a database with a failed run needs attention: the numbers, the cause, exit 1; --json says the same")
    func needsAttention() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let text = try await CLIProcess.run(["status", "--db", db.path])
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("last hour:") && text.stdout.contains("1 failed"), "\(text.stdout)")
        #expect(text.stdout.contains("Needs attention (1):"), "\(text.stdout)")
        #expect(text.stdout.contains("failures") && text.stdout.contains("JobError: card declined"), "\(text.stdout)")

        let json = try await CLIProcess.run(["status", "--db", db.path, "--json"])
        #expect(json.status == 1, "\(json.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let attention = try #require(report["attention"] as? [[String: Any]])
        #expect(attention.count == 1 && attention[0]["kind"] as? String == "failures")
        let headline = try #require(report["headline"] as? [String: Any])
        #expect(headline["failedLastHour"] as? Int == 1)
    }

    @Test("an empty database needs nothing: exit 0, said plainly")
    func healthy() async throws {
        let path = try temporaryDirectory().appendingPathComponent("empty.sqlite").path
        let migrated = try await CLIProcess.run(["migrate", "--db", path])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let status = try await CLIProcess.run(["status", "--db", path])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.hasSuffix("Nothing needs attention.\n"), "\(status.stdout)")
    }

    @Test("a database that does not exist is one line naming it, not a status")
    func missingDatabase() async throws {
        let path = try temporaryDirectory().appendingPathComponent("none.sqlite").path
        let status = try await CLIProcess.run(["status", "--db", path])
        #expect(status.status == 1 && status.stdout.isEmpty)
        #expect(status.stderr.hasPrefix("stackshift: ") && status.stderr.contains(path), "\(status.stderr)")
    }
}
