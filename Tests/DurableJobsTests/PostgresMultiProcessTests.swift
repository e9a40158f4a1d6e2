import ChildProcesses
import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Testing

@testable import DurableJobs

/// Worker processes on several "machines" (processes) sharing one PostgreSQL database.
@Suite(
    "Workers in many processes on PostgreSQL", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason))
struct PostgresMultiProcessTests {
    @Test(
        "4 worker processes, 2,000 runs of a 3-step job: each completes once, no step twice, limit reached not exceeded"
    )
    func fourProcesses() async throws {
        try await PostgresServer.withFreshSchema { url in
            let stackshift = StackShift(store: try await PostgresJobStore.connect(url: url))
            let limit = 6
            try await stackshift.queue("bulk").configure(concurrencyLimit: limit)
            var ids: [RunID] = []
            for index in 0..<2000 {
                ids.append(try await stackshift.queue("bulk").enqueue("multistep", payload: Item(id: "\(index)")).id)
            }
            let effects = EffectsFile(prefix: "mp")
            defer { effects.remove() }
            // Hour-long leases cannot lapse however long a loaded machine stalls a process, so no run is ever
            // recovered and every step runs exactly once. The gate holds the first `limit` runs until all of
            // them are running, so the limit is reached by construction, not by luck.
            let workers = try (0..<4).map { _ in
                try WorkerProcess.launch(
                    database: url, effects: effects.path,
                    extra: ["--queue", "bulk", "--concurrency", "4", "--lease", "3600", "--gate", "\(limit)"])
            }
            defer { for worker in workers { worker.kill9() } }
            try await eventually("2,000 runs to complete", timeout: .seconds(400)) {
                try await stackshift.store.countRuns(RunCountParams(statuses: [.completed]))
                    .reduce(0) { $0 + $1.count } == 2000
            }
            for worker in workers { worker.kill9() }

            let lines = WorkerProcess.lines(of: effects.path)
            #expect(lines.count == 6000, "every step of every run ran exactly once")
            #expect(Set(lines).count == 6000)
            let details = try await ExecutionAccount.details(of: ids, in: stackshift)
            #expect(details.allSatisfy { $0.attempts.map(\.outcome) == [.completed] }, "no run needed a second attempt")
            let problems = ExecutionAccount.problems(lines: lines, details: details)
            #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")

            var peak = 0
            var running = 0
            var completions: [RunID: Int] = [:]
            var after: Int64 = 0
            // 2,000 runs make about 16,000 entries: far fewer pages than this bound.
            for _ in 0..<100 {
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
            #expect(peak == limit, "the gate held \(limit) runs at once; the limit let no more in")
            try await stackshift.store.close()
        }
    }

    @Test("the server restarts mid-run: workers reconnect, leases recover, a step re-runs only after its attempt ended")
    func serverRestart() async throws {
        let server = try await PostgresServer.startPrivate()
        defer { server.stop() }
        let stackshift = StackShift(store: try await PostgresJobStore.connect(url: server.url))
        var ids: [RunID] = []
        for index in 0..<300 {
            ids.append(try await stackshift.start("multistep", payload: Item(id: "\(index)")).id)
        }
        let effects = EffectsFile(prefix: "rs")
        defer { effects.remove() }
        // Short leases are this test's recovery: a run whose end could not be written while the server was
        // down is recovered once its lease lapses. Re-executions are therefore allowed, but only those the
        // engine promises: each explained by an earlier attempt that ended without committing the step.
        let workers = try (0..<2).map { _ in
            try WorkerProcess.launch(database: server.url, effects: effects.path, extra: ["--concurrency", "4"])
        }
        defer { for worker in workers { worker.kill9() } }
        try await eventually("some runs to complete before the restart", timeout: .seconds(120)) {
            WorkerProcess.lines(of: effects.path).count >= 150
        }
        try await server.restart()
        try await eventually("all 300 runs to complete after the restart", timeout: .seconds(240)) {
            (try? await stackshift.store.countRuns(RunCountParams(statuses: [.completed])).reduce(0) { $0 + $1.count })
                == 300
        }
        for worker in workers { worker.kill9() }
        let lines = WorkerProcess.lines(of: effects.path)
        let details = try await ExecutionAccount.details(of: ids, in: stackshift)
        let problems = ExecutionAccount.problems(lines: lines, details: details)
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")
        #expect(lines.count >= 900)
        try await stackshift.store.close()
    }
}

/// The engine's exactly-once promise, checked from what really ran: side-effect lines
/// `<run>:<step>:<attempt>` written by `stackshift-test-worker` once a step's work is done, against each run's
/// attempts and stored steps.
///
/// A committed step never runs again; the step in flight when an attempt ends early (its lease lapsed, or the
/// store could not take its result) may run again in a later attempt. So for every run and step: it ran at
/// least once, never twice in one attempt, last in the attempt that committed it, and every earlier execution
/// belongs to an attempt that ended without completing the run: crashed (lease expired) or failed because
/// the store was unreachable.
enum ExecutionAccount {
    static let steps = ["fetch", "transform", "store"]

