import Foundation

// How records are stored, shared by every driver in this package (`package` access: drivers only, not apps).

/// Milliseconds since 1970, the stores' only time representation.
package typealias Millis = Int64

extension Date {
    /// The instant rounded to whole milliseconds, as stored.
    package var millis: Millis { Millis(saturating: (timeIntervalSince1970 * 1000).rounded()) }

    /// The instant a stored millisecond count names.
    package init(millis: Millis) {
        self.init(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }
}

/// JSON for the structured columns (errors, retry policies, id lists), with stable key order.
package enum StoredJSON {
    /// The value as JSON text with sorted keys.
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value as JSON text, or nil for nil.
    package static func encode<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        return try encode(value) as String
    }

    /// The value stored in `column`, or nil for NULL; malformed text is a ``RowDecodingProblem``.
    package static func decode<T: Decodable>(_ type: T.Type, _ text: String?, column: String) throws -> T? {
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw RowDecodingProblem(detail: "column \(column) holds \(text.prefix(80))")
        }
    }
}

extension StoredJSON {
    /// The retry policy stored in `column`, or nil for NULL: decoded once per distinct text.
    ///
    /// Every run row carries its policy and a store holds few distinct ones; decoding the JSON each time was
    /// a fifth of the SQLite writer thread's work under load.
    package static func decodeRetryPolicy(_ text: String?, column: String) throws -> RetryPolicy? {
        guard let text else { return nil }
        return try decodedRetryPolicies.value(for: text) {
            try decode(RetryPolicy.self, text, column: column)
        }
    }

    /// The policy as stored JSON: encoded once per distinct policy.
    ///
    /// Every new run stores its policy, and runs share few; encoding each one with a new `JSONEncoder` was
    /// about 5% of the SQLite writer thread's work when starting runs under load.
    package static func encodeRetryPolicy(_ policy: RetryPolicy) throws -> String {
        try encodedRetryPolicies.value(for: policy) { try encode(policy) as String }
    }

    /// A list of names (a worker's queues or jobs) as a stored JSON array: encoded once per distinct list.
    ///
    /// Every claim passes its worker's queues and jobs, the same lists each time; encoding them with a new
    /// `JSONEncoder` was about 1.5% of the SQLite writer thread's work at concurrency 64.
    package static func encodeNames(_ names: [String]) throws -> String {
        try encodedNameLists.value(for: names) { try encode(names) as String }
    }

    private static let decodedRetryPolicies = RememberedValues<String, RetryPolicy?>()
    private static let encodedRetryPolicies = RememberedValues<RetryPolicy, String>()
    private static let encodedNameLists = RememberedValues<[String], String>()
}

/// A stored value a driver does not understand (an unknown status, malformed JSON, a wrong column type); the
/// driver reports it as an incompatible database rather than a raw database error.
package struct RowDecodingProblem: Error, Sendable {
    /// What was found where.
    package let detail: String

    /// Creates the problem.
    package init(detail: String) {
        self.detail = detail
    }
}

extension RunRecord {
    /// The record as a store reads it back after writing it: every instant rounded to whole milliseconds.
    ///
    /// An update writes every mutable column from the record and leaves the others as they were read, so the
    /// stored row is this; returning it spares reading the row back (`RETURNING *`), which was a third of the
    /// cost of each run update on the SQLite writer.
    package var asStored: RunRecord {
        var stored = self
        stored.createdAt = createdAt.storedInstant
        stored.updatedAt = updatedAt.storedInstant
        stored.runAt = runAt?.storedInstant
        stored.startedAt = startedAt?.storedInstant
        stored.finishedAt = finishedAt?.storedInstant
        stored.leaseExpiresAt = leaseExpiresAt?.storedInstant
        if var wait {
            wait.until = wait.until?.storedInstant
            wait.since = wait.since.storedInstant
            stored.wait = wait
        }
        return stored
    }
}

extension Date {
    /// The instant as stored and read back: rounded to whole milliseconds.
    package var storedInstant: Date { Date(millis: millis) }
}
