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
    ///
    /// The command runs under a UTF-8 locale and `TERM=xterm-256color`, without the test's own `NO_COLOR`
    /// and `COLORTERM` (`swift test` hands the tests `NO_COLOR=1`, which would quietly turn every colour test
    /// monochrome); `environment` adds to that or overrides it (`TERM=xterm` for 8 colours, `NO_COLOR=1`).
    static func start(
        _ command: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:]
    ) async throws -> TmuxSession {
        let session = TmuxSession()
        var variables = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"]
        variables.merge(environment) { $1 }
        let unset = ["COLORTERM", "NO_COLOR"].filter { variables[$0] == nil }.map { "-u " + $0 }
        let assignments = variables.sorted { $0.key < $1.key }.map { quote("\($0.key)=\($0.value)") }
        let script =
            (["env"] + unset + assignments + command.map(quote)).joined(separator: " ") + "; echo EXIT:$?; sleep 600"
        try await session.tmux(["new-session", "-d", "-s", session.name, "-x", "\(width)", "-y", "\(height)", script])
        return session
    }

    /// A word quoted for `sh`.
    private static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Types keys, in tmux `send-keys` syntax (`Enter`, `Escape`, `Tab`, or literal text).
    func send(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", name] + keys)
    }

    /// Types literal text.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The screen as plain text.
    func capture() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", name])
    }

    /// The screen with its colours and attributes, as SGR escape sequences (`capture-pane -e`).
    func captureWithAttributes() async throws -> String {
        try await tmux(["capture-pane", "-p", "-e", "-t", name])
    }

    /// Writes bytes to the program's terminal input as if the terminal had sent them, such as a mouse report.
    func sendBytes(_ bytes: [UInt8]) async throws {
        try await tmux(["send-keys", "-t", name, "-H"] + bytes.map { String($0, radix: 16) })
    }

    // Waits default to .testPatience: a full suite on two cores runs the demo's scenario slower than real
    // time. A hang still fails, naming what it waited for and the screen (the suites' 5-minute time limits
    // outlast a wait, so a slow wait fails with its screen, not as a bare time-out). Patience does not help a wait for
    // text the screen may never show: wait for what the test made true (a filter applied, a row selected),
    // not for text whose place depends on timing or a column's width.
    /// Waits until a list's cursor (`▌`) is on a row that contains `text`; returns the screen then.
    ///
    /// Wait for this before a key that acts on the selection (Enter, r, C): a list that has not loaded yet has
    /// nothing selected, and the key does nothing. Text elsewhere on the screen (the Overview names jobs and errors
    /// too) does not show the list has loaded.
    @discardableResult
    func waitForSelectedRow(containing text: String, timeout: Duration = .testPatience) async throws -> String {
        try await waitUntil("the cursor on a row with \"\(text)\"", timeout: timeout) { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("▌") && $0.contains(text) }
        }
    }

    /// Waits until the screen contains `text`; returns the screen then.
    ///
    /// - Throws: ``TmuxError`` naming `text` and showing the last screen, when the time runs out.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .testPatience) async throws -> String {
        try await waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the screen contains every one of `texts`; returns the screen then.
    ///
    /// Use it rather than waiting for one text and expecting the others in the same capture: the terminal may be
    /// mid-frame when it is read, showing one part of the new screen and not yet another.
    @discardableResult
    func waitFor(all texts: String..., timeout: Duration = .testPatience) async throws -> String {
        try await waitUntil(texts.map { "\"\($0)\"" }.joined(separator: " and "), timeout: timeout) { screen in
            texts.allSatisfy(screen.contains)
        }
    }

    /// Ends the tmux server, and with it the program under test, and removes its socket (tmux leaves it).
    func kill() {
        let socketPath = try? tmuxBlocking(["display-message", "-p", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmuxBlocking(["kill-server"])
        if let socketPath, socketPath.hasSuffix("/" + socket) {
            try? FileManager.default.removeItem(atPath: socketPath)
        }
    }

    /// Runs a tmux command on this session's server, waiting on a thread of its own rather than on the
    /// cooperative pool (two threads on a two-core machine, shared with every test running beside this one);
    /// a tmux that does not answer in 30 s fails the test instead of hanging it.
    @discardableResult
    func tmux(_ arguments: [String]) async throws -> String {
        try Self.checked(
            try await ChildProcess.runDetached("tmux", ["-L", socket] + arguments, timeout: .seconds(30)), arguments)
    }

    /// ``tmux(_:)`` for `kill()`, which runs in a `defer` and so cannot wait asynchronously.
    @discardableResult
    func tmuxBlocking(_ arguments: [String]) throws -> String {
        try Self.checked(try ChildProcess.run("tmux", ["-L", socket] + arguments, timeout: .seconds(30)), arguments)
    }

    private static func checked(_ result: ChildProcess.Result, _ arguments: [String]) throws -> String {
        guard result.status == 0 else {
            throw TmuxError("tmux \(arguments.first ?? "") exited with status \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

extension TmuxSession {
    /// Waits until `condition` holds for the screen (polling, at most `timeout`); returns the screen then.
    ///
    /// - Throws: ``TmuxError`` naming `what` and showing the last screen, when the time runs out.
    @discardableResult
    func waitUntil(
        _ what: String, timeout: Duration = .testPatience, _ condition: (String) -> Bool
    ) async throws -> String {
        try await poll(what, timeout: timeout, capture: capture, shown: { $0 }, condition: condition)
    }

    /// Waits until `condition` holds for the screen read with its colours and attributes; returns it then.
    ///
    /// - Throws: ``TmuxError`` naming `what` and showing the last screen, when the time runs out.
    @discardableResult
    func waitUntilStyled(
        _ what: String, timeout: Duration = .testPatience, _ condition: (StyledScreen) -> Bool
    ) async throws -> StyledScreen {
        let raw = try await poll(
            what, timeout: timeout, capture: captureWithAttributes, shown: { StyledScreen(capture: $0).text },
            condition: { condition(StyledScreen(capture: $0)) })
        return StyledScreen(capture: raw)
    }

    /// Captures until `condition` holds, at most `timeout`; the pause between captures only spares the CPU.
    /// `shown` turns the last capture into what the failure message shows.
    private func poll(
        _ what: String, timeout: Duration, capture: () async throws -> String, shown: (String) -> String,
        condition: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        repeat {
            screen = try await capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        throw TmuxError("timed out after \(timeout) waiting for \(what); the screen was:\n\(shown(screen))")
    }

    /// Resizes the terminal, as a person dragging the window would.
    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