    /// Every run's detail; a missing run is an error.
    static func details(of ids: [RunID], in stackshift: StackShift) async throws -> [RunDetail] {
        var details: [RunDetail] = []
        for id in ids { details.append(try #require(try await stackshift.run(id), "run \(id) exists")) }
        return details
    }

    /// What breaks the promise, one line each; empty when everything that ran again was allowed to.
    static func problems(lines: [String], details: [RunDetail]) -> [String] {
        var executions: [String: [Int]] = [:]
        var problems: [String] = []
        for line in lines {
            let parts = line.split(separator: ":")
            guard parts.count == 3, let attempt = Int(parts[2]) else {
                problems.append("unreadable side-effect line \(line)")
                continue
            }
            executions["\(parts[0]):\(parts[1])", default: []].append(attempt)
        }
        let known = Set(details.flatMap { detail in steps.map { "\(detail.run.id):\($0)" } })
        for key in executions.keys where !known.contains(key) { problems.append("\(key) ran but is no run's step") }
        for detail in details {
            let id = detail.run.id
            guard detail.run.status == .completed else {
                problems.append("\(id) ended \(detail.run.status.rawValue)")
                continue
            }
            let outcomes = Dictionary(detail.attempts.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
            if detail.attempts.filter({ $0.outcome == .completed }).count != 1 {
                problems.append("\(id) has attempts \(detail.attempts.map(\.outcome.rawValue)), not one completed")
            }
            for step in steps {
                let ran = executions["\(id):\(step)"] ?? []
                guard let stored = detail.steps.first(where: { $0.name == step }), stored.status == .completed else {
                    problems.append("\(id):\(step) is not stored as completed")
                    continue
                }
                guard let last = ran.max() else {
                    problems.append("\(id):\(step) is stored as completed but never ran")
                    continue
                }
                if Set(ran).count != ran.count { problems.append("\(id):\(step) ran twice in one attempt: \(ran)") }
                if last != stored.attempt {
                    problems.append("\(id):\(step) committed by attempt \(stored.attempt), but last ran in \(last)")
                }
                // Executions after the committing attempt are reported above; earlier ones need an excuse.
                for attempt in ran where attempt < stored.attempt {
                    guard let record = outcomes[attempt] else {
                        problems.append("\(id):\(step) ran in attempt \(attempt), which the run does not have")
                        continue
                    }
                    let unreachable = record.outcome == .failed && record.error?.type == "JobStoreError"
                    if record.outcome != .crashed && !unreachable {
                        problems.append(
                            "\(id):\(step) ran again after attempt \(attempt) ended \(record.outcome.rawValue) "
                                + "(\(record.error?.message ?? "no error"))")
                    }
                }
            }
        }
        return problems
    }
}

/// A side-effect file in the temporary directory, removed by the test that made it.
struct EffectsFile {
    let path: String

    init(prefix: String) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).log").path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The PostgreSQL server the tests use, and private throwaway clusters for tests that restart one.
enum PostgresServer {
    /// Runs `body` with the test server's URL pointing at a schema of its own, dropped afterwards whatever
    /// happens.
    static func withFreshSchema(_ body: (_ url: String) async throws -> Void) async throws {
        let base = try PostgresTestEnvironment.requireURL()
        await reapOrphanSchemas(url: base)
        // The owner's process id in the name lets a later run drop it if this process dies before it does.
        let schema = "mp_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        let url = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        do {
            try await body(url)
        } catch {
            try? await PostgresJobStore.dropSchema(schema, url: base)
            throw error
        }
        try await PostgresJobStore.dropSchema(schema, url: base)
    }

    /// Drops the schemas of test processes killed before they could: `mp_<pid>_…` whose process is gone, and
    /// those named before owners were (`mp_<hex>`). Best effort: a failure here must not fail the test.
    static func reapOrphanSchemas(url: String) async {
        let query = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'mp\\_%'"
        guard
            let listed = try? await ChildProcess.runDetached(
                binary("psql"), [url, "-Atc", query], timeout: .seconds(30)),
            listed.status == 0
        else { return }
        for schema in listed.stdout.split(separator: "\n").map(String.init) {
            let parts = schema.split(separator: "_")
            // Signal 0 only asks whether the process exists.
            if parts.count == 3, let owner = pid_t(parts[1]), !(kill(owner, 0) != 0 && errno == ESRCH) { continue }
            _ = try? await ChildProcess.runDetached(
                binary("psql"), [url, "-Atc", "DROP SCHEMA IF EXISTS \(schema) CASCADE"], timeout: .seconds(30))
        }
    }

    /// A cluster of its own on another port, so restarting it cannot disturb other tests.
    struct Private {
        let url: String
        let data: String
        let port: Int

        /// Restarts the cluster with the options `.ci/start-postgres` gave it.
        func restart() async throws {
            let result = try await PostgresServer.pgctlDetached([
                "-D", data, "-w", "-m", "fast", "restart", "-o", PostgresServer.serverOptions(port: port),
            ])
            guard result.status == 0 else {
                try PostgresServer.cannotControl("pg_ctl restart failed: \(result.stderr)\(PostgresServer.log(data))")
            }
        }

        /// Stops the cluster and removes its files.
        func stop() {
            _ = try? PostgresServer.pgctl(["-D", data, "-w", "-m", "immediate", "stop"])
            try? FileManager.default.removeItem(atPath: data)
        }
    }

    /// The server options `.ci/start-postgres` starts a cluster with.
    static func serverOptions(port: Int) -> String {
        "-p \(port) -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off"
    }

    /// Starts a private cluster with `.ci/start-postgres`, on a free port outside the kernel's ephemeral range.
    ///
    /// A port inside that range (32768–60999 on Linux) can be taken at any moment by the local end of one of
    /// the hundreds of client connections a parallel test run opens: that is how "pg_ctl: could not start
    /// server" (`could not bind IPv4 address "127.0.0.1": Address already in use`) happened. Below the range
    /// only listeners can hold a port, so one found free by binding it stays free; if another listener still
    /// wins the race, the start is tried again on another port.
    ///
    /// When the cluster cannot be started (no PostgreSQL binaries, no permission) the test is skipped with
    /// the reason, except in CI, where it fails: a skip there would hide a broken setup.
    static func startPrivate() async throws -> Private {
        reapOrphans()
        var failures: [String] = []
        for _ in 0..<3 {
            let port = try freePort()
            let data = "/tmp/stackshift-pg-private-\(port)-\(UUID().uuidString.prefix(8).lowercased())"
            var environment = ProcessInfo.processInfo.environment
            environment["STACKSHIFT_PG_PORT"] = "\(port)"
            environment["STACKSHIFT_PG_DATA"] = data
            // The server started by the script outlives it: output goes through files, and the script is
            // waited for with waitpid, never through a pipe the server would inherit.
            let result = try await ChildProcess.runDetached(
                "/bin/bash", [script], environment: environment, timeout: .seconds(180))
            let prefix = "export STACKSHIFT_POSTGRES_URL="
            if result.status == 0,
                let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) })
            {
                // Whose cluster this is, so a later run can tell it from a live test's if this process dies
                // before its `defer` stops it (killed, or timed out).
                try? "\(getpid())".write(toFile: data + "/" + ownerFile, atomically: true, encoding: .utf8)
                return Private(url: String(line.dropFirst(prefix.count)), data: data, port: port)
            }
            let log = log(data)
            Private(url: "", data: data, port: port).stop()
            failures.append("port \(port): \(result.stderr)\(log)")
            guard log.contains("Address already in use") || log.contains("could not bind") else { break }
        }
        try cannotControl("could not start a private PostgreSQL cluster: \(failures.joined(separator: "; "))")
    }

