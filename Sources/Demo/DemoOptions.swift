import Foundation
import Logging
import YAMLFiles

/// How to run the demo: which scenario, and the command line's overrides of its seed and speed.
public struct DemoOptions: Sendable {
    /// The scenario file; ignored when ``scenario`` is set.
    public var scenarioPath: String
    /// A scenario given directly (tests, or a CLI that loaded and validated the file itself).
    public var scenario: Scenario?
    /// Where the CLI opened the store, shown in the summary; the demo itself only uses the store it is given.
    public var databasePath: String?
    /// Overrides the scenario's seed (`--seed N`).
    public var seed: UInt64?
    /// Overrides the scenario's speed (`--speed 10`).
    public var speed: Double?
    /// The demo time to start at; the current time when nil.
    public var startDate: Date?
    /// Where the engine and the load generator report their own problems. The console should pass one that
    /// does not write to the terminal it draws on.
    public var logger: Logger

    /// The default scenario file, relative to the repository root.
    public static let defaultScenarioPath = "demo/onboarding.yaml"

    /// Creates options for a scenario file.
    public init(
        scenarioPath: String = DemoOptions.defaultScenarioPath, databasePath: String? = nil, seed: UInt64? = nil,
        speed: Double? = nil, startDate: Date? = nil, logger: Logger = Logger(label: "stackshift.demo")
    ) {
        self.scenarioPath = scenarioPath
        self.databasePath = databasePath
        self.seed = seed
        self.speed = speed
        self.startDate = startDate
        self.logger = logger
    }

    /// Creates options for a scenario given directly.
    public init(
        scenario: Scenario, databasePath: String? = nil, seed: UInt64? = nil, speed: Double? = nil,
        startDate: Date? = nil, logger: Logger = Logger(label: "stackshift.demo")
    ) {
        self.init(
            scenarioPath: "(\(scenario.name))", databasePath: databasePath, seed: seed, speed: speed,
            startDate: startDate, logger: logger)
        self.scenario = scenario
    }

    /// The scenario to run: the given one, or the file loaded and validated.
    ///
    /// - Throws: ``DemoOptionError`` for a speed override out of range (checked first: it is not the file's
    ///   fault), ``YAMLFileError`` for a bad file.
    public func resolvedScenario() throws -> Scenario {
        if let speed, !Scenario.speeds.contains(speed) {
            throw DemoOptionError(
                "--speed \(speed) is out of range: the speed must be from \(Scenario.speeds.lowerBound) to "
                    + "\(Int(Scenario.speeds.upperBound))")
        }
        var scenario = try self.scenario ?? Scenario.load(path: scenarioPath)
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
