import Foundation
import Logging

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
    /// - Throws: ``ScenarioError`` for a bad file, or a speed override that is not above zero.
    public func resolvedScenario() throws -> Scenario {
        var scenario = try self.scenario ?? Scenario.load(path: scenarioPath)
        if let seed { scenario.seed = seed }
        if let speed {
            guard speed > 0, speed.isFinite, speed <= 10_000 else {
                throw ScenarioError(
                    file: scenarioPath, field: "speed", message: "--speed must be above 0 and at most 10000")
            }
            scenario.speed = speed
        }
        return scenario
    }
}
