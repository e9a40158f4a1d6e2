import Foundation
import YAMLFiles

/// A demo scenario: how much traffic each flow gets, how the simulated providers behave, how fast demo
/// time runs (the demo's waits are shortened by its speed; the times it stores stay real), and which faults
/// are planted for an on-call engineer to find.
///
/// Scenarios are YAML files, such as `demo/onboarding.yaml` and `demo/incident.yaml` (both also built into
/// the binary: ``BuiltinScenario``). Every field is optional and falls back to the healthy defaults below;
/// an unknown field or a bad value is a ``YAMLFileError`` naming the file, the line and the field.
///
/// ```yaml
/// name: Onboarding
/// speed: 10
/// seed: 2026
/// signups: {perMinute: 12, mailFailureProbability: 0.1}
/// faults:
///   pausedQueue: emails
/// ```
public struct Scenario: Sendable, Hashable, Decodable {
    /// A short name shown in the console's title and the summary.
    public var name: String
    /// What the scenario shows, in a sentence or two.
    public var description: String
    /// Demo seconds per real second, unless the command line says otherwise.
    public var speed: Double
    /// The speeds allowed, in the file and on the command line: slower would stretch a demo wait past
    /// what a `Duration` holds, faster would shrink the lock and lease times the demo's jobs hold below what
    /// their real-time renewals and the workers' polling can keep up with.
    public static let speeds: ClosedRange<Double> = 0.01...10_000
    /// The seed for every random choice, unless the command line says otherwise.
    public var seed: UInt64
    /// Multiplies every simulated work time (1: realistic; 0.5: twice as fast).
    public var workScale: Double
    /// Sign-ups: verification emails.
    public var signups: SignupTraffic
    /// Payments: provisioning after `payment.confirmed`.
    public var payments: PaymentTraffic
    /// File uploads: download, parse, import.
    public var uploads: UploadTraffic
    /// Search index rebuilds, which take a lock.
    public var searchRebuilds: SearchRebuildTraffic
    /// Each demo queue's concurrency limit.
    public var concurrency: QueueConcurrency
    /// The faults planted when the demo starts; none by default.
    public var faults: Faults

    /// Creates the healthy default scenario.
    public init(name: String = "Custom") {
        self.name = name
        description = ""
        speed = 10
        seed = 1
        workScale = 1
        signups = SignupTraffic()
        payments = PaymentTraffic()
        uploads = UploadTraffic()
        searchRebuilds = SearchRebuildTraffic()
        concurrency = QueueConcurrency()
        faults = Faults()
    }

    /// Loads and validates a scenario file.
    ///
    /// - Throws: ``YAMLFileError`` naming the file, line and field of the first problem.
    public static func load(path: String) throws -> Scenario {
        try StrictYAML.load(Scenario.self, path: path)
    }

    /// Decodes and validates scenario YAML text; `file` names it in errors.
    public static func decode(yaml: String, file: String) throws -> Scenario {
        try StrictYAML.decode(Scenario.self, yaml: yaml, file: file)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, speed, seed, workScale, signups, payments, uploads, searchRebuilds, concurrency
        case faults
    }

    /// Decodes strictly: unknown fields are refused, absent ones take the healthy defaults.
    public init(from decoder: any Decoder) throws {
        let fields = try StrictFields(decoder, CodingKeys.self)
        self.init()
        name = try fields.text(.name, default: nil) ?? name
        description = try fields.value(.description, default: description)
        speed = try fields.number(.speed, default: speed, in: Self.speeds)
        seed = try fields.value(.seed, default: seed)
        workScale = try fields.nonNegative(.workScale, default: workScale)
        signups = try fields.value(.signups, default: signups)
        payments = try fields.value(.payments, default: payments)
        uploads = try fields.value(.uploads, default: uploads)
        searchRebuilds = try fields.value(.searchRebuilds, default: searchRebuilds)
        concurrency = try fields.value(.concurrency, default: concurrency)
        faults = try fields.value(.faults, default: faults)
    }
}
