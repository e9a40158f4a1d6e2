import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Testing

/// Every way connecting can fail gives one clear line naming the server (never the password) and what to
/// check, as ``JobStoreError/unavailable(_:)`` — never a raw PostgresNIO error.
@Suite("Connecting: one clear line for every failure", .timeLimit(.minutes(3)))
struct ConnectionErrorTests {
    /// Checks that `url` fails to connect with an `unavailable` line containing every fragment.
    func expectUnavailable(
        _ url: String, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let error = await storeError(sourceLocation: sourceLocation) {
            _ = try await PostgresJobStore.connect(url: url, options: .init(connectTimeout: .seconds(5)))
        }
        guard case .unavailable(let message) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        for fragment in fragments {
            #expect(
                message.contains(fragment), "\(message) does not mention \(fragment)", sourceLocation: sourceLocation)
        }
        #expect(!message.contains("\n"), "one line: \(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("s3cret"), "the password is never shown: \(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("PSQLError"), "no raw driver error: \(message)", sourceLocation: sourceLocation)
    }

    @Test(
        "a malformed URL says what is wrong and what a URL looks like",
        arguments: [
            ("not a url at all", "not a URL"),
            ("postgres://app:s3cret@db:abc/jobs", "check that the port is a number"),
            ("postgres://app:s3cret@db@host/jobs?sslmode=sometimes", "sslmode=sometimes"),
            ("mysql://app:s3cret@db/jobs", "the scheme is mysql://"),
            ("postgres:///jobs", "names no host"),
            ("postgres://app:s3cret@db:99999/jobs", "port"),
            ("postgres://app:s3cret@db:5432/jobs?sslmode=sometimes", "sslmode=sometimes"),
            ("postgres://app:s3cret@db/jobs?connect_timeout=soon", "connect_timeout=soon"),
        ])
    func malformedURL(url: String, problem: String) async {
        await expectUnavailable(url, mentions: [problem, "expected postgres://"])
    }

    @Test("an unusable schema name is refused before connecting")
    func badSchemaName() async {
        let error = await storeError {
            _ = try await PostgresJobStore.connect(
                url: "postgres://app@db/jobs", options: .init(schema: "Robert'); DROP"))
        }
        guard case .invalidInput(let message) = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(message.contains("schema name"))
    }

    @Test("a port where no server listens: connection refused, naming host, port and database")
    func unreachablePort() async {
        // Port 1 on the loopback interface: nothing listens there, so the connection is refused at once.
        await expectUnavailable(
            "postgres://app:s3cret@127.0.0.1:1/jobs?sslmode=disable",
            mentions: ["127.0.0.1:1/jobs", "connection refused", "check that the server is running"])
    }

    @Test("a database that does not exist", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func unknownDatabase() async throws {
        let url = try PostgresTestServer.url(try PostgresTestServer.requireURL(), database: "stackshift_no_such_db")
        await expectUnavailable(url, mentions: ["database stackshift_no_such_db does not exist", "createdb"])
    }

    @Test(
        "a wrong password",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func wrongPassword() async throws {
        let url = try PostgresTestServer.url(try PostgresTestEnvironment.requirePasswordCheckURL(), password: "s3cret")
        await expectUnavailable(
            url, mentions: ["refused user stackshift_password_check: wrong password", "check the user and password"])
    }

    @Test(
        "no password for a role that must give one",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func missingPassword() async throws {
        var components = try #require(URLComponents(string: try PostgresTestEnvironment.requirePasswordCheckURL()))
        components.password = nil
        await expectUnavailable(
            try #require(components.string),
            mentions: [
                "asks for a password for user stackshift_password_check",
                "postgres://stackshift_password_check:PASSWORD@",
            ])
    }

    /// The control for the two tests above: the same role with its right password opens a store.
    @Test(
        "the right password connects",
        .enabled(if: PostgresTestEnvironment.passwordCheckEnabled, PostgresTestEnvironment.passwordCheckSkipReason))
    func rightPassword() async throws {
        let passwordURL = try PostgresTestEnvironment.requirePasswordCheckURL()
        try await PostgresTestServer.withSchema { _, schema in
            let store = try await PostgresJobStore.connect(
                url: passwordURL, options: PostgresTestServer.options(schema))
            let run = try await store.createdRun(Fixtures.createRun())
            #expect(try await store.runDetail(RunDetailParams(runId: run.id))?.run.id == run.id)
            try await store.close()
        }
    }

    @Test("a role the server refuses", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func unknownRole() async throws {
        let url = try PostgresTestServer.url(
            try PostgresTestServer.requireURL(), user: "stackshift_no_such_role", password: "s3cret")
        await expectUnavailable(
            url, mentions: ["refused user stackshift_no_such_role", "does not exist", "pg_hba.conf"])
    }
}
