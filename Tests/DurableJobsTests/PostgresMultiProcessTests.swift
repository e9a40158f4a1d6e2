import ChildProcesses
import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Testing

@testable import DurableJobs

/// Worker processes on several "machines" (processes) sharing one PostgreSQL database.
@Suite(
    "Workers in many processes on PostgreSQL", .serialized,
    .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason))
struct PostgresMultiProcessTests {
    @Test("4 worker processes, 2,000 runs of a 3-step job: each completes once, no step twice, limit never exceeded")
    func fourProcesses() async throws {
        let url = try PostgresServer.freshSchemaURL()
        let stackshift = StackShift(store: try await PostgresJobStore.connect(url: url))
        let limit = 6
        try await stackshift.queue("bulk").configure(concurrencyLimit: limit)
        var ids: [RunID] = []
        for index in 0..<2000 {
            ids.append(try await stackshift.queue("bulk").enqueue("multistep", payload: Item(id: "\(index)")).id)
        }
        let effects = FileManager.default.temporaryDirectory.appendingPathComponent("mp-\(UUID().uuidString).log").path
        let workers = try (0..<4).map { _ in
            try WorkerProcess.launch(database: url, effects: effects, extra: ["--queue", "bulk", "--concurrency", "4"])
        }
        defer { for worker in workers { worker.kill9() } }
        try await eventually("2,000 runs to complete", timeout: .seconds(300)) {
            try await stackshift.store.countRuns(RunCountParams(statuses: [.completed]))
                .reduce(0) { $0 + $1.count } == 2000
        }

        let lines = WorkerProcess.lines(of: effects)
        #expect(lines.count == 6000, "every step of every run ran exactly once")
        #expect(Set(lines).count == 6000)
        var peak = 0
        var running = 0
        var completions: [RunID: Int] = [:]
        var after: Int64 = 0
        while true {
            let page = try await stackshift.changes(after: after, limit: 5000)
            guard let last = page.last else { break }
            for entry in page {
                if entry.kind == .started { running += 1 }
                if entry.kind == .completed {
                    running -= 1
                    completions[entry.runId, default: 0] += 1
                }
                peak = max(peak, running)
            }
            after = last.sequence
        }
        #expect(completions.count == 2000 && completions.values.allSatisfy { $0 == 1 })
        #expect(peak <= limit)
        #expect(peak == limit, "the limit never bound, so the test proved nothing")
        try await stackshift.store.close()
    }

    @Test("the server restarts mid-run: workers reconnect, leases recover, nothing is lost")
    func serverRestart() async throws {
        let server = try PostgresServer.startPrivate()
        defer { server.stop() }
        let stackshift = StackShift(store: try await PostgresJobStore.connect(url: server.url))
        var ids: [RunID] = []
        for index in 0..<300 {
            ids.append(try await stackshift.start("multistep", payload: Item(id: "\(index)")).id)
        }
        let effects = FileManager.default.temporaryDirectory.appendingPathComponent("rs-\(UUID().uuidString).log").path
        let workers = try (0..<2).map { _ in
            try WorkerProcess.launch(database: server.url, effects: effects, extra: ["--concurrency", "4"])
        }
        defer { for worker in workers { worker.kill9() } }
        try await eventually("some runs to complete before the restart", timeout: .seconds(60)) {
            WorkerProcess.lines(of: effects).count >= 150
        }
        try server.restart()
        try await eventually("all 300 runs to complete after the restart", timeout: .seconds(240)) {
            (try? await stackshift.store.countRuns(RunCountParams(statuses: [.completed])).reduce(0) { $0 + $1.count })
                == 300
        }
        let lines = WorkerProcess.lines(of: effects)
        for id in ids {
            for step in ["fetch", "transform", "store"] { #expect(lines.contains("\(id):\(step)")) }
        }
        // Only a step in flight at the restart may run again (at least once); nothing else repeats.
        #expect(lines.count - Set(lines).count <= 8)
        try await stackshift.store.close()
    }
}

/// The PostgreSQL server the tests use, and private throwaway clusters for tests that restart one.
enum PostgresServer {
    /// The test server's URL with a schema of its own.
    static func freshSchemaURL() throws -> String {
        let url = try PostgresTestEnvironment.requireURL()
        return url + (url.contains("?") ? "&" : "?") + "schema=mp_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A cluster of its own on another port, so restarting it cannot disturb other tests.
    struct Private {
        let url: String
        let data: String
        let port: Int

        func restart() throws {
            try PostgresServer.pgctl([
                "-D", data, "-w", "-m", "fast", "restart", "-o", "-p \(port) -k /tmp -c listen_addresses=127.0.0.1",
            ])
        }

        func stop() {
            try? PostgresServer.pgctl(["-D", data, "-w", "-m", "immediate", "stop"])
            try? FileManager.default.removeItem(atPath: data)
        }
    }

    static func startPrivate() throws -> Private {
        let port = Int.random(in: 55_000..<56_000)
        let data = "/tmp/stackshift-pg-private-\(port)"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/start-postgres").path
        // The server started by the script outlives it: output goes through files, and the script is waited
        // for with waitpid, never through a pipe the server would inherit.
        var environment = ProcessInfo.processInfo.environment
        environment["STACKSHIFT_PG_PORT"] = "\(port)"
        environment["STACKSHIFT_PG_DATA"] = data
        let result = try ChildProcess.run("/bin/bash", [script], environment: environment)
        let prefix = "export STACKSHIFT_POSTGRES_URL="
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }
        guard result.status == 0, let line else {
            throw JobError("could not start a private PostgreSQL cluster: \(result.stderr)")
        }
        return Private(url: String(line.dropFirst(prefix.count)), data: data, port: port)
    }

    static func pgctl(_ arguments: [String]) throws {
        let bin =
            try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last
            .map { "/usr/lib/postgresql/\($0)/bin/pg_ctl" } ?? "pg_ctl"
        let result = try ChildProcess.run(
            getuid() == 0 ? "/usr/sbin/runuser" : bin,
            getuid() == 0 ? ["-u", "postgres", "--", bin] + arguments : arguments)
        guard result.status == 0 else { throw JobError("pg_ctl \(arguments.last ?? "") failed: \(result.stderr)") }
    }
}
