import ChildProcesses
import Foundation
import JobStoreTesting

/// A real terminal: a detached tmux session on its own server socket, driven with `send-keys` and read
/// with `capture-pane`.
struct TmuxSession {
    let socket = "stackshift-test-\(UUID().uuidString.prefix(8))"
    let name = "console"

    /// Starts `command` in a `width`×`height` terminal. When it exits, the pane prints `EXIT:<status>` and
    /// stays open so the test can read it.
    static func start(_ command: [String], width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let session = TmuxSession()
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \(quoted); echo EXIT:$?; sleep 600"
        try session.tmux(["new-session", "-d", "-s", session.name, "-x", "\(width)", "-y", "\(height)", script])
        return session
    }

    /// Types keys, in tmux `send-keys` syntax (`Enter`, `Escape`, `Tab`, or literal text).
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types literal text.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The screen as plain text.
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen contains `text`; returns the screen then.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TmuxError("timed out waiting for \"\(text)\"; the screen was:\n\(screen)")
    }

    func kill() {
        _ = try? tmux(["kill-server"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run("tmux", ["-L", socket] + arguments)
        guard result.status == 0 else {
            throw TmuxError("tmux \(arguments.first ?? "") exited with status \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
