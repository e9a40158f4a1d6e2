import Foundation

/// Reads durations typed by hand, for the TTL input: `90s`, `10m`, `1h30m`, `2d`, a bare number of seconds.
public enum DurationText {
    /// What the TTL input understands.
    public enum Parsed: Sendable, Hashable {
        /// Expire after this many seconds.
        case seconds(TimeInterval)
        /// Remove the expiry (`never`, `none`, `off`, `-`).
        case never
    }

    /// The duration typed, or nil when it is not one.
    public static func parse(_ text: String) -> Parsed? {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["never", "none", "off", "-", "0"].contains(input) { return .never }
        guard !input.isEmpty else { return nil }
        if let seconds = Double(input), seconds > 0 { return .seconds(seconds) }
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for character in input where character != " " {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return .seconds(total)
    }
}
