import Foundation
import JobStore
import YAMLFiles

/// A length of demo time as written in a scenario: a number and a unit, `500ms`, `90s`, `5m`, `24h`, `2d`.
public struct DemoDuration: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double

    /// Creates a duration of `seconds`.
    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// The same length as a `Duration`, to the millisecond. Parsed durations are at most 100 years, far
    /// inside what 64-bit milliseconds hold.
    public var duration: Duration {
        // Clamped, so a duration built in code from any `Double` converts without trapping.
        let bounded = seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, 0), DurationLimits.longest)
        return .milliseconds(Int64(saturating: (bounded * 1000).rounded()))
    }

    /// What a scenario accepts: zero to 100 years, always with a unit (only `0` may go without one).
    public static let limits = DurationLimits.nonNegative

    /// Parses `500ms`, `90s`, `1.5m`, `24h`, `2d`, `1h30m` or `0` with the shared ``DurationText``, or says
    /// why the text is not one.
    public static func parse(_ text: String) -> Result<DemoDuration, DurationProblem> {
        DurationText.parse(text, limits: limits).map(DemoDuration.init(seconds:))
    }

    /// Decodes from text such as `90s`; anything else is an error that shows the expected form and range.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch Self.parse(text) {
        case .success(let parsed): self = parsed
        case .failure(let problem):
            throw FieldProblem(.badValue, path: decoder.codingPath, message: problem.description)
        }
    }

    /// The shortest exact spelling (`90s`, `5m`, `24h`), else minutes and seconds (`33m48s`).
    public var description: String {
        guard seconds.isFinite, abs(seconds) <= DurationLimits.longest else { return "\(seconds)s" }
        for (suffix, unit) in [("d", 86400.0), ("h", 3600), ("m", 60), ("s", 1)]
        where seconds >= unit && (seconds / unit).rounded() == seconds / unit {
            return "\(Int(saturating: seconds / unit))\(suffix)"
        }
        if seconds < 1 { return "\(Int(saturating: (seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(saturating: seconds.rounded())
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s" : "\(whole / 3600)h\(whole % 3600 / 60)m"
    }

    /// Orders by length.
    public static func < (lhs: DemoDuration, rhs: DemoDuration) -> Bool { lhs.seconds < rhs.seconds }

    /// A duration of `value` seconds.
    public static func seconds(_ value: Double) -> DemoDuration { DemoDuration(seconds: value) }
    /// A duration of `value` minutes.
    public static func minutes(_ value: Double) -> DemoDuration { DemoDuration(seconds: value * 60) }
    /// A duration of `value` hours.
    public static func hours(_ value: Double) -> DemoDuration { DemoDuration(seconds: value * 3600) }
}
