extension JSONValue {
    /// Parses JSON text strictly, keeping key order and numbers as written.
    ///
    /// - Throws: ``JSONSyntaxError`` with the line and column of the first problem.
    public init(parsing text: String) throws(JSONSyntaxError) {
        self = try JSONValidator.parse(text).get()
    }

    /// Parses JSON text; nil when it is not valid JSON (``JSONValidator`` says why and where).
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONValidator.parse(text).get()
    }

    /// The value on one line with insignificant whitespace removed, keys in their order.
    public var compactText: String {
        var output = ""
        writeCompact(into: &output)
        return output
    }

    /// The value pretty-printed with two-space indentation, keys in their order.
    public var prettyText: String {
        var output = ""
        writePretty(depth: 0, into: &output)
        return output
    }

    /// JSON text on one line, or the text unchanged when it is not JSON.
    public static func compact(_ text: String) -> String {
        parse(text)?.compactText ?? text
    }

    /// JSON text pretty-printed, or the text unchanged when it is not JSON.
    public static func pretty(_ text: String) -> String {
        parse(text)?.prettyText ?? text
    }

    /// A string in JSON quotes, with the escapes JSON requires (and readable ones for line breaks and tabs).
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private func writeCompact(into output: inout String) {
        switch self {
        case .object(let pairs):
            output += "{"
            for (offset, pair) in pairs.enumerated() {
                if offset > 0 { output += "," }
                output += Self.quote(pair.key) + ":"
                pair.value.writeCompact(into: &output)
            }
            output += "}"
        case .array(let items):
            output += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { output += "," }
                item.writeCompact(into: &output)
            }
            output += "]"
        default: output += scalarText
        }
    }

    private func writePretty(depth: Int, into output: inout String) {
        let inner = String(repeating: "  ", count: depth + 1)
        switch self {
        case .object(let pairs) where !pairs.isEmpty:
            output += "{\n"
            for (offset, pair) in pairs.enumerated() {
                output += inner + Self.quote(pair.key) + ": "
                pair.value.writePretty(depth: depth + 1, into: &output)
                output += offset < pairs.count - 1 ? ",\n" : "\n"
            }
            output += String(repeating: "  ", count: depth) + "}"
        case .array(let items) where !items.isEmpty:
            output += "[\n"
            for (offset, item) in items.enumerated() {
                output += inner
                item.writePretty(depth: depth + 1, into: &output)
                output += offset < items.count - 1 ? ",\n" : "\n"
            }
            output += String(repeating: "  ", count: depth) + "]"
        default: writeCompact(into: &output)
        }
    }

    /// The text of a leaf (or of an empty container).
    private var scalarText: String {
        switch self {
        case .object: "{}"
        case .array: "[]"
        case .string(let text): Self.quote(text)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}
