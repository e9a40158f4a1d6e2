import Foundation
import JobStoreTesting
import PostgresJobStore
import Testing

/// The command line on PostgreSQL: only `migrate` (and the demo) creates a schema, every other command refuses
/// a missing one and creates nothing, and a password in the URL is never printed.
@Suite(
    "stackshift on PostgreSQL", .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason),
    .timeLimit(.minutes(3)))
struct PostgresCommandTests {
    /// The test server's URL with its own schema, and the schema's name for cleaning up.
    static func schemaURL() throws -> (url: String, schema: String) {
        let schema = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        let base = try PostgresTestEnvironment.requireURL()
        return (base + (base.contains("?") ? "&" : "?") + "schema=\(schema)", schema)
    }

    @Test("no command but migrate creates the schema; after migrate every command works")
    func onlyMigrateCreates() async throws {
        let (url, schema) = try Self.schemaURL()
        // Removed whether or not the checks pass; a schema a refused command created would be dropped too.
        let outcome = Result { try self.checkOnlyMigrateCreates(url: url) }
        try await PostgresJobStore.dropSchema(schema, url: url)
        try outcome.get()
    }

    private func checkOnlyMigrateCreates(url: String) throws {
        let writes: [[String]] = [
            ["events", "send", "paid", "--key", "k"], ["state", "set", "k", "1"], ["queues", "pause", "emails"],
            ["runs", "list"], ["state", "increment", "k"],
        ]
        for command in writes {
            let refused = try CLIProcess.run(command + ["--db", url])
            #expect(refused.status == 1, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains("stackshift migrate"), "\(command): \(refused.stderr)")
        }
        let migrated = try CLIProcess.run(["migrate", "--db", url])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        for command in writes where command[0] != "queues" {
            let done = try CLIProcess.run(command + ["--db", url])
            #expect(done.status == 0, "\(command): \(done.stderr)")
        }
        let value = try CLIProcess.run(["state", "get", "k", "--db", url])
        #expect(value.status == 0 && value.stdout == "2\n", "set 1, then incremented: \(value.stderr)")
        let unknownQueue = try CLIProcess.run(["queues", "pause", "emails", "--db", url])
        #expect(unknownQueue.status == 1 && unknownQueue.stderr == "stackshift: no queue named emails\n")
    }

    @Test("demo --postgres fills a PostgreSQL schema that the other commands then read")
    func demoOnPostgres() async throws {
        let (url, schema) = try Self.schemaURL()
        let outcome = Result {
            let demo = try CLIProcess.run([
                "demo", "--headless", "--duration", "2s", "--speed", "20", "--postgres", url,
            ])
            #expect(demo.status == 0, "\(demo.stderr)")
            #expect(demo.stdout.contains("open it: stackshift console --db "), "\(demo.stdout)")
            let runs = try CLIProcess.run(["runs", "list", "--db", url, "--json"])
            #expect(runs.status == 0 && runs.stdout.contains("\"job\""), "\(runs.stderr)")
        }
        try await PostgresJobStore.dropSchema(schema, url: url)
        try outcome.get()
    }

    @Test(
        "a password in the URL is never printed, in errors or in suggested commands",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func passwordNeverPrinted() async throws {
        let good = try PostgresTestEnvironment.requirePasswordCheckURL()
        var wrong = try #require(URLComponents(string: good))
        wrong.password = "hunter2-wrong"
        for url in [try #require(wrong.string), "postgres://ada:hunter2-wrong@127.0.0.1:1/jobs"] {
            let output = try CLIProcess.run(["runs", "list", "--db", url])
            #expect(output.status == 1)
            #expect(!output.stderr.contains("hunter2") && !output.stdout.contains("hunter2"), "\(output.stderr)")
        }
    }
}
