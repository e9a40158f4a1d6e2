import Foundation

/// The severity of a run log line.
public enum LogLevel: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Very detailed diagnostics.
    case trace
    /// Diagnostics.
    case debug
    /// Normal progress.
    case info
    /// Something unusual that did not stop the run.
    case notice
    /// Something went wrong but the run continues.
    case warning
    /// An error.
    case error
    /// The run cannot go on.
    case critical

    /// Orders levels by severity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// A log line written through a run's logger.
public struct LogRecord: Sendable, Codable, Hashable {
    /// The store's sequence number for this line; 0 before it is stored.
    public var id: Int64
    /// The run that wrote it.
    public var runId: RunID
    /// The attempt that wrote it.
    public var attempt: Int
    /// The step it was written in, if any.
    public var step: String?
    /// Its severity.
    public var level: LogLevel
    /// The text.
    public var message: String
    /// When it was written.
    public var at: Date

    /// Creates a log line.
    public init(
        id: Int64 = 0, runId: RunID, attempt: Int, step: String? = nil, level: LogLevel, message: String, at: Date
    ) {
        self.id = id
        self.runId = runId
        self.attempt = attempt
        self.step = step
        self.level = level
        self.message = message
        self.at = at
    }
}
