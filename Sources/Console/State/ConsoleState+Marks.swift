import Foundation
import JobStore

extension ConsoleState {
    /// Space: marks the run under the cursor, or unmarks it, and moves down a row (k9s's habit), so a run of
    /// presses marks a run of rows.
    mutating func toggleMark() -> [ConsoleEffect] {
        guard currentView.scope == .runs, let run = targetRun else { return [] }
        if markedRuns.removeValue(forKey: run.id) == nil { markedRuns[run.id] = run.status }
        return move(by: 1)
    }

    /// `*` or ^Space: marks every run listed; when all are marked already, unmarks them.
    mutating func markAllListed() {
        guard currentView.scope == .runs else { return }
        let runs = visibleRuns
        guard !runs.isEmpty else { return }
        if runs.allSatisfy({ markedRuns[$0.id] != nil }) {
            for run in runs { markedRuns[run.id] = nil }
            showFlash("Unmarked the \(Self.plural(runs.count, "run")) listed", kind: .info)
        } else {
            for run in runs { markedRuns[run.id] = run.status }
            showFlash(
                "Marked \(Self.plural(markedRuns.count, "run")): ^T retries them, ^X cancels them, Esc unmarks",
                kind: .info)
        }
    }

    /// Forgets every mark (Esc, or after a bulk action on them).
    mutating func clearMarks() {
        markedRuns = [:]
    }

    /// A run's status as the console last saw it: from the rows loaded now, else from when it was marked.
    func knownStatus(of id: RunID) -> RunStatus? {
        shown.runs.first { $0.id == id }?.status ?? markedRuns[id]
    }

    /// ^T / ^X with runs marked: asks about exactly the marked runs the action applies to, saying how many
    /// marked runs it leaves alone and why.
    mutating func askForMarkedBulk(_ kind: BulkKind) -> [ConsoleEffect] {
        let marked = markedRuns.keys.sorted(by: >)
        let ids = marked.filter { id in knownStatus(of: id).map(kind.statuses.contains) ?? true }
        let markedCount = Self.plural(marked.count, "marked run")
        guard !ids.isEmpty else {
            showFlash("None of the \(markedCount) can be \(kind.pastTense) (Esc unmarks them)", kind: .info)
            return []
        }
        let which = kind == .retry ? "failed or canceled" : "active"
        let left = marked.count - ids.count
        let leftAlone = left == 0 ? "" : " The other \(Format.count(left)) \(left == 1 ? "is" : "are") left alone."
        let count = Self.plural(ids.count, "marked run")
        bulkScope = nil
        dialog = ConfirmDialog(
            title: "\(kind == .retry ? "Retry" : "Cancel") \(count)?",
            message: "\(Format.count(ids.count)) of the \(markedCount) \(ids.count == 1 ? "is" : "are") \(which)"
                + " (the marks, not the filter).\(leftAlone) \(kind.effectOnEachRun)",
            details: Self.runListDetails(ids), dismissLabel: kind == .retry ? "Cancel" : "Keep them",
            confirmLabel: "\(kind == .retry ? "Retry" : "Cancel") \(Self.plural(ids.count, "run"))",
            action: .write(.bulk(BulkAction(kind: kind, runIds: ids))))
        return []
    }
}
