import ChildProcesses
import Foundation
import Synchronization

/// One `stackshift bench-worker` child process: started clean (``ProcessLaunch``: none of this process's
/// database connections inherited) with its standard error in a log file (so a failure can be explained),
/// stopped with SIGTERM and, past a deadline, SIGKILL.
final class BenchWorkerProcess: Sendable {
    /// The process id.
    let pid: pid_t
    private let termination = ProcessExit()
    /// Where the worker's standard error goes; removed by ``removeLog()``.
    let logPath: String

    private init(pid: pid_t, logPath: String) {
        self.pid = pid
        self.logPath = logPath
    }

    /// Starts `executable bench-worker --db url --concurrency concurrency`.
    static func launch(
        executable: String, url: String, concurrency: Int, logPath: String
    ) throws -> BenchWorkerProcess {
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw PostgresBenchmarkError("cannot create the worker log file \(logPath)")
        }
        let launch = ProcessLaunch()
        launch.discard(0, 1)
        launch.open(2, path: logPath, flags: O_WRONLY | O_APPEND)
        let pid: pid_t
        do {
            pid = try launch.start(executable, ["bench-worker", "--db", url, "--concurrency", "\(concurrency)"])
        } catch {
            throw PostgresBenchmarkError("cannot start \(executable) bench-worker: \(error)")
        }
        let worker = BenchWorkerProcess(pid: pid, logPath: logPath)
        // waitpid blocks until the worker ends: a thread of its own, not one of the concurrency pool's.
        Thread.detachNewThread { [termination = worker.termination] in
            termination.record((try? ProcessLaunch.waitForExit(pid)) ?? -1)
        }
        return worker
    }

    /// The exit status, once the process has exited.
    var exitStatus: Int32? { termination.status }

    /// Asks the worker to drain and exit (SIGTERM); kills it (SIGKILL) if it has not exited within `grace`.
    /// Returns its exit status, or nil when it had to be killed.
    @discardableResult
    func stop(grace: Duration = .seconds(15)) async -> Int32? {
        if let status = termination.status { return status }
        kill(pid, SIGTERM)
        if let status = await termination.wait(timeout: grace) { return status }
        kill(pid, SIGKILL)
        _ = await termination.wait(timeout: .seconds(10))
        return nil
    }

    /// The last lines the worker wrote to standard error, for error messages.
    func logTail(lines: Int = 5) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: " | ")
        return tail.isEmpty ? "nothing on standard error" : tail
    }

    /// Deletes the log file.
    func removeLog() {
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

/// A child's exit status, awaited with a deadline; recorded by the thread that waits for the child.
final class ProcessExit: Sendable {
    private struct State {
        var status: Int32?
        var nextToken = 0
        var waiters: [Int: CheckedContinuation<Int32?, Never>] = [:]
        /// Tokens whose deadline passed before their waiter was registered.
        var expired: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The exit status, if the process has exited.
    var status: Int32? { state.withLock { $0.status } }

    /// Records the exit and wakes every waiter.
    func record(_ status: Int32) {
        let waiters = state.withLock { state in
            state.status = status
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    /// The exit status, or nil if the process is still running after `timeout`.
    func wait(timeout: Duration) async -> Int32? {
        let token = state.withLock { state in
            state.nextToken += 1
            return state.nextToken
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.expire(token)
        }
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            let now = state.withLock { state -> Int32?? in
                if let status = state.status { return .some(status) }
                if state.expired.remove(token) != nil { return .some(nil) }
                state.waiters[token] = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
        // As in WakeSignal: a timer that fired as the exit resumed this wait marks the token expired after it
        // ended, so it must have finished before the mark is cleared.
        timer.cancel()
        await timer.value
        state.withLock { _ = $0.expired.remove(token) }
        return status
    }

    private func expire(_ token: Int) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: token) else {
                state.expired.insert(token)
                return nil as CheckedContinuation<Int32?, Never>?
            }
            return waiter
        }
        waiter?.resume(returning: nil)
    }
}
