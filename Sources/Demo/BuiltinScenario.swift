import Foundation
import JobStore

/// The scenarios compiled into the binary, so `stackshift demo` and `--scenario incident` work from any
/// folder with an installed binary. The files in `demo/` are their editable copies (a test keeps the two
/// the same, byte for byte); a file is used when it is named by its path.
public enum BuiltinScenario: String, Sendable, Hashable, CaseIterable {
    /// A healthy system: every flow running, the odd transient failure retried, nothing planted.
    case onboarding
    /// A practice incident: the same traffic with five planted faults to find; the tour's scenario.
    case incident

    /// The scenario `stackshift demo` runs when none is named.
    public static let standard = BuiltinScenario.onboarding

    /// The name to type after `--scenario`.
    public var name: String { rawValue }

    /// The editable copy's path in a StackShift checkout: `demo/incident.yaml`.
    public var checkoutPath: String { "demo/\(rawValue).yaml" }

    /// What the scenario shows, in one line (`stackshift demo --list`).
    public var summary: String {
        switch self {
        case .onboarding:
            "a healthy system: sign-ups, payments, uploads and a nightly cleanup, transient failures retried"
        case .incident:
            "a practice incident: the same traffic with five planted faults to find and fix (used by --tour)"
        }
    }

    /// The YAML text, exactly as `demo/NAME.yaml` in the checkout.
    public var yaml: String {
        switch self {
        case .onboarding: Self.onboardingYAML
        case .incident: Self.incidentYAML
        }
    }

    /// The scenario, decoded and validated like a file; errors name it `incident (built in)`.
    ///
    /// - Throws: ``YAMLFileError`` only if the built-in text were broken (a test keeps it valid).
    public func load() throws -> Scenario {
        try Scenario.decode(yaml: yaml, file: "\(rawValue) (built in)")
    }

    /// The built-in scenario a name means: `incident`, or the file name `incident.yaml` (as a tour names it).
    public static func named(_ name: String) -> BuiltinScenario? {
        let bare = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        return BuiltinScenario(rawValue: bare)
    }

    /// The names, for messages: `onboarding, incident`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
