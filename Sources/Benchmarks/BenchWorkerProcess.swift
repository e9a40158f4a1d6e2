import Foundation
import Synchronization

/// One `stackshift bench-worker` child process: started with its standard error in a log file (so a failure
/// can be explained), stopped with SIGTERM and, past a deadline, SIGKILL.
final class BenchWorkerProcess {
    private let process: Process
    private let termination = ProcessExit()
    /// Where the worker's standard error goes; removed by ``removeLog()``.
    let logPath: String

    private init(process: Process, logPath: String) {
        self.process = process
        self.logPath = logPath
    }

    /// Starts `executable bench-worker --db url --concurrency concurrency`.
    static func launch(
        executable: String, url: String, concurrency: Int, logPath: String
    ) throws -> BenchWorkerProcess {
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else { throw PostgresBenchmarkError("cannot create the worker log file \(logPath)") }
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["bench-worker", "--db", url, "--concurrency", "\(concurrency)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        let worker = BenchWorkerProcess(process: process, logPath: logPath)
        process.terminationHandler = { [termination = worker.termination] finished in
            termination.record(finished.terminationStatus)
        }
        do {
            try process.run()
        } catch {
            throw PostgresBenchmarkError("cannot start \(executable) bench-worker: \(error.localizedDescription)")
        }
        return worker
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

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

/// A child's exit status, awaited with a deadline. Foundation reports the exit on a thread of its own.
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
        defer { timer.cancel() }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            let now = state.withLock { state -> Int32?? in
                if let status = state.status { return .some(status) }
                if state.expired.remove(token) != nil { return .some(nil) }
                state.waiters[token] = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
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
