import Foundation

/// A coding key for any string, used to see every key a YAML mapping holds (known or not).
public struct AnyCodingKey: CodingKey {
    /// The key as text.
    public var stringValue: String
    /// The key as an index, for list items.
    public var intValue: Int?

    /// A key for a mapping field.
    public init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    /// A key for a list item.
    public init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

/// Strict decoding of one YAML mapping: unknown keys are refused (a typo must not silently fall back to
/// a default), absent keys take defaults, and values are range-checked with messages that say what
/// would be valid.
public struct StrictFields<Key: CodingKey & CaseIterable> {
    /// The mapping, keyed by the known fields.
    public let container: KeyedDecodingContainer<Key>

    /// Opens the mapping at `decoder`, refusing any key that is not one of `Key`'s cases.
    public init(_ decoder: any Decoder, _ keys: Key.Type) throws {
        let everything = try decoder.container(keyedBy: AnyCodingKey.self)
        let known = Key.allCases.map(\.stringValue)
        for key in everything.allKeys where Key(stringValue: key.stringValue) == nil {
            throw FieldProblem(
                .unknownKey, path: decoder.codingPath + [key],
                message: "unknown field (expected one of: \(known.joined(separator: ", ")))")
        }
        container = try decoder.container(keyedBy: Key.self)
    }

    /// The value, or nil when the key is absent or null.
    public func optional<T: Decodable>(_ key: Key, as type: T.Type = T.self) throws -> T? {
        try container.decodeIfPresent(T.self, forKey: key)
    }

    /// The value, or `fallback` when the key is absent or null.
    public func value<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try optional(key) ?? fallback
    }

    /// The value of a key that must be present.
    public func required<T: Decodable>(_ key: Key, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(key, as: T.self) else { throw missing(key) }
        return value
    }

    /// Text that must be present and not empty.
    public func requiredText(_ key: Key) throws -> String {
        guard let value = try text(key, default: nil) else { throw missing(key) }
        return value
    }

    /// A probability, between 0 and 1.
    public func probability(_ key: Key, default fallback: Double) throws -> Double {
        let value = try self.value(key, default: fallback)
        guard (0...1).contains(value) else {
            throw problem(key, "must be a probability between 0 and 1, found \(value)")
        }
        return value
    }

    /// A number from zero to `maximum` (a rate, a scale). The cap keeps every product of it, in durations
    /// and millisecond counts, far from overflowing.
    public func nonNegative(_ key: Key, default fallback: Double, atMost maximum: Double = 1_000_000) throws -> Double {
        try number(key, default: fallback, in: 0...maximum)
    }

    /// A number in `range`; NaN and infinities are refused like any other value outside it.
    public func number(_ key: Key, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        let value = try self.value(key, default: fallback)
        guard range.contains(value) else {
            let allowed = "from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound))"
            throw problem(key, "must be a number \(allowed), found \(value)")
        }
        return value
    }

    /// `0.01`, `10000` (not `10000.0`).
    static func plain(_ value: Double) -> String {
        abs(value) < 1e15 ? Int64(exactly: value).map(String.init) ?? "\(value)" : "\(value)"
    }

    /// A whole number in `range`.
    public func integer(_ key: Key, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        let value = try self.value(key, default: fallback)
        guard range.contains(value) else {
            throw problem(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
        return value
    }

    /// Text that is not empty.
    public func text(_ key: Key, default fallback: String?) throws -> String? {
        guard let value = try optional(key, as: String.self) else { return fallback }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw problem(key, "must not be empty") }
        return value
    }

    /// One of a fixed set of words.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: Key, as type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let raw = try optional(key, as: String.self) else { return nil }
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw problem(key, "\"\(raw)\" is not one of: \(allowed)")
        }
        return value
    }

    /// A required key that is absent.
    public func missing(_ key: Key) -> FieldProblem {
        FieldProblem(.missing, path: container.codingPath + [key], message: "missing required field")
    }

    /// A bad value at `key`.
    public func problem(_ key: Key, _ message: String) -> FieldProblem {
        FieldProblem(.badValue, path: container.codingPath + [key], message: message)
    }
}
