import JobStore

/// One displayed line of pretty-printed JSON.
public struct JSONLine: Sendable, Hashable {
    /// One coloured piece of a line.
    public struct Segment: Sendable, Hashable {
        /// The text.
        public var text: String
        /// Its JSON role.
        public var role: JSONRole
    }

    /// Nesting depth (two spaces each).
    public var depth: Int
    /// The coloured pieces after the indentation.
    public var segments: [Segment]
    /// The path of the object or array this line opens (`$.user.emails`), which Enter folds; nil for
    /// other lines.
    public var foldPath: String?
    /// Whether this line stands for a folded container.
    public var isFolded: Bool

    /// The line's text without colours.
    public var plainText: String { String(repeating: "  ", count: depth) + segments.map(\.text).joined() }
}

/// Pretty-prints JSON into coloured, foldable lines.
public enum JSONLines {
    /// The lines for JSON text with the given containers folded. Text that is not JSON is shown as-is,
    /// one line per line, as a string.
    public static func lines(for text: String, folded: Set<String>) -> [JSONLine] {
        guard let value = JSONValue.parse(text) else {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map {
                JSONLine(depth: 0, segments: [.init(text: String($0), role: .string)], foldPath: nil, isFolded: false)
            }
        }
        var output: [JSONLine] = []
        emit(value, key: nil, path: "$", depth: 0, trailingComma: false, folded: folded, into: &output)
        return output
    }

    private static func emit(
        _ value: JSONValue, key: String?, path: String, depth: Int, trailingComma: Bool, folded: Set<String>,
        into output: inout [JSONLine]
    ) {
        var prefix: [JSONLine.Segment] = []
        if let key {
            prefix.append(.init(text: quoted(key), role: .key))
            prefix.append(.init(text: ": ", role: .punctuation))
        }
        let comma: [JSONLine.Segment] = trailingComma ? [.init(text: ",", role: .punctuation)] : []
        switch value {
        case .object(let pairs):
            if pairs.isEmpty {
                output.append(
                    JSONLine(
                        depth: depth, segments: prefix + [.init(text: "{}", role: .punctuation)] + comma, foldPath: nil,
                        isFolded: false))
                return
            }
            if folded.contains(path) {
                let summary = pairs.count == 1 ? "1 key" : "\(pairs.count) keys"
                output.append(
                    JSONLine(
                        depth: depth,
                        segments: prefix + [.init(text: "{…}", role: .punctuation)] + comma
                            + [.init(text: "  \(summary)", role: .null)],
                        foldPath: path, isFolded: true))
                return
            }
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: "{", role: .punctuation)], foldPath: path,
                    isFolded: false))
            for (offset, pair) in pairs.enumerated() {
                emit(
                    pair.value, key: pair.key, path: path + "." + pair.key, depth: depth + 1,
                    trailingComma: offset < pairs.count - 1, folded: folded, into: &output)
            }
            output.append(
                JSONLine(
                    depth: depth, segments: [.init(text: "}", role: .punctuation)] + comma, foldPath: nil,
                    isFolded: false))
        case .array(let items):
            if items.isEmpty {
                output.append(
                    JSONLine(
                        depth: depth, segments: prefix + [.init(text: "[]", role: .punctuation)] + comma, foldPath: nil,
                        isFolded: false))
                return
            }
            if folded.contains(path) {
                let summary = items.count == 1 ? "1 item" : "\(items.count) items"
                output.append(
                    JSONLine(
                        depth: depth,
                        segments: prefix + [.init(text: "[…]", role: .punctuation)] + comma
                            + [.init(text: "  \(summary)", role: .null)],
                        foldPath: path, isFolded: true))
                return
            }
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: "[", role: .punctuation)], foldPath: path,
                    isFolded: false))
            for (offset, item) in items.enumerated() {
                emit(
                    item, key: nil, path: path + "[\(offset)]", depth: depth + 1,
                    trailingComma: offset < items.count - 1, folded: folded, into: &output)
            }
            output.append(
                JSONLine(
                    depth: depth, segments: [.init(text: "]", role: .punctuation)] + comma, foldPath: nil,
                    isFolded: false))
        case .string(let text):
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: quoted(text), role: .string)] + comma, foldPath: nil,
                    isFolded: false))
        case .number(let text):
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: text, role: .number)] + comma, foldPath: nil,
                    isFolded: false))
        case .bool(let flag):
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: flag ? "true" : "false", role: .bool)] + comma,
                    foldPath: nil, isFolded: false))
        case .null:
            output.append(
                JSONLine(
                    depth: depth, segments: prefix + [.init(text: "null", role: .null)] + comma, foldPath: nil,
                    isFolded: false))
        }
    }

    /// A string in JSON quotes with the escapes a reader needs (the shared ``JSONValue/quote(_:)``).
    static func quoted(_ text: String) -> String { JSONValue.quote(text) }
}
