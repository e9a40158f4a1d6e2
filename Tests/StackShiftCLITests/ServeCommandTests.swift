import ChildProcesses
import Foundation
import Testing

/// `stackshift serve`: its arguments are checked before anything starts, and the real server stops cleanly on
/// SIGTERM.
@Suite("stackshift serve", .temporaryFolders, .timeLimit(.minutes(3)))
struct ServeCommandTests {
    @Test(
        "serve refuses a bad argument in one line naming it, exit 1, without starting",
        arguments: [
            (["--listen", "nonsense"], "--listen nonsense: expected HOST:PORT"),
            (["--listen", "127.0.0.1:70000"], "--listen 127.0.0.1:70000: the port 70000 must be a number from 0"),
            (["--listen", "::1:8080"], "put an IPv6 address in brackets"),
            (["--listen", ":8080"], "--listen :8080: the host is missing"),
            (["--body-limit", "10"], "--body-limit 10 is out of range"),
            (["--body-limit", "65MiB"], "--body-limit 65MiB is out of range"),
            (["--webhook", "broken"], "--webhook broken: expected NAME=EVENT:JSON_POINTER"),
            (["--webhook", "stripe=payment.confirmed:data/id"], "the JSON pointer data/id must start with /"),
            (
                ["--webhook", "stripe=payment.confirmed:/data/id:STACKSHIFT_TEST_UNSET_SECRET"],
                "the environment variable STACKSHIFT_TEST_UNSET_SECRET is not set"
            ),
            (
                ["--webhook", "stripe=payment.confirmed:/data/id", "--webhook", "stripe=refund.created:/id"],
                "the webhook name stripe is given twice"
            ),
        ])
    func refusals(_ arguments: [String], _ message: String) async throws {
        let db = try KeysCommandTests.emptyDatabase()
        // Port 0 everywhere else: were the check missed, the server would start on a free port, not fail to bind.
        let listen = arguments.contains("--listen") ? [] : ["--listen", "127.0.0.1:0"]
        let result = try await CLIProcess.run(
            ["serve", "--db", db] + listen + arguments, environment: ["STACKSHIFT_TEST_UNSET_SECRET": ""],
            timeout: .seconds(30))
        #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.hasPrefix("stackshift: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(!result.stdout.contains("listening"), "nothing started: \(result.stdout)")
    }

    @Test("serve --webhooks FILE refuses an unknown field with its file, line and field, and a missing secret")
    func webhooksFile() async throws {
        let db = try KeysCommandTests.emptyDatabase()
        let folder = try temporaryDirectory()
        let file = folder.appendingPathComponent("hooks.yaml")
        try Data(
            """
            - name: stripe
              event: payment.confirmed
              pointer: /data/object/id
            - name: github
              event: build.finished
              pointr: /sha

            """.utf8
        ).write(to: file)
        let typo = try await CLIProcess.run(
            ["serve", "--db", db, "--listen", "127.0.0.1:0", "--webhooks", file.path], timeout: .seconds(30))
        #expect(typo.status == 1 && !typo.stdout.contains("listening"), "\(typo.stdout)")
        #expect(
            typo.stderr
                == "stackshift: \(file.path):6:3: [1].pointr: unknown field (expected one of: name, event, pointer, "
                + "secretEnv)\n", "\(typo.stderr)")

        try Data(
            """
            - name: stripe
              event: payment.confirmed
              pointer: /data/object/id
              secretEnv: STACKSHIFT_TEST_UNSET_SECRET

            """.utf8
        ).write(to: file)
        let secret = try await CLIProcess.run(
            ["serve", "--db", db, "--listen", "127.0.0.1:0", "--webhooks", file.path],
            environment: ["STACKSHIFT_TEST_UNSET_SECRET": ""], timeout: .seconds(30))
        #expect(secret.status == 1 && !secret.stdout.contains("listening"), "\(secret.stdout)")
        #expect(secret.stderr.contains("[0].secretEnv: webhook stripe: the environment variable"), "\(secret.stderr)")

        let twice = try await CLIProcess.run(
            [
                "serve", "--db", db, "--listen", "127.0.0.1:0", "--webhooks", file.path, "--webhook",
                "stripe=payment.confirmed:/id:SECRET",
            ], environment: ["SECRET": "s3cret", "STACKSHIFT_TEST_UNSET_SECRET": "set"], timeout: .seconds(30))
        #expect(twice.status == 1 && twice.stderr.contains("the webhook name stripe is given twice"), "\(twice)")
    }

    @Test("serve --listen 127.0.0.1:0 says where it listens, then exits 0 on SIGTERM")
    func startsAndStops() async throws {
        let db = try KeysCommandTests.emptyDatabase()
        let folder = try temporaryDirectory()
        let out = folder.appendingPathComponent("serve.out").path
        let err = folder.appendingPathComponent("serve.err").path
        let launch = ProcessLaunch()
        launch.discard(0)
        launch.open(1, path: out, flags: O_WRONLY | O_CREAT | O_TRUNC)
        launch.open(2, path: err, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var environment = ProcessInfo.processInfo.environment
        environment["STACKSHIFT_DB"] = nil
        let executable = CLIProcess.productsDirectory().appendingPathComponent("stackshift").path
        let pid = try launch.start(
            executable,
            ["serve", "--db", db, "--listen", "127.0.0.1:0", "--webhook", "stripe=payment.confirmed:/data/id"],
            environment: environment)
        var line: String?
        for _ in 0..<600 where line == nil {
            line = Self.text(out).split(separator: "\n").first { $0.contains("listening on") }.map(String.init)
            if line == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let line else {
            kill(pid, SIGKILL)
            _ = try await Self.waitDetached(pid)
            Issue.record("no listening line within 30 s: \(Self.text(out)) \(Self.text(err))")
            return
        }
        let prefix = "stackshift serve: listening on http://127.0.0.1:"
        #expect(line.hasPrefix(prefix), "\(line)")
        let port = Int(line.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
        #expect(port > 0, "the port the system picked: \(line)")
        #expect(line.hasSuffix("(SQLite \(db)) — API at /v1, docs at /v1/openapi.json"), "\(line)")
        kill(pid, SIGTERM)
        let status = try await Self.waitDetached(pid)
        #expect(status == 0, "a graceful stop exits 0: \(Self.text(err))")
        #expect(Self.text(out).split(separator: "\n").count == 1, "one line on stdout: \(Self.text(out))")
    }

    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Waits for the process on a thread of its own, so the cooperative pool is not held (see ``CLIProcess``).
    static func waitDetached(_ pid: pid_t) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try ProcessLaunch.waitForExit(pid, timeout: .seconds(60)) })
            }
        }
    }
}
