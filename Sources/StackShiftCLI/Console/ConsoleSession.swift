import Console
import ConsoleTerminal
import DurableJobs
import Foundation

/// Runs the live console over the engine's operations until the user quits (or SIGINT/SIGTERM), then restores
/// the terminal. Every read and action goes through `operations`; its clock is the console's (the demo's runs
/// ahead of the wall clock).
///
/// Always restores the terminal before returning, including when the store fails.
///
/// - Throws: ``ConsoleError`` when the theme is unknown or the terminal cannot start.
public func runConsole(operations: Operations, options: ConsoleOptions) async throws {
    try await ConsoleSession(operations: operations, options: options).run()
}

/// The runtime loop: feeds keys, ticks and store results into the reducer, executes its effects, and
/// hands each rendered frame to the terminal thread.
struct ConsoleSession {
    /// How often the clock ticks (and the change feed is polled): a change shows within a second.
    static let tickInterval: Duration = .milliseconds(250)

    /// What the loop reacts to.
    enum Event: Sendable {
        case action(ConsoleAction)
        case terminal(TerminalHost.Event)
        case signal(Int32)
    }

    let operations: Operations
    let options: ConsoleOptions

    func run() async throws {
        let library = ThemeLibrary(directory: options.themesDirectory)
        let themeName = options.themeName ?? "default"
        guard library.names.contains(themeName) else {
            throw ConsoleError.unknownTheme(themeName, available: library.names)
        }
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { continuation.yield(.signal($0)) }
        defer { signals.cancel() }

        let host = TerminalHost(
            theme: library.theme(named: themeName), noColor: options.noColor ?? ConsoleOptions.environmentSaysNoColor
        ) { continuation.yield(.terminal($0)) }
        var iterator = events.makeAsyncIterator()
        // Wait for the terminal before anything is drawn; a failure here leaves the screen untouched.
        var size: (Int, Int)?
        while size == nil, let event = await iterator.next() {
            switch event {
            case .terminal(.started(let width, let height)): size = (width, height)
            case .terminal(.failed(let message)): throw ConsoleError.terminal(message)
            case .signal:
                host.stopAndWait()
                return
            default: continue
            }
        }
        guard let (width, height) = size else {
            host.stopAndWait()
            return
        }

        var state = ConsoleState(
            width: width, height: height, now: operations.now(), readOnly: options.readOnly, themeName: themeName,
            themeNames: library.names, utcOffsetSeconds: TimeZone.current.secondsFromGMT(),
            storeLabel: options.storeLabel, databaseArguments: options.databaseArguments, tour: options.tour,
            themeProblems: library.problems)
        let editor = ExternalEditor(command: ExternalEditor.command(configured: options.editor), host: host)
        let runner = EffectRunner(
            operations: operations, send: { continuation.yield(.action($0)) }, copy: { host.copy($0) },
            edit: { await editor.edit($0, name: $1) }, watch: options.watchedFile.map(DatabaseFileWatch.init(path:)),
            reopen: options.reopen)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tickInterval)
                continuation.yield(.action(.tick(now: operations.now())))
            }
        }
        defer { ticker.cancel() }
        // A store that pushes changes (PostgreSQL LISTEN/NOTIFY) triggers a tick, and so a change-feed poll, at
        // once; the timer above stays as the fallback.
        let pushes = operations.changeNotifications().map { changes in
            Task { for await _ in changes { continuation.yield(.action(.tick(now: operations.now()))) } }
        }
        defer { pushes?.cancel() }

        await runner.submit(state.reduce(.started))
        var shownTheme = themeName
        host.show(ConsoleRenderer.render(state))
        loop: while let event = await iterator.next() {
            let effects: [ConsoleEffect]
            switch event {
            case .signal, .terminal(.stopped), .terminal(.failed):
                break loop
            case .terminal(.input(let inputs)):
                // Everything the terminal had waiting (a paste is thousands of keys) is applied, then drawn once.
                effects = Self.reduce(inputs, into: &state)
            case .terminal(.started):
                continue
            case .action(let action):
                effects = state.reduce(action)
            }
            if effects.contains(.quit) { break loop }
            await runner.submit(effects)
            if state.themeName != shownTheme {
                shownTheme = state.themeName
                host.setTheme(library.theme(named: shownTheme))
            }
            host.show(ConsoleRenderer.render(state))
        }
        host.stopAndWait()
    }

    /// Applies keys and resizes in order, stopping after one that quits.
    static func reduce(_ inputs: [TerminalInput], into state: inout ConsoleState) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        for input in inputs {
            effects += state.reduce(input.action)
            if effects.contains(.quit) { break }
        }
        return effects
    }
}
