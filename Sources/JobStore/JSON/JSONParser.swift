/// A small recursive-descent JSON parser over Unicode scalars that stops at the first error.
struct JSONParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0
    /// Deeper nesting is refused rather than risking the stack.
    static let maxDepth = 200

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// One value and nothing after it but whitespace.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        let value = try parseValue(context: "a JSON value (object, array, string, number, true, false or null)")
        skipWhitespace()
        guard index >= scalars.count else { throw failure(expected: "the end of the text after the JSON value") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func parseValue(context: String) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let scalar = current else { throw failure(expected: context) }
        switch scalar {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"": return .string(try parseString())
        case "t": return try parseLiteral("true", .bool(true))
        case "f": return try parseLiteral("false", .bool(false))
        case "n": return try parseLiteral("null", .null)
        case "-", "0"..."9": return try parseNumber()
        case "'": throw failure(expected: context + "; strings take double quotes")
        default: throw failure(expected: context)
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw failure(expected: "at most \(Self.maxDepth) levels of nesting", found: "deeper nesting")
        }
        index += 1
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var pairs: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if current == "}" {
            index += 1
            return .object(pairs)
        }
        while true {
            skipWhitespace()
            guard current == "\"" else {
                throw failure(expected: pairs.isEmpty ? "a quoted key or '}'" : "a quoted key after ','")
            }
            let key = try parseString()
            skipWhitespace()
            guard current == ":" else { throw failure(expected: "':' after the key \"\(key)\"") }
            index += 1
            let value = try parseValue(context: "a value for the key \"\(key)\"")
            pairs.append((key, value))
            skipWhitespace()
            switch current {
            case ",": index += 1
            case "}":
                index += 1
                return .object(pairs)
            default: throw failure(expected: "',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var items: [JSONValue] = []
        skipWhitespace()
        if current == "]" {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue(context: items.isEmpty ? "a value or ']'" : "a value after ','"))
            skipWhitespace()
            switch current {
            case ",": index += 1
            case "]":
                index += 1
                return .array(items)
            default: throw failure(expected: "',' or ']' after an array item")
            }
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var result = String.UnicodeScalarView()
        while let scalar = current {
            switch scalar {
            case "\"":
                index += 1
                return String(result)
            case "\\":
                index += 1
                result.append(try parseEscape())
            default:
                guard scalar.value >= 0x20 else {
                    throw failure(expected: "'\"' to close the string (or \\n for a line break)")
                }
                result.append(scalar)
                index += 1
            }
        }
        throw failure(expected: "'\"' to close the string")
    }

    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard let escape = current else { throw failure(expected: "an escape character after '\\'") }
        index += 1
        switch escape {
        case "\"", "\\", "/": return escape
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u":
            return try parseUnicodeEscape()
        default:
            index -= 1
            throw failure(expected: "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after '\\'")
        }
    }

    /// The character a `\uXXXX` escape (after `\u`) stands for, reading the second half of a surrogate pair.
    ///
    /// A lone surrogate (`"\ud800"`) is refused: it is no character, so it cannot be stored as text without
    /// being replaced, and SQLite and PostgreSQL would disagree on whether it is valid.
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let code = try parseHex4()
        let hex = Self.hex4(code)
        if (0xDC00..<0xE000).contains(code) {
            index = escapeStart
            throw failure(
                expected: "a high surrogate (\\uD800–\\uDBFF) before \\u\(hex)",
                found: "\\u\(hex) alone (a lone surrogate is not a character)")
        }
        guard (0xD800..<0xDC00).contains(code) else {
            // Every other code below 0x10000 is a scalar; the fallback is never taken.
            return Unicode.Scalar(code) ?? "\u{FFFD}"
        }
        let lowStart = index
        guard current == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" else {
            index = escapeStart
            throw failure(
                expected: "a low surrogate (\\uDC00–\\uDFFF) right after \\u\(hex)",
                found: "\\u\(hex) alone (a lone surrogate is not a character)")
        }
        index += 2
        let low = try parseHex4()
        guard (0xDC00..<0xE000).contains(low) else {
            index = lowStart
            throw failure(
                expected: "a low surrogate (\\uDC00–\\uDFFF) right after \\u\(hex)",
                found: "\\u\(Self.hex4(low))")
        }
        return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
    }

    /// `00E9` for 0xE9: a code as a `\u` escape writes it.
    private static func hex4(_ code: UInt32) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = current, let digit = Self.hexValue(scalar) else {
                throw failure(expected: "four hex digits after \\u")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let expected = Array(word.unicodeScalars)
        guard index + expected.count <= scalars.count, Array(scalars[index..<index + expected.count]) == expected
        else { throw failure(expected: "'\(word)'") }
        index += expected.count
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if current == "-" { index += 1 }
        switch current {
        case "0":
            index += 1
            if let next = current, ("0"..."9").contains(next) {
                throw failure(expected: "'.', 'e' or the end of the number after a leading 0")
            }
        case .some("1"..."9"): skipDigits()
        default: throw failure(expected: "a digit")
        }
        if current == "." {
            index += 1
            guard let digit = current, ("0"..."9").contains(digit) else {
                throw failure(expected: "a digit after the decimal point")
            }
            skipDigits()
        }
        if current == "e" || current == "E" {
            index += 1
            if current == "+" || current == "-" { index += 1 }
            guard let digit = current, ("0"..."9").contains(digit) else {
                throw failure(expected: "a digit in the exponent")
            }
            skipDigits()
        }
        return .number(String(String.UnicodeScalarView(scalars[start..<index])))
    }

    private mutating func skipDigits() {
        while let scalar = current, ("0"..."9").contains(scalar) { index += 1 }
    }

    // MARK: Errors

    private func failure(expected: String, found: String? = nil) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for character in String(String.UnicodeScalarView(scalars[0..<min(index, scalars.count)])) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JSONSyntaxError(
            line: line, column: column, offset: index, expected: expected, found: found ?? describeFound())
    }

    /// `'x'`, a word such as `'yes'`, `a line break`, or `the end of the text`.
    private func describeFound() -> String {
        guard let scalar = current else { return "the end of the text" }
        switch scalar {
        case "\n", "\r": return "a line break"
        case "\t": return "a tab"
        default: break
        }
        if scalar.value < 0x20 { return "the control character U+\(String(scalar.value, radix: 16, uppercase: true))" }
        if scalar.properties.isAlphabetic || scalar == "_" {
            var word = String.UnicodeScalarView()
            var position = index
            while position < scalars.count, word.count < 16,
                scalars[position].properties.isAlphabetic || scalars[position] == "_"
                    || ("0"..."9").contains(scalars[position])
            {
                word.append(scalars[position])
                position += 1
            }
            return "'\(String(word))'"
        }
        return "'\(Character(scalar))'"
    }
}
