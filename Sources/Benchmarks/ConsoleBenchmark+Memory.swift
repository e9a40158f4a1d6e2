import Console
import Foundation

extension ConsoleBenchmark {
    /// The peak memory the issue allows the console process, in MB (MiB).
    static let memoryLimitMB = 80.0
    /// How long the console may take to show a view's data on the big database.
    static let screenTimeout: Duration = .seconds(60)

    /// The console's peak resident memory (`VmHWM`) after it showed the Queues view, the Runs view and a
    /// run's detail on a database, in a real 200×60 terminal.
    ///
    /// Runs `EXECUTABLE console --db DATABASE` in tmux, waits (polling the screen, with a deadline) until each
    /// view's data is on screen, then reads `/proc/PID/status` and quits with `q`.
    ///
    /// - Returns: The measurement, or why it was not taken: no executable given, no tmux, or the console did
    ///   not show its data in time (the screen is quoted).
    static func measureMemory(
        executable: String?, database: String, runs count: Int
    ) async -> Result<Measurement, BenchmarkSkip> {
        let label = "console peak memory"
        guard let executable else { return .failure(BenchmarkSkip("\(label): no stackshift executable to run")) }
        guard let tmux = TmuxTerminal.locate() else {
            return .failure(BenchmarkSkip("\(label): tmux is not installed (apt-get install tmux)"))
        }
        let terminal = TmuxTerminal(tmux: tmux)
        defer { terminal.kill() }
        do {
            let kilobytes = try await peakKilobytes(executable: executable, database: database, terminal: terminal)
            let megabytes = Double(kilobytes) / 1024
            return .success(
                Measurement(
                    group: group, name: "\(label) at \(Format.count(count)) runs", value: megabytes, unit: "MB",
                    target: "≤ \(Measurement.format(memoryLimitMB)) MB", meetsTarget: megabytes <= memoryLimitMB,
                    detail: "VmHWM of `stackshift console` at 200×60 after the Queues, Runs and Run views loaded"))
        } catch {
            return .failure(BenchmarkSkip("\(label): \(error)"))
        }
    }

    /// Drives the console through its views and returns its `VmHWM` in kB.
    private static func peakKilobytes(
        executable: String, database: String, terminal: TmuxTerminal
    ) async throws -> Int {
        // `exec` twice: the pane's process becomes the console itself, so the pane pid is the one to read.
        let command =
            "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \(quoted(executable)) console --db "
            + quoted(database)
        try terminal.start(command, width: 200, height: 60)
        let queueCount = "\(BenchmarkRunMix.queues.count) queues"
        let lastQueue = BenchmarkRunMix.queues.map(\.name).sorted().last ?? ""
        try await terminal.waitFor(queueCount, lastQueue, timeout: screenTimeout)
        try terminal.send("3")
        try await terminal.waitFor("(newest 500", timeout: screenTimeout)
        try terminal.send("Enter")
        try await terminal.waitFor("[ Timeline ]", timeout: screenTimeout)
        try terminal.send("Escape")
        try terminal.send("2")
        try await terminal.waitFor(queueCount, "sorted by name", timeout: screenTimeout)
        let pid = try terminal.panePid()
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard status.contains("stackshift") else {
            throw BenchmarkSkip("process \(pid) in the pane is not stackshift")
        }
        guard let kilobytes = highWaterMark(status) else {
            throw BenchmarkSkip("no VmHWM in /proc/\(pid)/status")
        }
        try terminal.send("q")
        // The console restores the terminal and exits; the server goes with the session.
        let deadline = ContinuousClock.now + .seconds(5)
        while FileManager.default.fileExists(atPath: "/proc/\(pid)"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return kilobytes
    }

    /// The `VmHWM` line of `/proc/PID/status`, in kB.
    static func highWaterMark(_ status: String) -> Int? { ProcessMemory.kilobytes("VmHWM", in: status) }

    /// A word for `sh`, single-quoted.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
