import DurableJobs
import Foundation

/// A length of demo time as written in a scenario: a number and a unit, `500ms`, `90s`, `5m`, `24h`, `2d`.
public struct DemoDuration: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double

    /// Creates a duration of `seconds`.
    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// The same length as a `Duration`, to the millisecond.
    public var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    /// Parses `500ms`, `90s`, `1.5m`, `24h`, `2d` or `0`; nil for anything else.
    public static func parse(_ text: String) -> DemoDuration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" { return DemoDuration(seconds: 0) }
        let units: [(suffix: String, seconds: Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
        ]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // "5ms" also ends in "s": only accept when what is left is a plain, unsigned number.
            guard let first = number.first, first.isNumber, let value = Double(number), value.isFinite else {
                continue
            }
            return DemoDuration(seconds: value * unit.seconds)
        }
        return nil
    }

    /// Decodes from text such as `90s`; anything else is an error that shows the expected form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Self.parse(text) else {
            throw FieldProblem(
                .badValue, path: decoder.codingPath,
                message: "\"\(text)\" is not a duration; write a number and a unit: 500ms, 90s, 5m, 24h or 2d")
        }
        self = parsed
    }

    /// The shortest exact spelling (`90s`, `5m`, `24h`), else minutes and seconds (`33m48s`).
    public var description: String {
        for (suffix, unit) in [("d", 86400.0), ("h", 3600), ("m", 60), ("s", 1)]
        where seconds >= unit && (seconds / unit).rounded() == seconds / unit {
            return "\(Int(seconds / unit))\(suffix)"
        }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
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
