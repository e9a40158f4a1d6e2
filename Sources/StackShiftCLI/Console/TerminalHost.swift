import ChildProcesses
import Console
import ConsoleTerminal
import Foundation
import Synchronization

/// Runs the ncurses ``Terminal`` on a thread of its own, so exactly one owner ever touches ncurses.
///
/// The session talks to it through a locked mailbox (frames, theme, clipboard, child processes such as
/// `$EDITOR`, stop) and hears back
/// through `onEvent` (started, input, stopped). Blocking key reads never hold up Swift's task threads.
final class TerminalHost: Sendable {
    /// What the terminal thread reports.
    enum Event: Sendable {
        /// The terminal is up, at this size.
        case started(width: Int, height: Int)
        /// The terminal could not start.
        case failed(String)
        /// Keys and resizes, in order: all the terminal had waiting, so a paste arrives as one batch.
        case input([TerminalInput])
        /// The terminal is restored; the thread has ended.
        case stopped
    }

    private let mailbox = Mailbox()
    /// Signalled by the terminal thread once the terminal is restored.
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the terminal thread. `onEvent` is called on that thread.
    init(theme: Theme, noColor: Bool, onEvent: @escaping @Sendable (Event) -> Void) {
        let mailbox = self.mailbox
        let stopped = self.stopped
        let thread = Thread {
            Self.run(theme: theme, noColor: noColor, mailbox: mailbox, onEvent: onEvent)
            stopped.signal()
        }
        thread.name = "stackshift-terminal"
        thread.start()
    }

    /// Shows a frame (only its differences from the last one are drawn).
    func show(_ frame: CellBuffer) { mailbox.update { $0.frame = frame } }

    /// Switches theme.
    func setTheme(_ theme: Theme) { mailbox.update { $0.theme = theme } }

    /// Copies text to the clipboard via the terminal.
    func copy(_ text: String) { mailbox.update { $0.clipboard.append(text) } }

    /// Suspends curses, runs a shell command with the terminal (an editor), then restores the screen.
    /// Returns the command's exit status, or why it could not run.
    func runInTerminal(_ command: String, arguments: [String]) async -> Result<Int32, ChildProcessError> {
        await withCheckedContinuation { continuation in
            let job = TerminalJob(command: command, arguments: arguments) { continuation.resume(returning: $0) }
            mailbox.update { $0.jobs.append(job) }
        }
    }

    /// Restores the terminal and ends the thread; `.stopped` follows.
    func stop() { mailbox.update { $0.stop = true } }

    /// Asks the thread to stop and waits (briefly) until the terminal is restored, so the shell never
    /// gets the screen back in curses mode, even when the session's task was cancelled.
    func stopAndWait() {
        stop()
        _ = stopped.wait(timeout: .now() + 2)
    }

    private static func run(theme: Theme, noColor: Bool, mailbox: Mailbox, onEvent: @Sendable (Event) -> Void) {
        let terminal: Terminal
        do {
            terminal = try Terminal(theme: theme, noColor: noColor)
        } catch {
            onEvent(.failed(String(describing: error)))
            onEvent(.stopped)
            return
        }
        let size = terminal.size
        onEvent(.started(width: size.width, height: size.height))
        var shown: CellBuffer?
        while true {
            let inputs = Self.readWaitingInput(terminal)
            if !inputs.isEmpty { onEvent(.input(inputs)) }
            let work = mailbox.take()
            if work.stop {
                for job in work.jobs { job.finish(.failure(ChildProcessError("the console is closing"))) }
                break
            }
            if let theme = work.theme { terminal.setTheme(theme) }
            if let frame = work.frame {
                terminal.draw(frame)
                shown = frame
            }
            for text in work.clipboard { terminal.copyToClipboard(text) }
            for job in work.jobs {
                let result = terminal.whileSuspended(redrawing: shown) { job.run() }
                job.finish(result)
                // The terminal may have been resized while the child had it.
                let size = terminal.size
                onEvent(.input([.resized(width: size.width, height: size.height)]))
            }
        }
        terminal.close()
        onEvent(.stopped)
    }

    /// The most inputs handed over at once; more wait for the next turn, so frames keep coming during a paste.
    static let inputBatchLimit = 4096

    /// Waits briefly for input, then takes whatever else is already waiting, up to ``inputBatchLimit``.
    /// The short first wait keeps frames flowing to the screen within a few milliseconds.
    private static func readWaitingInput(_ terminal: Terminal) -> [TerminalInput] {
        guard let first = terminal.readInput(timeoutMilliseconds: 15) else { return [] }
        var inputs = [first]
        while inputs.count < inputBatchLimit, let next = terminal.readInput(timeoutMilliseconds: 0) {
            inputs.append(next)
        }
        return inputs
    }
}

/// A shell command to run with the terminal while curses is suspended, and who waits for its exit status.
struct TerminalJob: Sendable {
    /// The shell command (`vim -u NONE`); `"$@"` arguments follow it.
    let command: String
    /// Arguments passed to the command (the file to edit).
    let arguments: [String]
    /// Called once with the exit status.
    let finish: @Sendable (Result<Int32, ChildProcessError>) -> Void

    init(command: String, arguments: [String], finish: @escaping @Sendable (Result<Int32, ChildProcessError>) -> Void) {
        self.command = command
        self.arguments = arguments
        self.finish = finish
    }

    /// Runs `sh -c 'COMMAND "$@"'` with the terminal as its standard input, output and error, and waits.
    ///
    /// Spawned directly and reaped with `waitpid` (see ``ProcessLaunch``): no pipes, no run loop, and the signals
    /// the console ignores (SIGINT, SIGTERM) get their default behaviour back in the child, so the editor acts
    /// as in a shell.
    func run() -> Result<Int32, ChildProcessError> {
        // The editor gets the terminal (0, 1, 2) and nothing else: not the database files or connections.
        let launch = ProcessLaunch()
        do {
            let pid = try launch.start("/bin/sh", ["-c", command + " \"$@\"", "stackshift-editor"] + arguments)
            return .success(try ProcessLaunch.waitForExit(pid))
        } catch {
            return .failure(ChildProcessError("could not run \(command): \(error)"))
        }
    }
}

/// The work waiting for the terminal thread.
private struct TerminalWork: Sendable {
    var frame: CellBuffer?
    var theme: Theme?
    var clipboard: [String] = []
    var jobs: [TerminalJob] = []
    var stop = false
}

/// The pending work, handed from any thread to the terminal's own thread under a lock.
private final class Mailbox: Sendable {
    private let work = Mutex(TerminalWork())

    func update(_ change: (inout TerminalWork) -> Void) {
        work.withLock { change(&$0) }
    }

    /// Returns the pending work and leaves the stop flag set, so a stop is never lost.
    func take() -> TerminalWork {
        work.withLock { work in
            let taken = work
            work = TerminalWork(stop: taken.stop)
            return taken
        }
    }
}
