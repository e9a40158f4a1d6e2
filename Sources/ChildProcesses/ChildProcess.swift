import Foundation

/// Runs a program to completion with posix_spawn and waitpid, capturing its output through files.
///
/// Foundation's `Process` pipes and `waitUntilExit` can stall when the child leaves a daemon behind that
/// inherits the pipe (tmux starts its server that way); files and a direct `waitpid` cannot. The child
/// inherits nothing else from this process either (see ``ProcessLaunch``).
public enum ChildProcess {
    /// How the program ended and what it printed.
    public struct Result: Sendable {
        /// The exit status (128 + signal number when killed by a signal).
        public var status: Int32
        /// Its standard output.
        public var stdout: String
        /// Its standard error.
        public var stderr: String
    }

    /// Runs like ``run(_:_:environment:timeout:)``, waiting on a thread of its own: an async caller does not
    /// hold one of the few cooperative threads while the child runs (blocked, they starve every other task).
    public static func runDetached(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Duration? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Swift.Result {
                        try run(executable, arguments, environment: environment, timeout: timeout)
                    })
            }
        }
    }

    /// Runs `executable` (searched on PATH) with `arguments` and waits for it to exit; with a `timeout`, one
    /// still running then is killed and the run fails (``ProcessLaunch/waitForExit(_:timeout:)``).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Duration? = nil
    ) throws -> Result {
        let folder = FileManager.default.temporaryDirectory
        let outPath = folder.appendingPathComponent("child-\(UUID().uuidString).out").path
        let errPath = folder.appendingPathComponent("child-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let launch = ProcessLaunch()
        launch.discard(0)
        launch.open(1, path: outPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        launch.open(2, path: errPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let pid = try launch.start(executable, arguments, environment: environment)
        let exitStatus =
            try timeout.map { try ProcessLaunch.waitForExit(pid, timeout: $0) }
            ?? ProcessLaunch.waitForExit(pid)
        return Result(
            status: exitStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

/// A program could not be started or waited for.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
