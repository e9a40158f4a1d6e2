/// A parsed JSON value that keeps object keys in their written order, for display.
public indirect enum JSONValue: Sendable, Hashable {
    /// An object, keys in order.
    case object([(key: String, value: JSONValue)])
    /// An array.
    case array([JSONValue])
    /// A string, unescaped.
    case string(String)
    /// A number, as written.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// Parses JSON text; nil when it is not valid JSON.
    public static func parse(_ text: String) -> JSONValue? {
        var parser = JSONParser(Array(text.unicodeScalars))
        guard let value = parser.parseValue() else { return nil }
        parser.skipWhitespace()
        return parser.isAtEnd ? value : nil
    }

    /// Values are equal when they have the same shape, keys in the same order, and equal leaves.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// Hashes the value consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .object(let pairs):
            hasher.combine(0)
            for pair in pairs {
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
            hasher.combine(text)
        case .bool(let flag):
            hasher.combine(4)
            hasher.combine(flag)
        case .null: hasher.combine(5)
        }
    }
}

/// A small recursive-descent JSON parser over Unicode scalars.
struct JSONParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var isAtEnd: Bool { index >= scalars.count }

    mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
    }

    mutating func parseValue() -> JSONValue? {
        skipWhitespace()
        guard index < scalars.count, depth < 200 else { return nil }
        switch scalars[index] {
        case "{": return parseObject()
        case "[": return parseArray()
        case "\"": return parseString().map(JSONValue.string)
        case "t": return parseLiteral("true", .bool(true))
        case "f": return parseLiteral("false", .bool(false))
        case "n": return parseLiteral("null", .null)
        default: return parseNumber()
        }
    }

    private mutating func parseObject() -> JSONValue? {
        index += 1
        depth += 1
        defer { depth -= 1 }
        var pairs: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "}" {
            index += 1
            return .object(pairs)
        }
        while true {
            skipWhitespace()
            guard index < scalars.count, scalars[index] == "\"", let key = parseString() else { return nil }
            skipWhitespace()
            guard index < scalars.count, scalars[index] == ":" else { return nil }
            index += 1
            guard let value = parseValue() else { return nil }
            pairs.append((key, value))
            skipWhitespace()
            guard index < scalars.count else { return nil }
            if scalars[index] == "," {
                index += 1
                continue
            }
            if scalars[index] == "}" {
                index += 1
                return .object(pairs)
            }
            return nil
        }
    }

    private mutating func parseArray() -> JSONValue? {
        index += 1
        depth += 1
        defer { depth -= 1 }
        var items: [JSONValue] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "]" {
            index += 1
            return .array(items)
        }
        while true {
            guard let value = parseValue() else { return nil }
            items.append(value)
            skipWhitespace()
            guard index < scalars.count else { return nil }
            if scalars[index] == "," {
                index += 1
                continue
            }
            if scalars[index] == "]" {
                index += 1
                return .array(items)
            }
            return nil
        }
    }

    private mutating func parseString() -> String? {
        index += 1
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"": return String(result)
            case "\\":
                guard index < scalars.count else { return nil }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "u":
                    guard let code = parseHex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code), index + 1 < scalars.count, scalars[index] == "\\",
                        scalars[index + 1] == "u"
                    {
                        index += 2
                        guard let low = parseHex4() else { return nil }
                        let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        result.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                    } else {
                        result.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    }
                default: result.append(escape)
                }
            default:
                if scalar.value < 0x20 { return nil }
                result.append(scalar)
            }
        }
        return nil
    }

    private mutating func parseHex4() -> UInt32? {
        guard index + 4 <= scalars.count else { return nil }
        let text = String(String.UnicodeScalarView(scalars[index..<index + 4]))
        index += 4
        return UInt32(text, radix: 16)
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) -> JSONValue? {
        let expected = Array(word.unicodeScalars)
        guard index + expected.count <= scalars.count, Array(scalars[index..<index + expected.count]) == expected
        else { return nil }
        index += expected.count
        return value
    }

    private mutating func parseNumber() -> JSONValue? {
        let start = index
        while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) { index += 1 }
        guard index > start else { return nil }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard Double(text) != nil else { return nil }
        return .number(text)
    }
}
