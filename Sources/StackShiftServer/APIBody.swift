import Foundation
import JobStore

/// A request's JSON object body, read field by field with one clear message per problem: a field that is
/// missing, of the wrong type, out of range, or not one the endpoint knows.
///
/// Parsed with the engine's own JSON parser, so payloads keep their numbers exactly as sent (no Double
/// rounding of `9007199254740993`) and a syntax error names its line and column.
struct APIBody: Sendable {
    private let members: [(key: String, value: JSONValue)]

    /// The body of `data`: an empty body is an empty object; anything else must be one JSON object.
    init(_ data: Data) throws {
        guard !data.isEmpty else {
            members = []
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw APIError.badJSON("it is not UTF-8 text")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw APIError.badJSON(error.description)
        }
        guard case .object(let members) = value else { throw APIError.badJSON("expected a JSON object") }
        self.members = members
    }

    /// Refuses a field not in `known`, so a misspelt option (`idempotency_key`) is not silently ignored.
    func allowOnly(_ known: [String]) throws {
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            throw APIError(
                .unprocessableContent, "invalid_input",
                "unknown field \(JSONValue.quote(unknown.key)); this endpoint takes \(known.joined(separator: ", "))")
        }
    }

    private func value(_ name: String) -> JSONValue? {
        guard let value = members.last(where: { $0.key == name })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    private func wrongType(_ name: String, _ expected: String) -> APIError {
        APIError(.unprocessableContent, "invalid_input", "field \(name) must be \(expected)")
    }

    /// Any JSON value, as compact text; nil when absent or null.
    func json(_ name: String) -> String? { value(name)?.compactText }

    /// A string field.
    func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw wrongType(name, "a string") }
        return text
    }

    /// A string field that must be present and not empty.
    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name), !text.isEmpty else {
            throw APIError(.unprocessableContent, "invalid_input", "field \(name) is required")
        }
        return text
    }

    /// A boolean field.
    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
        return flag
    }

    /// An integer field within `range`.
    func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = value(name) else { return nil }
        guard case .number(let text) = value, let number = Int64(text), range.contains(number) else {
            throw wrongType(name, "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A number of seconds within `range`: finite, range-checked before it becomes a duration.
    func seconds(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .number(let text) = value, let number = Double(text), number.isFinite, range.contains(number)
        else {
            throw wrongType(name, "a number of seconds from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An ISO 8601 time (`2026-12-06T10:00:00Z`).
    func date(_ name: String) throws -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = APIQuery.date(text) else {
            throw wrongType(name, "an ISO 8601 time, e.g. 2026-12-06T10:00:00Z")
        }
        return date
    }
}
