import Foundation
import JobStore

extension ConsoleState {
    mutating func askToRetry() -> [ConsoleEffect] {
        guard let run = targetRun else { return [] }
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
            confirmLabel: "Retry", action: .retry(run.id))
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
            dismissLabel: "Keep it", confirmLabel: "Cancel run", action: .cancel(run.id))
        return []
    }

    mutating func performDialog(_ command: ConsoleCommand) -> [ConsoleEffect] {
        guard let current = dialog else { return [] }
        switch command {
        case .dialogSwitch:
            dialog?.focus = current.focus == .dismiss ? .confirm : .dismiss
            return []
        case .dialogDismiss:
            dialog = nil
            return []
        case .dialogPress:
            dialog = nil
            guard current.focus == .confirm else { return [] }
            // Every dialog action changes data: a read-only console never shows one, and never acts on one.
            guard !readOnly else { return [] }
            switch current.action {
            case .retry(let id):
                showFlash("Retrying \(id)…", kind: .info)
                return [.retry(id)]
            case .cancel(let id):
                showFlash("Canceling \(id)…", kind: .info)
                return [.cancel(id)]
            case .sendEvent(let name, let key, let payload):
                return [.sendEvent(name: name, key: key, payloadJSON: payload)]
            case .writeState(let write):
                showFlash("Writing \(write.key)…", kind: .info)
                return [.writeState(write)]
            case .deleteState(let key, let version):
                showFlash("Deleting \(key)…", kind: .info)
                return [.deleteState(key: key, expectedVersion: version)]
            case .incrementState(let key, let amount):
                return [.incrementState(key: key, amount: amount)]
            case .setQueuePaused(let queue, let paused):
                showFlash("\(paused ? "Pausing" : "Resuming") \(queue)…", kind: .info)
                return [.setQueuePaused(queue, paused: paused)]
            case .bulk(let action):
                let verb = action.kind == .retry ? "Retrying" : "Canceling"
                showFlash("\(verb) \(Self.plural(action.runIds.count, "run"))…", kind: .info)
                return [.runBulk(action)]
            case .editAgain(let request):
                showFlash("Editing \(request.key) again…", kind: .info)
                return [.editState(request)]
            }
        default:
            return []
        }
    }
}
