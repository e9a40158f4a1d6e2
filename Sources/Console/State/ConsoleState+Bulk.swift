import Foundation
import JobStore

extension ConsoleState {
    /// The most runs one bulk action touches.
    public static let bulkLimit = 10_000

    /// `^T` / `^X`: counts the runs the current runs filter matches that the action applies to; the confirm
    /// dialog follows with the count.
    mutating func askForBulk(_ kind: BulkKind) -> [ConsoleEffect] {
        guard currentView.scope == .runs else { return [] }
        if !markedRuns.isEmpty { return askForMarkedBulk(kind) }
        let statuses = statusFilter.isEmpty ? kind.statuses : statusFilter.intersection(kind.statuses)
        guard !statuses.isEmpty else {
            let shown = statusFilter.sorted().map(\.rawValue).joined(separator: ", ")
            showFlash("The filter shows only \(shown) runs: none can be \(kind.pastTense)", kind: .info)
            return []
        }
        var query = currentRunsQuery
        query.statuses = statuses
        query.limit = Self.bulkLimit
        bulkScope = nil
        showFlash("Counting runs to \(kind.verb)…", kind: .info)
        return [.prepareBulk(kind, query)]
    }

    /// The count arrived: ask, stating it and the filter, with Cancel focused.
    mutating func bulkPrepared(_ kind: BulkKind, _ ids: [RunID], truncated: Bool) -> [ConsoleEffect] {
        // A count for a view left meanwhile is dropped: its confirm would name the wrong runs.
        let forGroup = currentView == .failures && bulkScope != nil
        guard currentView.scope == .runs || forGroup else { return [] }
        let statuses =
            forGroup || statusFilter.isEmpty ? kind.statuses : statusFilter.intersection(kind.statuses)
        let scope = forGroup ? bulkScope ?? "" : filterDescription
        let names = statuses.sorted().map(\.rawValue)
        let which =
            kind == .cancel && statuses == kind.statuses
            ? "active"
            : names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        guard !ids.isEmpty else {
            showFlash("No \(which) runs match \(scope)", kind: .info)
            return []
        }
        let count = Self.plural(ids.count, "run")
        let counted = Self.plural(ids.count, "\(which) run")
        let capped = truncated ? " More match: only the newest \(Format.count(ids.count)) are included." : ""
        flash = nil
        dialog = ConfirmDialog(
            title: "\(kind == .retry ? "Retry" : "Cancel") \(count)?",
            message: "\(counted) \(ids.count == 1 ? "matches" : "match") \(scope). \(kind.effectOnEachRun)\(capped)",
            details: Self.runListDetails(ids), dismissLabel: kind == .retry ? "Cancel" : "Keep them",
            confirmLabel: "\(kind == .retry ? "Retry" : "Cancel") \(count)",
            action: .write(.bulk(BulkAction(kind: kind, runIds: ids))))
        return []
    }

    /// The first five run ids of a bulk action, and how many more, for its confirm dialog.
    static func runListDetails(_ ids: [RunID]) -> [StyledLine] {
        var details = ids.prefix(5).map { StyledLine("  " + $0, CellStyle(.ui(.dim), fill: .ui(.dialog))) }
        if ids.count > 5 {
            details.append(
                StyledLine("  … and \(Format.count(ids.count - 5)) more", CellStyle(.ui(.dim), fill: .ui(.dialog))))
        }
        return details
    }

    /// The runs filter in words: `the filter (queue emails, text "smtp", failed)`.
    var filterDescription: String {
        var parts: [String] = []
        if let failure = runsFailure { parts.append("cause \(FailuresView.shortSignature(failure.signature))") }
        if let queue = runsQueue { parts.append("queue \(queue)") }
        if !filterText.isEmpty { parts.append("text \"\(filterText)\"") }
        if !statusFilter.isEmpty { parts.append(statusFilter.sorted().map(\.rawValue).joined(separator: "/")) }
        return parts.isEmpty ? "the runs view (no filter)" : "the filter (\(parts.joined(separator: ", ")))"
    }

    /// `P`: asks before pausing or resuming the selected queue.
    mutating func askToToggleQueuePause() -> [ConsoleEffect] {
        guard currentView == .queues, let index = selectedQueueIndex else { return [] }
        askToTogglePause(of: visibleQueues[index])
        return []
    }

    /// The confirm before pausing or resuming a queue, saying what it does to its runs.
    mutating func askToTogglePause(of summary: QueueSummary) {
        let name = summary.queue.name
        if summary.queue.paused {
            dialog = ConfirmDialog(
                title: "Resume queue \(name)?",
                message: "Workers start claiming its runs again: "
                    + "\(Self.plural(summary.count(.queued), "queued run")) waiting.",
                confirmLabel: "Resume", action: .write(.setQueuePaused(name, paused: false)))
        } else {
            dialog = ConfirmDialog(
                title: "Pause queue \(name)?",
                message: "Workers stop claiming its runs: \(Self.plural(summary.count(.queued), "queued run")) "
                    + "will wait until it is resumed; the \(Format.count(summary.count(.running))) running finish. "
                    + "New runs are still accepted.",
                confirmLabel: "Pause queue", action: .write(.setQueuePaused(name, paused: true)))
        }
    }
}
