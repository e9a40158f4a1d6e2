import Foundation
import JobStore

extension Operations {
    /// The audit trail, newest first: every operator action with who did it, through what, and how it ended.
    /// Filter by time (`since`), by run, and page with `beforeId` (the last entry's id); `limit` is 1…10,000.
    public func auditTrail(
        since: Date? = nil, runId: RunID? = nil, beforeId: Int64? = nil, limit: Int = 100
    ) async throws -> [AuditEntry] {
        try await store.listAudit(AuditQuery(since: since, runId: runId, beforeId: beforeId, limit: limit))
    }

    /// `value {"n":1}, if at version 3, expires 2026-01-01T00:00:00Z`: a state write as the audit trail records
    /// it, the value cut to ``AuditNote/quoteLimit``.
    static func stateDetail(_ valueJSON: String, expiresAt: Date?, expectedVersion: Int64?) -> String {
        var parts = ["value \(AuditNote.quote(valueJSON))"]
        if let expectedVersion {
            parts.append(expectedVersion == 0 ? "only if absent" : "if at version \(expectedVersion)")
        }
        if let expiresAt { parts.append("expires \(ISO8601DateFormatter().string(from: expiresAt))") }
        return parts.joined(separator: ", ")
    }

    /// `concurrency limit 3, retry policy 5 attempts`: a queue's settings as the audit trail records them.
    static func queueDetail(concurrencyLimit: Int?, retryPolicy: RetryPolicy?) -> String {
        let limit = concurrencyLimit.map { "concurrency limit \($0)" } ?? "no concurrency limit"
        guard let retryPolicy else { return limit + ", no retry policy" }
        let attempts = retryPolicy.maxAttempts == 1 ? "1 attempt" : "\(retryPolicy.maxAttempts) attempts"
        return limit + ", retry policy \(attempts)"
    }
}
