import DurableJobs
import Foundation
import JobStoreTesting
import PostgresJobStore
import Testing

/// The command line on PostgreSQL: only `migrate` (and the demo) creates a schema, every other command refuses
/// a missing one and creates nothing, and a password in the URL is never printed.
@Suite(
    "stackshift on PostgreSQL", .temporaryFolders,
    .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason),
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
        var failure: (any Error)?
        do { try await checkOnlyMigrateCreates(url: url) } catch { failure = error }
        try await PostgresJobStore.dropSchema(schema, url: url)
        if let failure { throw failure }
    }

    private func checkOnlyMigrateCreates(url: String) async throws {
        let writes: [[String]] = [
            ["events", "send", "paid", "--key", "k"], ["state", "set", "k", "1"], ["queues", "pause", "emails"],
            ["runs", "list"], ["state", "increment", "k"],
        ]
        for command in writes {
            let refused = try await CLIProcess.run(command + ["--db", url])
            #expect(refused.status == 1, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains("stackshift migrate"), "\(command): \(refused.stderr)")
        }
        let migrated = try await CLIProcess.run(["migrate", "--db", url])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(
            migrated.stdout.contains(" holds the current StackShift schema (created at schema "), "\(migrated.stdout)")
        let again = try await CLIProcess.run(["migrate", "--db", url])
        #expect(again.stdout.hasSuffix(" holds the current StackShift schema\n"), "\(again.stdout)")
        let audit = try await CLIProcess.run(["audit", "list", "--db", url])
        #expect(audit.stdout.contains("migrate"), "\(audit.stdout)")
        #expect(audit.stdout.contains("created at schema "), "\(audit.stdout)")
        for command in writes where command[0] != "queues" {
            let done = try await CLIProcess.run(command + ["--db", url])
            #expect(done.status == 0, "\(command): \(done.stderr)")
        }
        let value = try await CLIProcess.run(["state", "get", "k", "--db", url])
        #expect(value.status == 0 && value.stdout == "2\n", "set 1, then incremented: \(value.stderr)")
        let unknownQueue = try await CLIProcess.run(["queues", "pause", "emails", "--db", url])
        #expect(unknownQueue.status == 1 && unknownQueue.stderr == "stackshift: no queue named emails\n")
    }

    @Test("every command works on a PostgreSQL database, as on SQLite")
    func everyCommand() async throws {
        let (url, schema) = try Self.schemaURL()
        var failure: (any Error)?
        do { try await checkEveryCommand(url: url) } catch { failure = error }
        try await PostgresJobStore.dropSchema(schema, url: url)
        if let failure { throw failure }
    }

    private func checkEveryCommand(url: String) async throws {
        let stackshift = StackShift(store: try await PostgresJobStore.connect(url: url))
        stackshift.job("charge", options: JobOptions(retryPolicy: .never)) {
            (_: JobContext<RunsCommandTests.Payload>) in
            throw JobError("card declined")
        }
        let failed = try await stackshift.start(
            "charge", payload: RunsCommandTests.Payload(id: "f"), options: .init(queue: "billing"))
        let worker = Task {
            try await stackshift.runWorker(queues: ["billing"], options: WorkerOptions(pollInterval: .milliseconds(10)))
        }
        #expect(try await stackshift.waitForRun(failed.id, timeout: .testPatience).status == .failed)
        await stackshift.shutdown()
        try await worker.value
        let queued = try await stackshift.start(
            "mail", payload: RunsCommandTests.Payload(id: "q"), options: .init(queue: "emails"))
        let commands: [(arguments: [String], output: String)] = [
            (["runs", "list"], failed.id), (["runs", "show", failed.id], "JobError: card declined"),
            (["runs", "why", failed.id], "(completed steps are not run again): stackshift runs retry --db "),
            (["runs", "retry", failed.id], "run \(failed.id) is queued again"),
            (["runs", "cancel", queued.id, "--reason", "test"], "run \(queued.id) is canceled"),
            (["runs", "retry", "--all", "--dry-run"], queued.id),
            (["queues", "list"], "billing"), (["queues", "pause", "emails"], "emails"),
            (["queues", "resume", "emails"], "emails"), (["queues", "limit", "emails", "3"], "at most 3"),
            (["events", "send", "paid", "--key", "k1", "--payload", "{\"a\":1}"], "stored"),
            (["events", "list", "--unconsumed"], "paid"), (["state", "set", "k", "1", "--ttl", "1h"], "k = 1"),
            (["state", "increment", "k", "--by", "-3"], "k = -2"), (["state", "get", "k"], "-2"),
            (["state", "list", "--prefix", "k"], "k"), (["state", "delete", "k"], "deleted k"),
            (["state", "locks"], "no locks held"), (["schedules", "list"], "no schedules"),
            (["workers", "list"], "no workers registered"),
        ]
        for command in commands {
            let result = try await CLIProcess.run(command.arguments + ["--db", url])
            #expect(result.status == 0, "\(command.arguments): \(result.stderr)")
            #expect(result.stdout.contains(command.output), "\(command.arguments): \(result.stdout)")
        }
    }

    @Test("demo --postgres fills a PostgreSQL schema that the other commands then read")
    func demoOnPostgres() async throws {
        let (url, schema) = try Self.schemaURL()
        var failure: (any Error)?
        do {
            let demo = try await CLIProcess.run([
                "demo", "--headless", "--duration", "2s", "--speed", "20", "--postgres", url,
            ])
            #expect(demo.status == 0, "\(demo.stderr)")
            #expect(demo.stdout.contains("open it: stackshift console --db "), "\(demo.stdout)")
            let runs = try await CLIProcess.run(["runs", "list", "--db", url, "--json"])
            #expect(runs.status == 0 && runs.stdout.contains("\"job\""), "\(runs.stderr)")
        } catch {
            failure = error
        }
        try await PostgresJobStore.dropSchema(schema, url: url)
        if let failure { throw failure }
    }

    @Test(
        "a password in the URL is never printed, in errors or in suggested commands",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func passwordNeverPrinted() async throws {
        let good = try PostgresTestEnvironment.requirePasswordCheckURL()
        var wrong = try #require(URLComponents(string: good))
        wrong.password = "hunter2-wrong"
        for url in [try #require(wrong.string), "postgres://ada:hunter2-wrong@127.0.0.1:1/jobs"] {
            let output = try await CLIProcess.run(["runs", "list", "--db", url])
            #expect(output.status == 1)
            #expect(!output.stderr.contains("hunter2") && !output.stdout.contains("hunter2"), "\(output.stderr)")
        }
    }
}
