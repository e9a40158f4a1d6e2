import Foundation
import JobStore

extension ConsoleState {
    /// Reports how an action ended in the status line, then reloads what the view shows.
    mutating func actionFinished(_ outcome: ActionOutcome) -> [ConsoleEffect] {
        switch outcome {
        case .retried(let run):
            showFlash(
                "Retried \(run.id): \(run.status.symbol) \(run.status.rawValue), "
                    + "try \(TimelineText.tries(run)) next",
                kind: .success)
        case .canceled(.canceled(let run)):
            showFlash("Canceled \(run.id)", kind: .success)
        case .canceled(.cancelRequested(let run)):
            showFlash("Cancel requested for \(run.id): it stops at its next step", kind: .success)
        case .eventSent(let result):
            eventSent(result)
        case .stateWritten(let entry, let purpose):
            if purpose == .ttl {
                let expiry = entry.expiresAt.map { "expires in " + Format.duration($0.timeIntervalSince(now)) }
                showFlash(
                    "TTL of \(entry.key) set: \(expiry ?? "never expires") (version \(entry.version))", kind: .success)
            } else {
                showFlash("Wrote \(entry.key): now version \(entry.version)", kind: .success)
            }
        case .stateConflict(let write, let current):
            stateConflict(write, current: current)
        case .stateDeleted(let key, let existed):
            showFlash(existed ? "Deleted \(key)" : "\(key) was already gone", kind: existed ? .success : .info)
        case .stateDeleteConflict(let key, let current):
            let now = current.map { "it is at version \($0.version) now" } ?? "it was deleted"
            showFlash("\(key) changed meanwhile (\(now)): nothing was deleted; look again and press d", kind: .error)
        case .stateIncremented(let key, let value):
            showFlash("\(key) = \(value)", kind: .success)
        case .lockReleased(let key, let owner, let released):
            lockReleased(key: key, owner: owner, released: released)
        case .queuePauseChanged(let queue):
            showFlash(
                queue.paused
                    ? "Paused queue \(queue.name): workers stop claiming its runs (P resumes)"
                    : "Resumed queue \(queue.name): workers claim its runs again",
                kind: .success)
        case .bulkFinished(let kind, let changed, let failed, let firstError):
            let succeeded = changed.count
            clearMarks()
            let done = "\(kind == .retry ? "Retried" : "Canceled") \(Self.plural(succeeded, "run"))"
            if failed == 0 {
                showFlash(done, kind: .success)
            } else {
                showFlash(
                    "\(done); \(Format.count(failed)) could not be: \(firstError ?? "unknown error")",
                    kind: succeeded == 0 ? .error : .info, seconds: 8)
            }
        case .workerForgotten(let id):
            showFlash("Forgot worker \(id): it is gone from the registry", kind: .success)
        case .eventDeleted(let id, let name, let key):
            showFlash(
                "Deleted event #\(id) (\(name) key \(Self.quotedKey(key))): no later wait receives it", kind: .success)
        case .failed(let action, let message):
            showFlash("\(action.summary) failed: \(message)", kind: .error, seconds: 8)
        }
        // A fix made from the why panel: ask again, so the panel shows whether it worked.
        if let panel = why { return loadCurrentView() + [.explain(panel.runId)] }
        return loadCurrentView()
    }

    /// Names the runs an event resumed, or says that none waited for it.
    mutating func eventSent(_ result: SendEventResult) {
        let event = result.event
        let sent = "Sent \(event.name) key \(event.key)"
        guard !result.resumed.isEmpty else {
            showFlash("\(sent): no run waits on it yet; it is kept 24h for one that does", kind: .info, seconds: 8)
            return
        }
        let shown = result.resumed.prefix(3).joined(separator: ", ")
        let more = result.resumed.count > 3 ? " and \(result.resumed.count - 3) more" : ""
        showFlash("\(sent): resumed \(shown)\(more)", kind: .success, seconds: 8)
    }

    /// `1 run`, `3 runs`.
    static func plural(_ count: Int, _ noun: String) -> String {
        "\(Format.count(count)) \(noun)\(count == 1 ? "" : "s")"
    }
}
