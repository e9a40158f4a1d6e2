import Foundation
import JobStore

extension ConsoleState {
    /// `w`: opens the why panel for the selected run and asks the engine. For a run that ended it says what
    /// happened: how its tries went, what failed it and how many other runs the same failure hits, or who
    /// canceled it.
    mutating func explainSelected() -> [ConsoleEffect] {
        let run = currentView == .waits ? selectedWait : targetRun
        guard let run else {
            showFlash("Select a run first; w explains why it is not moving", kind: .info)
            return []
        }
        why = WhyPanel(runId: run.id, run: run)
        return [.explain(run.id)]
    }

    /// View commands while the why panel is open: it scrolls, opens its run, sends the event it waits for.
    mutating func performWhy(_ command: ViewCommand) -> [ConsoleEffect] {
        guard let panel = why else { return [] }
        switch command {
        case .closeWhy:
            why = nil
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            let delta: Int =
                switch command {
                case .moveDown: 1
                case .moveUp: -1
                case .pageDown: 10
                case .pageUp: -10
                case .top: Int.min / 2
                default: Int.max / 2
                }
            let limit = WhyView.maxScroll(self)
            why?.scroll = max(0, min(panel.scroll.addingClamped(delta), limit))
        case .open:
            why = nil
            var stack = viewStack.filter { if case .run = $0 { false } else { true } }
            if stack.isEmpty { stack = [.queues] }
            return go(to: stack + [.run(panel.runId)])
        case .sendEvent:
            return openSendEventForm()
        case .copyId:
            showFlash("Copied \(panel.runId) to the clipboard", kind: .info)
            return [.copyToClipboard(panel.runId)]
        case .refresh:
            why?.error = nil
            return [.explain(panel.runId)]
        case .retry, .releaseLock, .toggleQueuePause:
            return applyFix(command, panel: panel)
        default:
            break
        }
        return []
    }

    /// The fix line's key, pressed in the why panel: the same confirm the key opens in its own view, over the
    /// panel, which asks again once the fix is done (see ``actionFinished(_:)``) so the answer shows it worked.
    mutating func applyFix(_ command: ViewCommand, panel: WhyPanel) -> [ConsoleEffect] {
        guard let diagnosis = panel.diagnosis else {
            showFlash("Wait for the answer first", kind: .info)
            return []
        }
        switch command {
        case .retry:
            let run = panel.run.map { run in
                var known = run
                known.status = diagnosis.status
                return known
            }
            return askToRetry(run)
        case .releaseLock:
            guard let lock = diagnosis.lock else {
                showFlash("This run is not blocked on a lock; u releases one when it is", kind: .info)
                return []
            }
            askToRelease(lock)
        case .toggleQueuePause:
            guard diagnosis.reason == .queuePaused, let queue = panel.run?.queue else {
                showFlash("This run's queue is not paused; P resumes it when it is", kind: .info)
                return []
            }
            if let summary = shown.queues?.first(where: { $0.queue.name == queue }) {
                askToTogglePause(of: summary)
            } else {
                dialog = ConfirmDialog(
                    title: "Resume queue \(queue)?", message: "Workers start claiming its runs again.",
                    confirmLabel: "Resume", action: .write(.setQueuePaused(queue, paused: false)))
            }
        default:
            break
        }
        return []
    }
}
