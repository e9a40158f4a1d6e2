import Console
import Foundation
import JobStore

extension Fixtures {
    /// Operator actions of an incident, newest first: a group retry, a refused cancel, an unlock from the CLI.
    static let auditEntries: [AuditEntry] = [
        AuditEntry(
            id: 7, at: ago(30), actor: "ada@laptop", channel: "console", action: "retry", target: runs[2].id,
            runId: runs[2].id, detail: "after failed (completed steps kept)"),
        AuditEntry(
            id: 6, at: ago(31), actor: "ada@laptop", channel: "console", action: "retry", target: runs[10].id,
            runId: runs[10].id, detail: "after failed (completed steps kept)"),
        AuditEntry(
            id: 5, at: ago(95), actor: "ada@laptop", channel: "console", action: "cancel", target: runs[6].id,
            runId: runs[6].id, detail: "bulk cancel", outcome: "refused: run is already completed"),
        AuditEntry(
            id: 4, at: ago(400), actor: "bo@ops-box", channel: "cli", action: "release-lock",
            target: "search-index:rebuild", detail: "owner run_01jq, forced"),
        AuditEntry(
            id: 3, at: ago(900), actor: "key:stripe-webhooks", channel: "http", action: "send-event",
            target: "payment.confirmed", detail: #"key pay_123, payload {"ok":true}"#),
    ]
}
