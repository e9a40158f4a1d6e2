import Foundation

/// Lengths of time written by hand — `500ms`, `30s`, `5m`, `2h`, `7d`, `1h30m` — read the same way by every
/// front end (CLI options, YAML scenarios, console forms), and range-checked before any arithmetic so that
/// no input can trap.
public enum DurationText {
    /// The units, longest first where one spelling starts another.
    static let units: [(name: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]

    /// The most characters read: longer input is refused before it is looked at.
    static let maximumLength = 64

    /// The duration `text` names, in seconds, or why it is not one allowed by `limits`.
    ///
    /// A duration is one or more parts, each a plain decimal number and a unit (`ms`, `s`, `m`, `h`, `d`,
    /// `w`), with optional spaces between parts; `0` alone is zero; a bare number is seconds only when
    /// the limits allow it. Signs, exponents, `nan` and `inf` are not numbers here.
    public static func parse(
        _ text: String, limits: DurationLimits = .positive
    ) -> Result<TimeInterval, DurationProblem> {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard input.count <= maximumLength else { return .failure(.notADuration(text, limits)) }
        // A minus sign on something that would otherwise be a duration is a range problem, not a spelling one.
        if input.hasPrefix("-"), seconds(in: String(input.dropFirst()), limits: limits) != nil {
            return .failure(.outOfRange(text, limits))
        }
        guard let seconds = seconds(in: input, limits: limits) else { return .failure(.notADuration(text, limits)) }
        guard seconds.isFinite, limits.contains(seconds) else { return .failure(.outOfRange(text, limits)) }
        return .success(seconds)
    }

    /// Whether `text` asks for no expiry at all (`never`, `none`, `off`, `-`), where an input offers that.
    public static func isNever(_ text: String) -> Bool {
        ["never", "none", "off", "-"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The shortest exact spelling in one unit (`90s`, `5m`, `1d`, `250ms`), else seconds with up to
    /// three decimals; for messages about limits.
    public static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "\(seconds)" }
        if seconds == 0 { return "0s" }
        for (name, unit) in units.reversed() where name != "w" {
            let count = seconds / unit
            if abs(count) >= 1, abs(count) < 1e15, let whole = Int64(exactly: count) { return "\(whole)\(name)" }
        }
        return String(format: "%.3fs", seconds)
    }

    /// The seconds a bare number or a sum of parts stands for (unchecked), or nil when it is neither.
    private static func seconds(in input: String, limits: DurationLimits) -> Double? {
        if let bare = plainNumber(input) { return limits.allowsBareSeconds || bare == 0 ? bare : nil }
        return sum(of: input)
    }

    /// The sum of `number unit` parts, or nil when the text is not made of them.
    private static func sum(of input: String) -> Double? {
        guard !input.isEmpty else { return nil }
        var total = 0.0
        var rest = Substring(input)
        while true {
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { return total }
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let name = rest.dropFirst(digits.count).prefix { $0.isASCII && $0.isLetter }
            guard let value = plainNumber(String(digits)),
                let unit = units.first(where: { $0.name == name })
            else { return nil }
            total += value * unit.seconds
            rest = rest.dropFirst(digits.count + name.count)
        }
    }

    /// `12`, `1.5` or `.5` as a number: ASCII digits with at most one point, nothing else.
    private static func plainNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.filter({ $0 == "." }).count <= 1, text != "."
        else { return nil }
        return Double(text)
    }
}

/// The durations an input accepts: a range, and whether a bare number means seconds.
public struct DurationLimits: Sendable, Hashable {
    /// The shortest duration allowed, in seconds; 0 allows zero.
    public var minimum: TimeInterval
    /// The longest duration allowed, in seconds.
    public var maximum: TimeInterval
    /// Whether a number without a unit (`90`) is read as seconds; otherwise only `0` may go without one.
    public var allowsBareSeconds: Bool

    /// The longest duration any input accepts: 100 years, far inside what `Date`, `Duration` and 64-bit
    /// milliseconds hold, so converting a parsed duration never overflows.
    public static let longest: TimeInterval = 36_500 * 86_400

    /// Creates limits; the bounds are clamped to `0 ... longest`.
    public init(minimum: TimeInterval, maximum: TimeInterval = Self.longest, allowsBareSeconds: Bool = false) {
        let low = Swift.min(Swift.max(minimum.isNaN ? 0 : minimum, 0), Self.longest)
        self.minimum = low
        self.maximum = Swift.max(Swift.min(maximum.isNaN ? Self.longest : maximum, Self.longest), low)
        self.allowsBareSeconds = allowsBareSeconds
    }

    /// From one millisecond to ``longest``: expiries, retention, run times.
    public static let positive = DurationLimits(minimum: 0.001)
    /// From zero to ``longest``: delays that may be none.
    public static let nonNegative = DurationLimits(minimum: 0)

    /// The same range, also reading a bare number as seconds (`--ttl 3600`).
    public var bareSecondsAllowed: DurationLimits {
        DurationLimits(minimum: minimum, maximum: maximum, allowsBareSeconds: true)
    }

    /// Whether `seconds` is in range.
    public func contains(_ seconds: TimeInterval) -> Bool { (minimum...maximum).contains(seconds) }

    /// `from 1ms to 36500d`.
    public var rangeText: String { "from \(DurationText.format(minimum)) to \(DurationText.format(maximum))" }
}

/// Why typed text is not an allowed duration, in one line that names the allowed range.
public struct DurationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as typed, made safe to print: shortened, with control characters escaped.
    public var text: String
    /// What is wrong and what would be right (`is not a duration: write a number and a unit …`).
    public var message: String

    /// `nan is not a duration: write a number and a unit, like 500ms, 30s, 5m, 2h or 7d, from 1ms to 36500d`.
    public var description: String { "\(text) \(message)" }

    static func notADuration(_ text: String, _ limits: DurationLimits) -> DurationProblem {
        DurationProblem(
            text: printable(text),
            message: "is not a duration: write a number and a unit, like 500ms, 30s, 5m, 2h or 7d, "
                + limits.rangeText)
    }

    static func outOfRange(_ text: String, _ limits: DurationLimits) -> DurationProblem {
        DurationProblem(text: printable(text), message: "is out of range: the duration must be \(limits.rangeText)")
    }

    /// At most 40 characters, control characters as `\u{1B}`, so a pasted escape sequence is shown, not run.
    static func printable(_ text: String) -> String {
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: text.unicodeScalars.prefix(40))
        let result = TerminalText.escaped(String(prefix)) + (text.unicodeScalars.count > 40 ? "…" : "")
        return result.isEmpty ? "\"\"" : result
    }
}
