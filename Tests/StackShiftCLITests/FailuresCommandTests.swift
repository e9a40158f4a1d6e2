import DurableJobs
import Foundation
import JobStore
import Testing

@Suite("stackshift failures", .temporaryFolders, .timeLimit(.minutes(3)))
struct FailuresCommandTests {
    @Test("failures list groups failed attempts by cause, as a table and as JSON")
    func list() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let json = try await CLIProcess.run(["failures", "list", "--db", db.path, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let groups = try JSONDecoder.iso.decode([FailureGroup].self, from: Data(json.stdout.utf8))
        let group = try #require(groups.first, "\(json.stdout)")
        #expect(groups.count == 1 && group.job == "charge" && group.failures == 1 && group.runs == 1)
        #expect(group.signature.hasSuffix("JobError: card declined") && group.example.message == "card declined")
        #expect(group.buckets.count == 1440 && group.buckets.reduce(0, +) == 1, "a day of minutes, one failure")
        #expect(group.bucketSeconds == 60)

        // A week is counted in 7-minute buckets, so the counts cover all of it, not its first day.
        let week = try await CLIProcess.run(["failures", "list", "--db", db.path, "--since", "7d", "--json"])
        let weekGroups = try JSONDecoder.iso.decode([FailureGroup].self, from: Data(week.stdout.utf8))
        let weekGroup = try #require(weekGroups.first)
        #expect(weekGroup.bucketSeconds == 420 && weekGroup.buckets.count == 1440, "\(weekGroup.bucketSeconds)")
        #expect(weekGroup.buckets.last == 1, "the failure, minutes ago, is in the newest bucket")

        let table = try await CLIProcess.run(["failures", "list", "--db", db.path, "--since", "1h"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("charge · ") && table.stdout.contains("card declined"), "\(table.stdout)")
    }

    @Test("a bad --since is one line naming the option, and a window with no failures says so")
    func badWindow() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let bad = try await CLIProcess.run(["failures", "list", "--db", db.path, "--since", "nan"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("stackshift: --since nan is not a duration"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)
        let empty = try await CLIProcess.run(["failures", "list", "--db", db.path, "--since", "1ms"])
        #expect(empty.status == 0 && empty.stdout == "no failures in the last 1ms\n", "\(empty.stdout)")
    }
}
