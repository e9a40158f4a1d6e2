import ChildProcesses
import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

@Suite("Crash recovery with real processes", .timeLimit(.minutes(3)))
struct CrashRecoveryTests {
    @Test("a worker killed with kill -9 mid-step: another recovers the run; no committed step runs twice")
    func killedWorkerIsRecovered() async throws {
        let engine = try TestEngine()
        let effects = engine.directory.appendingPathComponent("effects.log").path
        let started = try await engine.stackshift.start("crashable", payload: Item(id: "crash"))

        // An hour-long lease cannot lapse while the doomed worker is alive, however the machine stalls, so
        // the only recovery is the one under test. The rescuer's clock runs two hours ahead: to it, the dead
        // worker's lease has expired (as it would have, an hour later), and it recovers the run by the same
        // lease expiry a real rescuer waits for.
        let doomed = try WorkerProcess.launch(
            database: engine.path, effects: effects, hang: true, extra: ["--lease", "3600"])
        defer { doomed.kill9() }
        try await eventually("the first worker to enter step two", timeout: .seconds(60)) {
            WorkerProcess.lines(of: effects).contains("two-start")
        }
        doomed.kill9()

        let rescuer = try WorkerProcess.launch(
            database: engine.path, effects: effects, hang: false,
            extra: ["--lease", "3600", "--clock-offset", "7200"])
        defer { rescuer.kill9() }
        let run = try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
        #expect(run.status == .completed)

        let lines = WorkerProcess.lines(of: effects)
        #expect(
            lines == ["one", "two-start", "two-start", "two-end", "three"],
            "step one was committed before the crash; only the step in flight runs again")

        let detail = try #require(try await engine.stackshift.run(started.id))
        #expect(detail.attempts.map(\.outcome) == [.crashed, .completed])
        #expect(detail.attempts.first?.error?.type == "LeaseExpired")
        #expect(Set(detail.attempts.map(\.workerId)).count == 2)
        #expect(detail.steps.map(\.name) == ["one", "two", "three"])
        #expect(detail.steps.map(\.attempt) == [1, 2, 2], "step one kept attempt 1's result")
        #expect(detail.timeline.contains { $0.kind == .crashed })
    }
}

/// A `stackshift-test-worker` child process, started clean (``ProcessLaunch``): it inherits none of the
/// test process's database connections, so killing it leaves only what it opened itself to recover.
final class WorkerProcess: Sendable {
    /// The process id.
    let pid: pid_t
    private let reaped = Mutex(false)

    private init(pid: pid_t) { self.pid = pid }

    static func launch(
        database: String, effects: String, hang: Bool = false, extra: [String] = []
    ) throws -> WorkerProcess {
        let launch = ProcessLaunch()
        launch.discard(0, 1, 2)
        let executable = productsDirectory().appendingPathComponent("stackshift-test-worker").path
        let arguments = ["--db", database, "--effects", effects] + (hang ? ["--hang"] : []) + extra
        return WorkerProcess(pid: try launch.start(executable, arguments))
    }

    /// Kills the worker with SIGKILL, as a crash would, and waits for it; once only.
    func kill9() {
        let first = reaped.withLock { reaped in
            defer { reaped = true }
            return !reaped
        }
        guard first else { return }
        kill(pid, SIGKILL)
        _ = try? ProcessLaunch.waitForExit(pid)
    }

    static func lines(of path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Where SwiftPM put the test binary, and so the executables built beside it.
    static func productsDirectory() -> URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("stackshift-test-worker").path) {
                return url
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }
}
