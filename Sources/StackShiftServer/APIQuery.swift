import Foundation
import Hummingbird
import JobStore

/// A request's query parameters, read with one clear message per bad value.
struct APIQuery: Sendable {
    let parameters: Parameters

    /// The parameters of `request`.
    init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    /// The last value of `name`; nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let value = parameters[name[...]].map(String.init), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a repeated parameter (`status=failed&status=canceled`), also comma-separated.
    func strings(_ name: String) -> [String] {
        parameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// An integer within `range`; nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badParameter(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A 64-bit integer within `range`; nil when absent.
    func integer64(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            throw APIError.badParameter(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A list limit: 1 to 1,000, `fallback` when absent.
    func limit(default fallback: Int = 100) throws -> Int {
        try integer("limit", in: 1...1000) ?? fallback
    }

    /// `true`/`false` (also `1`/`0`); nil when absent.
    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badParameter(name, "must be true or false")
        }
    }

    /// An ISO 8601 time; nil when absent.
    func date(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = Self.date(text) else {
            throw APIError.badParameter(name, "must be an ISO 8601 time, e.g. 2026-12-06T10:00:00Z")
        }
        return date
    }

    /// Run statuses from `status`, each one checked.
    func statuses() throws -> Set<RunStatus> {
        Set(
            try strings("status").map { text in
                guard let status = RunStatus(rawValue: text) else {
                    throw APIError.badParameter(
                        "status",
                        "\(text) is not a status; use \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            })
    }

    /// `2026-12-06T10:00:00Z`, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
