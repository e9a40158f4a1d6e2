/// A JSON value of any shape, for payloads, results, event bodies and state values whose type is not known
/// in advance (the console, the CLI, scripts, tests).
///
/// It is lossless for display: object keys stay in their written order and numbers keep the text they
/// were written with, so `9007199254740993` or `1.10` survive a round trip. Equality is JSON's: objects
/// are equal whatever their key order, numbers when they denote the same decimal value (`1`, `1.0` and
/// `10e-1` are equal).
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as written: the text must be a JSON number (build one with ``number(_:)-(Double)``).
    case number(String)
    /// A string, unescaped.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in their written order.
    case object([(key: String, value: JSONValue)])

    /// A number from a Swift integer, written exactly.
    public static func number(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number from a 64-bit integer, written exactly.
    public static func number(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A number from a `Double`; `null` for NaN and infinities, which JSON cannot hold.
    public static func number(_ value: Double) -> JSONValue {
        value.isFinite ? .number("\(value)") : .null
    }

    /// The member of an object (the last one, if the key is repeated), or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The item of an array at `index`, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The value as a whole number, when it is one that fits 64 bits (`increment` works on these).
    public var integerValue: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    /// The value as a `Double` (possibly rounded), when it is a number.
    public var doubleValue: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    /// The text, when the value is a string.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The flag, when the value is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }
}

extension JSONValue: Hashable {
    /// Values are equal when JSON says so: objects whatever their key order, numbers by decimal value.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return zip(sortedByKey(a), sortedByKey(b)).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)):
            return a == b || JSONNumberText.canonical(a) == JSONNumberText.canonical(b)
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// Hashes the value consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .object(let pairs):
            hasher.combine(0)
            for pair in Self.sortedByKey(pairs) {
                hasher.combine(pair.key)
                hasher.combine(pair.value)
            }
        case .array(let items):
            hasher.combine(1)
            hasher.combine(items)
        case .string(let text):
            hasher.combine(2)
            hasher.combine(text)
        case .number(let text):
            hasher.combine(3)
            hasher.combine(JSONNumberText.canonical(text))
        case .bool(let flag):
            hasher.combine(4)
            hasher.combine(flag)
        case .null: hasher.combine(5)
        }
    }

    /// Members in key order; the sort is stable, so repeated keys keep their relative order.
    private static func sortedByKey(_ pairs: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        pairs.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// An object with the keys in the order written; a repeated key keeps its first place and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var pairs: [(key: String, value: JSONValue)] = []
        for (key, value) in elements {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = value
            } else {
                pairs.append((key, value))
            }
        }
        self = .object(pairs)
    }

    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }

    /// A whole number, written exactly.
    public init(integerLiteral value: Int) { self = .number(value) }

    /// A number written as Swift prints the `Double` (`1.5`, `1e+20`).
    public init(floatLiteral value: Double) { self = .number(value) }

    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}

/// The decimal value a JSON number's text denotes, written one way, so equal numbers compare equal.
enum JSONNumberText {
    /// `-123e-2` for `-1.230`; `0` for every zero. Text that is not a JSON number, or whose exponent is too
    /// large to normalise safely, is its own canonical form.
    static func canonical(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        let negative = scalars.first == "-"
        if negative { scalars = scalars.dropFirst() }
        let whole = scalars.prefix { ("0"..."9").contains($0) }
        scalars = scalars.dropFirst(whole.count)
        var fraction = Substring.UnicodeScalarView()
        if scalars.first == "." {
            fraction = Substring.UnicodeScalarView(scalars.dropFirst().prefix { ("0"..."9").contains($0) })
            scalars = scalars.dropFirst(1 + fraction.count)
        }
        var exponent = 0
        if scalars.first == "e" || scalars.first == "E" {
            // Beyond a billion the exponent is left as written: no real number needs it, and the sums
            // below must not overflow.
            guard let written = Int(String(scalars.dropFirst())), abs(written) < 1_000_000_000 else { return text }
            exponent = written
        } else if !scalars.isEmpty || whole.isEmpty {
            return text
        }
        var digits = String(whole) + String(fraction)
        exponent -= fraction.count
        while digits.first == "0" { digits.removeFirst() }
        while digits.last == "0" {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return "0" }
        return (negative ? "-" : "") + digits + "e\(exponent)"
    }
}
