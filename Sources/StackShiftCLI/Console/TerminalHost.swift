import Console
import ConsoleTerminal
import Foundation

/// Runs the ncurses ``Terminal`` on a thread of its own, so exactly one owner ever touches ncurses.
///
/// The session talks to it through a locked mailbox (frames, theme, clipboard, stop) and hears back
/// through `onEvent` (started, input, stopped). Blocking key reads never hold up Swift's task threads.
final class TerminalHost: Sendable {
    /// What the terminal thread reports.
    enum Event: Sendable {
        /// The terminal is up, at this size.
        case started(width: Int, height: Int)
        /// The terminal could not start.
        case failed(String)
        /// A key or resize.
        case input(TerminalInput)
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
        while true {
            // A short timeout keeps frames flowing to the screen within a few milliseconds.
            if let input = terminal.readInput(timeoutMilliseconds: 15) { onEvent(.input(input)) }
            let work = mailbox.take()
            if work.stop { break }
            if let theme = work.theme { terminal.setTheme(theme) }
            if let frame = work.frame { terminal.draw(frame) }
            for text in work.clipboard { terminal.copyToClipboard(text) }
        }
        terminal.close()
        onEvent(.stopped)
    }
}

/// The work waiting for the terminal thread.
private struct TerminalWork {
    var frame: CellBuffer?
    var theme: Theme?
    var clipboard: [String] = []
    var stop = false
}

/// A lock around the pending work. `@unchecked Sendable`: `work` is only read or written under `lock`.
private final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var work = TerminalWork()

    func update(_ change: (inout TerminalWork) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&work)
    }

    /// Returns the pending work and leaves the stop flag set, so a stop is never lost.
    func take() -> TerminalWork {
        lock.lock()
        defer { lock.unlock() }
        let taken = work
        work = TerminalWork(stop: taken.stop)
        return taken
    }
}
