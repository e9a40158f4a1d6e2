/// Why the PostgreSQL benchmark produced no numbers: the server is unreachable, a worker failed, or the runs
/// did not all complete exactly once. A failure is reported as this error, never as a number.
public struct PostgresBenchmarkError: Error, CustomStringConvertible, Sendable {
    /// One line saying what went wrong.
    public let description: String

    /// Whether the server could not be reached at all (the bench command reports that as skipped).
    public let serverUnreachable: Bool

    /// Creates an error with a one-line message.
    public init(_ description: String, serverUnreachable: Bool = false) {
        self.description = description
        self.serverUnreachable = serverUnreachable
    }
}
