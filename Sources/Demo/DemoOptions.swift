import Foundation
import Logging
import YAMLFiles

/// How to run the demo: which scenario, and the command line's overrides of its seed and speed.
public struct DemoOptions: Sendable {
    /// Where the scenario comes from; ignored when ``scenario`` is set.
    public var source: ScenarioSource
    /// A scenario given directly (tests, or a CLI that loaded and validated the file itself).
    public var scenario: Scenario?
    /// Where the CLI opened the store, shown in the summary; the demo itself only uses the store it is given.
    public var databasePath: String?
    /// Overrides the scenario's seed (`--seed N`).
    public var seed: UInt64?
    /// Overrides the scenario's speed (`--speed 10`).
    public var speed: Double?
    /// Where the engine and the load generator report their own problems. The console should pass one that
    /// does not write to the terminal it draws on.
    public var logger: Logger

    /// Creates options for a scenario file or a built-in scenario (by default the built-in onboarding).
    public init(
        source: ScenarioSource = .builtin(.standard), databasePath: String? = nil, seed: UInt64? = nil,
        speed: Double? = nil, logger: Logger = Logger(label: "stackshift.demo")
    ) {
        self.source = source
        self.databasePath = databasePath
        self.seed = seed
        self.speed = speed
        self.logger = logger
    }

    /// Creates options for a scenario given directly.
    public init(
        scenario: Scenario, databasePath: String? = nil, seed: UInt64? = nil, speed: Double? = nil,
        logger: Logger = Logger(label: "stackshift.demo")
    ) {
        self.init(databasePath: databasePath, seed: seed, speed: speed, logger: logger)
        self.scenario = scenario
    }

    /// Creates options for a scenario file.
    public init(
        scenarioPath: String, databasePath: String? = nil, seed: UInt64? = nil, speed: Double? = nil,
        logger: Logger = Logger(label: "stackshift.demo")
    ) {
        self.init(source: .file(scenarioPath), databasePath: databasePath, seed: seed, speed: speed, logger: logger)
    }

    /// The scenario to run: the given one, or the file or built-in loaded and validated.
    ///
    /// - Throws: ``DemoOptionError`` for a speed override out of range (checked first: it is not the file's
    ///   fault), ``YAMLFileError`` for a bad file.
    public func resolvedScenario() throws -> Scenario {
        if let speed, !Scenario.speeds.contains(speed) {
            throw DemoOptionError(
                "--speed \(speed) is out of range: the speed must be from \(Scenario.speeds.lowerBound) to "
                    + (Int(exactly: Scenario.speeds.upperBound).map(String.init) ?? "\(Scenario.speeds.upperBound)"))
        }
        var scenario = try self.scenario ?? source.load()
        if let seed { scenario.seed = seed }
        if let speed { scenario.speed = speed }
        return scenario
    }
}

/// A command-line override the demo cannot use, in one line that names the option and what it allows.
public struct DemoOptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--speed 0.0 is out of range: the speed must be from 0.01 to 10000`.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
