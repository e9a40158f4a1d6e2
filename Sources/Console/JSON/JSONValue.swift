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

    /// Parses JSON text; nil when it is not valid JSON (``JSONValidator`` says why and where).
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONValidator.parse(text).get()
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
