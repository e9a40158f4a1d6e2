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
        var millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var timePart = [Character](repeating: "0", count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            timePart[index] = alphabet[Int(millis & 31)]
            millis >>= 5
        }
        var generator = SystemRandomNumberGenerator()
        let randomPart = (0..<10).map { _ in alphabet[Int(generator.next() & 31)] }
        return prefix + "_" + String(timePart) + String(randomPart)
    }

    /// A new run identifier.
    public static func run(at date: Date = Date()) -> RunID { make(prefix: "run", at: date) }
}
