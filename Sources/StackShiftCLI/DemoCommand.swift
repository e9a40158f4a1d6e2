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
            starting runs and sending webhooks. `--scenario demo/incident.yaml` plants faults to find: a \
            paused queue, a webhook with the wrong key, a flaky provider, a dead worker, a stuck lock. \
            `--tour` adds a panel of steps that teach the console on that incident.
            """)

    @Option(help: "The scenario file (default: \(DemoOptions.defaultScenarioPath); with --tour, the tour's scenario).")
    var scenario: String?
    @Option(help: "Keep the database at this path or postgres:// URL (default: a fresh file in a temporary folder).")
    var db: String?
    @Option(help: "Keep the database in PostgreSQL: postgres://user:password@host:port/database.")
    var postgres: String?
    @Option(help: "Seed for every random choice: the same seed gives the same runs and faults.") var seed: UInt64?
    @Option(parsing: .unconditional, help: "How much faster demo time runs than real time.") var speed: Double?
    @Flag(help: "Run without the console and leave a populated database.") var headless = false
    @Option(parsing: .unconditional, help: "With --headless: how long to run, e.g. 30s or 2m.")
    var duration: String = "30s"
    @Option(help: "The console theme.") var theme: String?
    @Flag(help: "Show the guided tour: steps that teach the console on the incident scenario.") var tour = false
    @OptionGroup var themes: ThemesDirectoryOption

    func run() async throws {
        try await reportingErrors {
            if tour && headless { throw CLIError("--tour is shown in the console; it cannot be used with --headless") }
            // Everything the command line and the files say is checked before a database is created or opened, so
            // a refused option leaves nothing behind.
            let guide = try tour ? Self.loadTour() : nil
            let scenario = scenario ?? guide?.scenarioPath ?? DemoOptions.defaultScenarioPath
            guard let scenarioPath = CheckoutResource.find(scenario) else {
                throw CLIError("no scenario file \(scenario); run from the StackShift checkout or pass --scenario PATH")
            }
            let runFor = try Self.parseDuration(duration)
            // The console owns the terminal: without --headless, the engine's log lines must not be drawn over it.
            var options = DemoOptions(
                scenarioPath: scenarioPath, seed: seed, speed: speed,
                logger: Logger(label: "stackshift.demo") { label -> any LogHandler in
                    headless ? StreamLogHandler.standardError(label: label) : SwiftLogNoOpLogHandler()
                })
            _ = try options.resolvedScenario()
            let location = try postgres ?? db ?? Self.temporaryDatabase()
            var database = DatabaseOptions()
            database.db = location
            database.postgres = nil
            let label = try database.label()
            let reopen = database.suggestedCommand(["console"])
            options.databasePath = location
            let store = try await DatabaseOptions.openStore(location: location, readOnly: false, createIfMissing: true)
            if headless {
                StandardStreams.out("demo: running \(scenario) headless for \(duration) on \(label)")
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
                        themeName: theme, themesDirectory: themes.resolvedDirectory(),
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

    /// Reads `demo/tour.yaml`: the steps for the console, and the scenario the tour is written for.
    static func loadTour() throws -> (state: TourState, scenarioPath: String?) {
        guard let path = CheckoutResource.find(Tour.defaultPath) else {
            throw CLIError("no tour file \(Tour.defaultPath); run from the StackShift checkout")
        }
        let tour = try Tour.load(path: path)
        return (TourState(tour), tour.scenarioPath(relativeTo: path))
    }

    static func temporaryDatabase() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stackshift-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("demo.sqlite").path
    }

    /// `30s`, `2m`, `1h`, `500ms` → a duration, with the shared parser and its range.
    static func parseDuration(_ text: String) throws -> Duration {
        try DurationOption.duration(text, option: "--duration") ?? .zero
    }
}
