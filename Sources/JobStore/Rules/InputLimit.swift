import Foundation

/// How large one kind of input may be, in UTF-8 bytes: the same on every driver, checked before a store reads
/// or writes anything, so an oversized value gets one clear message instead of a database-specific failure
/// (PostgreSQL cannot index a 20 KB key; SQLite refuses a `LIKE` pattern over 50,000 bytes) or a half-done
/// operation.
///
/// Every params type's `validate()` applies these; front ends may call ``check(_:field:)`` earlier to
/// refuse input before doing any work.
public struct InputLimit: Sendable, Hashable {
    /// The most UTF-8 bytes allowed.
    public var bytes: Int
    /// What to do instead, ending the message: `use a shorter name`.
    public var advice: String

    /// Creates a limit.
    public init(bytes: Int, advice: String) {
        self.bytes = bytes
        self.advice = advice
    }

    /// Names of jobs, queues, events, steps, schedules and lock owners: 1,024 bytes.
    public static let name = InputLimit(bytes: 1_024, advice: "use a shorter name")
    /// State keys and prefixes, lock keys, event keys and idempotency keys: 1,024 bytes, well inside what
    /// PostgreSQL can index (about 2,700 bytes for a whole index entry).
    public static let key = InputLimit(
        bytes: 1_024, advice: "use a shorter key (a hash of a long one, for example)")
    /// Text to search runs for: 1,024 bytes.
    public static let search = InputLimit(bytes: 1_024, advice: "search for a shorter part of the text")
    /// JSON payloads, results and state values: 16 MiB.
    public static let payload = InputLimit(
        bytes: 16 * 1_024 * 1_024, advice: "keep large data elsewhere and store a reference to it")

    /// `1,024 bytes`, or `16 MiB` for whole mebibytes.
    public var text: String { Self.describe(bytes) }

    /// The message for `value` when it is over the limit, naming `field`; nil when it fits (or is nil).
    ///
    /// `the state key is 20,480 bytes long; the limit is 1,024 bytes: use a shorter key (…)`.
    public func problem(_ value: String?, field: String) -> String? {
        guard let value else { return nil }
        let count = value.utf8.count
        guard count > bytes else { return nil }
        return "the \(field) is \(Self.group(count)) bytes long; the limit is \(text): \(advice)"
    }

    /// Refuses `value` when it is over the limit.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` naming `field`, its size and the limit.
    public func check(_ value: String?, field: String) throws {
        if let problem = problem(value, field: field) { throw JobStoreError.invalidInput(problem) }
    }

    /// `16 MiB` for whole mebibytes, otherwise `1,024 bytes`.
    static func describe(_ bytes: Int) -> String {
        let mebibyte = 1_024 * 1_024
        if bytes >= mebibyte, bytes.isMultiple(of: mebibyte) { return "\(bytes / mebibyte) MiB" }
        return "\(group(bytes)) bytes"
    }

    /// `20480` as `20,480`: the same whatever the locale, so messages are stable.
    static func group(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset).isMultiple(of: 3) { result += "," }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }
}
