import ChildProcesses
import Foundation

/// A real terminal for the console: a detached tmux session on a server socket of its own, typed into with
/// `send-keys` and read with `capture-pane`.
///
/// tmux runs as a ``ChildProcess`` (output to files, nothing else inherited): the first command forks the tmux
/// server, which would hold a pipe, or this process's database connections, open forever.
struct TmuxTerminal {
    /// The tmux binary.
    let tmux: String
    /// The server socket name, unique to this terminal.
    let socket = "stackshift-bench-\(getpid())-\(UUID().uuidString.prefix(8))"
    /// The session name.
    let session = "console"

    /// The tmux found on `PATH`, or nil when there is none.
    static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Starts `command` (a shell command line) in a `width`×`height` terminal with a UTF-8 locale.
    func start(_ command: String, width: Int, height: Int) throws {
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    /// Types keys, in `send-keys` syntax (`Enter`, `Escape`, or literal text).
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// The screen as plain text.
    func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", session])
    }

    /// The process id of the pane's command.
    func panePid() throws -> pid_t {
        let text = try run(["list-panes", "-t", session, "-F", "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchmarkSkip("tmux did not name the console's process (\(text))")
        }
        return pid
    }

    /// Polls the screen until it shows every one of `texts`, up to `timeout`; returns the screen.
    @discardableResult
    func waitFor(_ texts: String..., timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try capture()
            if texts.allSatisfy(screen.contains) { return screen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchmarkSkip(
            "timed out waiting for \(texts.joined(separator: " and ")) on the console; the screen was:\n\(screen)")
    }

    /// Stops the tmux server and everything still running in it, and removes its socket file (a server that
    /// exits with its last session leaves it behind).
    func kill() {
        _ = try? run(["kill-server"])
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Runs tmux on this terminal's socket and returns what it printed.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(tmux, ["-L", socket] + arguments)
        } catch {
            throw BenchmarkSkip("could not run \(tmux): \(error)")
        }
        guard result.status == 0 else {
            throw BenchmarkSkip(
                "tmux \(arguments.first ?? "") exited with status \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}
