import Foundation
import JobStore

extension ConsoleState {
    /// How many operator actions the audit view loads.
    public static let auditLimit = 500

    /// The audit view's rows: operator actions, newest first, narrowed by the `/` filter (any text a row
    /// shows).
    public var visibleAuditEntries: [AuditEntry] {
        let needle = currentView == .audit ? effectiveFilter.lowercased() : ""
        return (shown.auditEntries ?? []).filter { entry in
            needle.isEmpty
                || [entry.actor, entry.channel, entry.action, entry.target, entry.detail, entry.outcome]
                    .contains { $0.lowercased().contains(needle) }
        }
    }

    /// The selected operator action.
    public var selectedAuditEntry: AuditEntry? {
        guard let id = selectedListId(.audit) else { return nil }
        return visibleAuditEntries.first { String($0.id) == id }
    }
}