    /// The file in a private cluster's directory naming the test process that owns it.
    static let ownerFile = "stackshift-test-owner"

    /// Stops and removes private clusters whose test process died without doing so: those whose owner is
    /// gone, and those without an owner (a failed start, or a cluster from before owners were recorded) once
    /// older than any test's run, so a cluster another test process is starting right now is left alone.
    static func reapOrphans() {
        let folder = "/tmp"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix("stackshift-pg-private-") {
            let data = folder + "/" + name
            let owner = (try? String(contentsOfFile: data + "/" + ownerFile, encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let owner {
                // Signal 0 only asks whether the process exists.
                guard kill(owner, 0) != 0 && errno == ESRCH else { continue }
            } else {
                let modified = (try? FileManager.default.attributesOfItem(atPath: data)[.modificationDate]) as? Date
                guard let modified, Date().timeIntervalSince(modified) > 15 * 60 else { continue }
            }
            Private(url: "", data: data, port: 0).stop()
        }
    }

    /// Skips the test with `reason`, or fails it in CI.
    static func cannotControl(_ reason: String) throws -> Never {
        if PostgresTestEnvironment.isCI { throw JobError(reason, retryable: false) }
        try Test.cancel("skipped: this test restarts its own PostgreSQL cluster, and here it cannot: \(reason)")
    }

    /// A TCP port on 127.0.0.1 below the ephemeral range that nothing listens on now.
    static func freePort() throws -> Int {
        let firstEphemeral =
            (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32768
        let range = 20_000..<max(20_001, min(firstEphemeral, 32768))
        for _ in 0..<50 {
            let port = Int.random(in: range)
            if canBind(port) { return port }
        }
        throw JobError("no free TCP port in \(range) after 50 tries", retryable: false)
    }

    /// Whether a listener could bind 127.0.0.1:`port` now.
    static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The server log's last lines, to explain a failed start.
    static func log(_ data: String) -> String {
        guard let text = try? String(contentsOfFile: data + "/server.log", encoding: .utf8) else { return "" }
        return " (server.log: " + text.split(separator: "\n").suffix(4).joined(separator: " | ") + ")"
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/start-postgres").path
    }

    /// The newest installed PostgreSQL's `name` program (`pg_ctl`, `psql`).
    static func binary(_ name: String) -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last
            .map { "/usr/lib/postgresql/\($0)/bin/\(name)" } ?? "/usr/bin/\(name)"
    }

    /// Runs `pg_ctl`, as the `postgres` user when the tests run as root (it refuses to run as root).
    static func pgctl(_ arguments: [String]) throws -> ChildProcess.Result {
        let (executable, all) = pgctlCommand(arguments)
        return try ChildProcess.run(executable, all, timeout: .seconds(120))
    }

    /// Runs `pg_ctl` as ``pgctl(_:)`` does, off the cooperative pool: a restart takes seconds.
    static func pgctlDetached(_ arguments: [String]) async throws -> ChildProcess.Result {
        let (executable, all) = pgctlCommand(arguments)
        return try await ChildProcess.runDetached(executable, all, timeout: .seconds(120))
    }

    /// The program and arguments that run `pg_ctl` with `arguments`.
    static func pgctlCommand(_ arguments: [String]) -> (String, [String]) {
        let bin = binary("pg_ctl")
        return getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", bin] + arguments) : (bin, arguments)
    }
}
