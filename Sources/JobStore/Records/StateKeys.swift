import Foundation

/// Reads the integer a state value holds, if it holds exactly one JSON integer (for `incrementState`).
public enum StateInteger {
    /// The integer in `json`, or nil when it is not exactly one JSON integer.
    public static func parse(_ json: String) -> Int64? {
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // JSON forbids leading zeros ("007"), so such text is not an integer value.
        guard digits == "0" || digits.first != "0" else { return nil }
        return Int64(text)
    }
}

/// The key range `[lower, upper)` holding exactly the keys that start with a prefix.
///
/// Both drivers compare keys as UTF-8 bytes (SQLite's binary collation, PostgreSQL's `"C"`), which order like
/// code points, so the prefix with its last scalar raised by one bounds the range. A range scan uses the
/// key's index, and unlike `LIKE` it is case-sensitive and needs no escaping of `%` and `_`.
public struct KeyRange: Sendable, Hashable {
    /// The inclusive lower bound: the prefix itself.
    public let lower: String
    /// The exclusive upper bound; nil when no key is above the prefix's range.
    public let upper: String?

    /// The range of keys starting with `prefix`.
    public init(prefix: String) {
        lower = prefix
        var scalars = Array(prefix.unicodeScalars)
        var upper: String?
        while let last = scalars.popLast() {
            var next = last.value + 1
            if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                upper = String(String.UnicodeScalarView(scalars))
                break
            }
        }
        self.upper = upper
    }
}
