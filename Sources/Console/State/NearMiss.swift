import JobStore

/// How an event's key nearly matches a waited-for key: the mistakes that strand a wait in practice
/// (a key upper-cased by another system, a trailing newline from a form, a typo or an off-by-one id).
///
/// The labels agree with `RunDiagnosis.NearMiss.difference`, so the Waits view and "why" say the same.
public enum NearMiss: String, Sendable, Hashable, CaseIterable {
    /// The keys differ only in letter case (`PAY_123` for `pay_123`).
    case letterCase = "case"
    /// The keys differ only in surrounding whitespace (`pay_123\n`).
    case whitespace = "whitespace"
    /// The keys differ in surrounding whitespace and letter case.
    case caseAndWhitespace = "case and whitespace"
    /// One character inserted, deleted or replaced (`pay_124`, `pay_12`).
    case oneCharacter = "one character"

    /// How `actual` nearly matches `expected`; nil when it is the same key or not close. The rules are the
    /// engine's (`RunDiagnosis.NearMiss.difference`), so both always agree.
    public static func classify(expected: String, actual: String) -> NearMiss? {
        RunDiagnosis.NearMiss.difference(expected: expected, actual: actual).flatMap(NearMiss.init(rawValue:))
    }

    /// The near miss of an event for a wait: only events with the same name count.
    public static func classify(waitName: String, waitKey: String, eventName: String, eventKey: String) -> NearMiss? {
        guard waitName == eventName else { return nil }
        return classify(expected: waitKey, actual: eventKey)
    }

    /// The label shown beside a flagged event.
    public var label: String { rawValue }

    /// A short label for narrow columns: `case`, `spaces`, `case+spaces`, `1 char`.
    public var shortLabel: String {
        switch self {
        case .letterCase: "case"
        case .whitespace: "spaces"
        case .caseAndWhitespace: "case+spaces"
        case .oneCharacter: "1 char"
        }
    }
}
