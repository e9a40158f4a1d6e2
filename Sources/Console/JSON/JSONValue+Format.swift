extension JSONValue {
    /// The value on one line with insignificant whitespace removed.
    public var compactText: String {
        switch self {
        case .object(let pairs):
            "{" + pairs.map { JSONLines.quoted($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(\.compactText).joined(separator: ",") + "]"
        case .string(let text): JSONLines.quoted(text)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }

    /// The value pretty-printed with two-space indentation, keys in their written order.
    public var prettyText: String {
        JSONLines.lines(for: compactText, folded: []).map(\.plainText).joined(separator: "\n")
    }

    /// The value as a whole number, when it is one that fits 64 bits (`increment` works on these).
    public var integerValue: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }
}

extension JSONValue {
    /// JSON text on one line, or the text unchanged when it is not JSON.
    public static func compact(_ text: String) -> String {
        parse(text)?.compactText ?? text
    }

    /// JSON text pretty-printed, or the text unchanged when it is not JSON.
    public static func pretty(_ text: String) -> String {
        parse(text)?.prettyText ?? text
    }
}
