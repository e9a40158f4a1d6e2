import Foundation
import JobStore

extension ConsoleState {
    /// Stores the store's retention settings. A run the store answered it does not have, and that the prune
    /// history now covers, was pruned: its view says so. The settings may arrive after the run's answer, so the
    /// check is made again here and not only when the answer arrives.
    mutating func retentionLoaded(_ settings: RetentionSettings) {
        live.retention = settings
        // Paused, the queues view keeps the policies it showed; one opened after pausing still gets them.
        if isPaused, frozen?.retention == nil { frozen?.retention = settings }
        guard let missing = missingRunId, missing == openRunId, prunedRunId != missing,
            settings.history.covers(missing)
        else { return }
        prunedRunId = missing
        // The "no such run" flash shown meanwhile was wrong: this one replaces it.
        showFlash("Run \(TerminalText.escaped(missing)) was pruned", kind: .info)
    }

    /// The store answered that retention deleted a run: the run view open on it, or the why panel asking about
    /// it, says so in place of its content. An answer about another run is dropped.
    mutating func runPruned(_ runId: RunID) {
        if why?.runId == runId {
            why?.isPruned = true
            why?.diagnosis = nil
            why?.error = nil
        }
        guard openRunId == runId else { return }
        missingRunId = runId
        prunedRunId = runId
        live.detail = nil
        keepSelectionInView()
    }

    /// Whether the run view is open on a run the store does not have (pruned, or never there) and no copy of it
    /// is shown: the view has nothing to act on.
    var openRunIsGone: Bool {
        guard let id = openRunId else { return false }
        return missingRunId == id && shown.detail?.run.id != id
    }

    /// What the run view and the why panel say of a run retention or a prune deleted.
    public static func prunedRunText(_ runId: RunID) -> String {
        "Run \(TerminalText.escaped(runId)) was pruned: it had finished, and retention (or `stackshift runs prune`) "
            + "deleted it with its attempts, steps and logs."
    }
}
