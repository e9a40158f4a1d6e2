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

    /// A compact duration: `850ms`, `12s`, `4m10s`, `3h05m`, `2d4h`.
    static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        if seconds < 1 { return "\(Int(seconds * 1000))ms" }
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        if whole < 86400 { return "\(whole / 3600)h\(String(format: "%02d", (whole % 3600) / 60))m" }
        return "\(whole / 86400)d\(whole % 86400 / 3600)h"
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
