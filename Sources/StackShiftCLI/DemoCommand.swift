import ArgumentParser
import Console
import Demo
import DurableJobs
import Foundation
import Logging

/// `stackshift demo`: the console over a live in-process system, for learning the console and practising
/// an incident.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the console over a live demo system: realistic flows, and a practice incident.",
        discussion: """
            Runs the demo's jobs on an in-process engine over a fresh SQLite file, with a load generator \
            starting runs and sending webhooks. `--scenario incident` plants faults to find: a paused queue, \
            a webhook with the wrong key, a flaky provider, a dead worker, a stuck lock. `--tour` adds a panel \
            of steps that teach the console on that incident. The scenarios, the tour and the themes are built \
            in, so the demo runs from any folder; `--list` shows the scenarios. A scenario file (such as an \
            edited copy of demo/incident.yaml) is used when its path is given. `--speed` shortens the demo's \
            waits (work, backoff, timeouts, traffic); the times it stores stay real.
            """)

    @Option(
        help: ArgumentHelp(
            "A built-in scenario (\(BuiltinScenario.names); see --list) or a scenario file's path (default: "
                + "\(BuiltinScenario.standard.name); with --tour, incident).",
            valueName: "name-or-path"))
    var scenario: String?
    @Option(help: "Keep the database at this path or postgres:// URL (default: a fresh file in a temporary folder).")
    var db: String?
    @Option(help: "Keep the database in PostgreSQL: postgres://user:password@host:port/database.")
    var postgres: String?
    @Option(
        help: ArgumentHelp(
            "What a commit to the SQLite file survives (see `stackshift migrate --help`).", valueName: "normal|full"))
    var durability: String?
    @Option(help: "Seed for every random choice: the same seed gives the same runs and faults.") var seed: UInt64?
    @Option(
        parsing: .unconditional, help: "How much faster the demo's waits pass than real time; stored times stay real.")
    var speed: Double?
    @Flag(help: "Run without the console and leave a populated database.") var headless = false
    @Option(parsing: .unconditional, help: "With --headless: how long to run, e.g. 30s or 2m.")
    var duration: String = "30s"
    @Option(help: "The console theme: \(Self.themeNames), or a theme file's name in --themes-dir.")
    var theme: String?
    @Flag(help: "Show the guided tour: steps that teach the console on the incident scenario.") var tour = false
    @Flag(help: "List the built-in scenarios and exit.") var list = false
    @OptionGroup var themes: ThemesDirectoryOption

    /// The built-in themes' names, for the help.
    static let themeNames = Theme.builtinYAML.map(\.name).joined(separator: ", ")

    func run() async throws {
        try await reportingErrors {
            if list {
                Self.printList()
                return
            }
            if tour && headless { throw CLIError("--tour is shown in the console; it cannot be used with --headless") }
            // Everything the command line and the files say is checked before a database is created or opened, so
            // a refused option leaves nothing behind.
            let guide = try tour ? Self.loadTour() : nil
            let source = try scenario.map { try ScenarioSource.resolve($0) } ?? guide?.scenario ?? .builtin(.standard)
            let runFor = try Self.parseDuration(duration)
            let themesDirectory = themes.resolvedDirectory()
            if let theme, !headless {
                let library = ThemeLibrary(directory: themesDirectory)
                guard library.names.contains(theme) else {
                    throw ConsoleError.unknownTheme(theme, available: library.names)
                }
            }
            // The console owns the terminal: without --headless, the engine's log lines must not be drawn over it.
            var options = DemoOptions(
                source: source, seed: seed, speed: speed,
                logger: Logger(label: "stackshift.demo") { label -> any LogHandler in
                    headless ? StreamLogHandler.standardError(label: label) : SwiftLogNoOpLogHandler()
                })
            _ = try options.resolvedScenario()
            let location = try postgres ?? db ?? Self.temporaryDatabase()
            var database = DatabaseOptions()
            database.db = location
            database.postgres = nil
            database.durability = durability
            let label = try database.label()
            let reopen = database.suggestedCommand(["console"])
            options.databasePath = location
            let store = try await database.openStore(createIfMissing: true)
            if headless {
                StandardStreams.out("demo: running \(source) headless for \(duration) on \(label)")
                let summary = try await runHeadless(options: options, store: store, duration: runFor)
                StandardStreams.out(summary.description)
                StandardStreams.out("open it: \(reopen)")
                return
            }
            let demo = try await DemoSystem.start(options: options, store: store)
            do {
                try await runConsole(
                    operations: demo.stackshift.operations,
                    options: ConsoleOptions(
                        themeName: theme, themesDirectory: themesDirectory,
                        storeLabel: "demo · \(label)", databaseArguments: database.suggestedArguments(),
                        tour: guide?.state))
            } catch {
                await demo.stop()
                throw error
            }
            await demo.stop()
            StandardStreams.out("demo database kept at \(label): \(reopen)")
        }
    }

    /// The built-in tour (the text of `demo/tour.yaml`): the steps for the console, and the built-in scenario
    /// it is written for.
    static func loadTour() throws -> (state: TourState, scenario: ScenarioSource?) {
        let tour = try Tour.builtin()
        let scenario = try tour.scenario.map { name in
            guard let builtin = BuiltinScenario.named(name) else {
                throw CLIError("the built-in tour names scenario \(name), which is not built in")
            }
            return ScenarioSource.builtin(builtin)
        }
        return (TourState(tour), scenario)
    }

    /// `stackshift demo --list`: each built-in scenario with one line on what it shows.
    static func printList() {
        let width = BuiltinScenario.allCases.map(\.name.count).max() ?? 0
        StandardStreams.out("Built-in scenarios (stackshift demo --scenario NAME):")
        for builtin in BuiltinScenario.allCases {
            let marker = builtin == .standard ? " (default)" : ""
            StandardStreams.out(
                "  " + builtin.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + builtin.summary
                    + marker)
        }
        StandardStreams.out(
            "A scenario file is used when its path is given: --scenario ./my-incident.yaml "
                + "(start from a copy of \(BuiltinScenario.incident.checkoutPath) in the StackShift repository).")
    }

    static func temporaryDatabase() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stackshift-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(saturating: Date().timeIntervalSince1970))"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("demo.sqlite").path
    }

    /// `30s`, `2m`, `1h`, `500ms` → a duration, with the shared parser and its range.
    static func parseDuration(_ text: String) throws -> Duration {
        try DurationOption.duration(text, option: "--duration") ?? .zero
    }
}
