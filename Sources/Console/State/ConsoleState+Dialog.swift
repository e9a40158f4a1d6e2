import Foundation
import JobStore

extension ConsoleState {
    mutating func askToRetry(_ run: RunRecord?) -> [ConsoleEffect] {
        guard let run else { return [] }
        guard run.status == .failed || run.status == .canceled else {
            showFlash("Only failed or canceled runs can be retried; \(run.id) is \(run.status.rawValue)", kind: .error)
            return []
        }
        let keeps = "Completed steps are kept; it runs again from the first unfinished step."
        dialog = ConfirmDialog(
            title: "Retry run?",
            message:
                "\(run.id) (\(run.job)) \(run.status == .failed ? "failed" : "was canceled") "
                + "(\(TimelineText.failures(run))). "
                + "It will be queued again on '\(run.queue)'. \(keeps)",
            confirmLabel: "Retry", action: .write(.retry(run.id)))
        return []
    }

    mutating func askToCancel() -> [ConsoleEffect] {
        guard let run = targetRun else { return [] }
        guard !run.status.isTerminal else {
            showFlash("\(run.id) is already \(run.status.rawValue); nothing to cancel", kind: .error)
            return []
        }
        let how =
            run.status == .running
            ? "It is running: its worker stops it at the next step boundary."
            : "It is \(run.status.rawValue) and stops at once."
        dialog = ConfirmDialog(
            title: "Cancel run?",
            message: "\(run.id) (\(run.job)) on '\(run.queue)' will be canceled. \(how)",
            dismissLabel: "Keep it", confirmLabel: "Cancel run", action: .write(.cancel(run.id)))
        return []
    }

    /// Tab, Enter and Esc in a confirm dialog. Enter on the confirm button hands the dialog's write over.
    mutating func performDialog(_ command: DialogCommand) -> [ConsoleEffect] {
        guard let current = dialog else { return [] }
        switch command {
        case .switchFocus:
            dialog?.focus = current.focus == .dismiss ? .confirm : .dismiss
            return []
        case .dismiss:
            dialog = nil
            return []
        case .press:
            dialog = nil
            guard current.focus == .confirm else { return [] }
            switch current.action {
            case .write(let write):
                return request(write)
            case .editAgain(let edit):
                showFlash("Editing \(edit.key) again…", kind: .info)
                return [.editState(edit)]
            }
        }
    }

    /// Hands a write to the effect runner: the one way a write leaves the reducer, whether at once or from a
    /// confirm dialog. The status line says it is under way; its ``ActionOutcome`` reports back.
    mutating func request(_ write: ConsoleWrite) -> [ConsoleEffect] {
        if let message = write.progressMessage { showFlash(message, kind: .info) }
        return [.write(write)]
    }
}
