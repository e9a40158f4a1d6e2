import Console
import Foundation
import JobStore

/// How the CLI shows times, ages and records.
enum Formatting {
    /// `2026-11-22 01:02:03Z`.
    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + "Z"
    }

    /// A compact duration, written as the console writes it: `850ms`, `2.3s`, `4m05s`, `3h05m`, `2d04h`.
    static func duration(_ seconds: TimeInterval) -> String {
        Format.duration(seconds)
    }

    /// A JSON encoder for `--json` output: stable keys, ISO dates.
    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Encodes a value as pretty JSON text.
    static func json<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try jsonEncoder().encode(value), as: UTF8.self)
    }

    /// What a run is doing, in a few words: `retrying in 12s`, `waiting for payment.confirmed`, ….
    static func activity(of run: RunRecord, now: Date) -> String {
        switch run.status {
        case .scheduled:
            let due = run.runAt.map { duration($0.timeIntervalSince(now)) } ?? "?"
            return run.attempt > 0 ? "retrying in \(due)" : "starts in \(due)"
        case .queued: return "queued \(duration(now.timeIntervalSince(run.updatedAt)))"
        case .running: return run.currentStep.map { "in step \($0)" } ?? "running"
        case .waiting:
            guard let wait = run.wait else { return "waiting" }
            if let event = wait.eventName { return "waiting for \(event) key \(wait.eventKey ?? "")" }
            return "sleeping until \(timestamp(wait.until))"
        case .completed: return "done in \(duration((run.finishedAt ?? now).timeIntervalSince(run.createdAt)))"
        case .failed: return run.error.map { "\($0.type): \($0.message)" } ?? "failed"
        case .canceled: return "canceled"
        }
    }
}
