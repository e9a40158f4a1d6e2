import Foundation

/// A real terminal for the console: a detached tmux session on a server socket of its own, typed into with
/// `send-keys` and read with `capture-pane`.
///
/// tmux runs through `posix_spawn` with its output going to files, never pipes: the first command forks the
/// tmux server, which would hold a pipe open forever.
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
        let folder = FileManager.default.temporaryDirectory
        let output = folder.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        let errors = folder.appendingPathComponent("\(socket)-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: errors)
        }
        let status = try Self.spawnAndWait(tmux, ["-L", socket] + arguments, output: output, errors: errors)
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchmarkSkip("tmux \(arguments.first ?? "") exited with status \(status): \(message)")
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Starts a program with standard input from /dev/null and output into files, and waits for its exit
    /// status (128 + the signal when a signal ended it).
    static func spawnAndWait(
        _ executable: String, _ arguments: [String], output: String, errors: String
    ) throws
        -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
        guard spawned == 0 else {
            throw BenchmarkSkip("could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchmarkSkip("lost \(executable): errno \(errno)") }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
