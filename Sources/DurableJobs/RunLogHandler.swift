import Foundation
import JobStore
import Logging

/// The swift-log backend behind `ctx.log`: lines are buffered on the attempt and written to the run's
/// log in the store at each step boundary and when the attempt ends, so logging costs no extra commit.
struct RunLogHandler: LogHandler {
    let attempt: AttemptState
    let clock: any JobClock
    /// Also forwards every line here (the application's own logging), if set.
    let forward: Logger?

    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        attempt.appendLog(level: LogLevel(event.level), message: text, at: clock.now())
        forward?.log(
            level: event.level, event.message, metadata: ["run": "\(attempt.lease.runId)"], file: event.file,
            function: event.function, line: event.line)
    }
}

extension LogLevel {
    init(_ level: Logger.Level) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
