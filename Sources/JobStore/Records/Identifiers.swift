import Foundation

/// The identifier of a run: `run_` followed by a time-ordered, random suffix.
public typealias RunID = String

/// The identifier of a worker process: host, process id and a random suffix.
public typealias WorkerID = String

/// Makes identifiers that sort by creation time, so newest-first lists need no extra column.
public enum Identifier {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A new identifier with the given prefix: 10 characters of milliseconds, then 10 random ones.
    public static func make(prefix: String, at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "_" + timePart(date) + randomPart(&generator)
    }

    /// The 10 characters of an identifier that encode its time in milliseconds; a time before 1970, or one
    /// not finite, is clamped rather than trapping.
    public static func timePart(_ date: Date) -> String {
        var millis = UInt64(max(0, Int64(saturating: date.timeIntervalSince1970 * 1000)))
        var characters = [Character](repeating: "0", count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            characters[index] = alphabet[Int(millis & 31)]
            millis >>= 5
        }
        return String(characters)
    }

    /// The creation time an identifier made by ``make(prefix:at:)`` carries, to the millisecond; nil for text
    /// without a prefix and 10 characters of time from the identifier alphabet after it.
    public static func date(of identifier: String) -> Date? {
        guard let separator = identifier.firstIndex(of: "_") else { return nil }
        let time = identifier[identifier.index(after: separator)...].prefix(10)
        guard time.count == 10 else { return nil }
        var millis: UInt64 = 0
        for character in time {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            millis = millis << 5 | UInt64(digit)
        }
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// The 10 random characters of an identifier, drawn from `generator`.
    public static func randomPart(_ generator: inout some RandomNumberGenerator) -> String {
        String((0..<10).map { _ in alphabet[Int(generator.next() & 31)] })
    }

    /// A new run identifier.
    public static func run(at date: Date = Date()) -> RunID { make(prefix: "run", at: date) }

    /// Whether text has the shape of a run id (`run_` and lowercase letters, digits, `_` or `-`, at most 64
    /// characters): a lock owner that is a run, or a typed id worth looking up.
    public static func looksLikeRunId(_ text: String) -> Bool {
        text.hasPrefix("run_") && text.count > 4 && text.count <= 64
            && text.unicodeScalars.dropFirst(4).allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
    }
}
