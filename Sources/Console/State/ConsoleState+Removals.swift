import Foundation
import JobStore

extension ConsoleState {
    /// `d` in the workers view: asks before forgetting the selected worker. Only a silent worker holding no
    /// runs can be forgotten: a live one registers again at its next heartbeat, and a silent one's runs are
    /// recovered when their leases expire, after which it holds none.
    mutating func askToForgetWorker() {
        guard currentView == .workers, let worker = selectedWorker else {
            showFlash("Select a worker first", kind: .info)
            return
        }
        let now = displayNow
        let heard = Format.duration(now.timeIntervalSince(worker.heartbeatAt)) + " ago"
        guard isSilent(worker, now: now) else {
            showFlash(
                "\(worker.id) is alive (heartbeat \(heard)): stop its process instead; it would register again",
                kind: .error)
            return
        }
        let inHand = shown.runsInHand[worker.id, default: 0]
        guard inHand == 0 else {
            showFlash(
                "\(worker.id) still holds \(Self.plural(inHand, "running run")): they are recovered when their "
                    + "leases expire; forget it after that",
                kind: .error)
            return
        }
        dialog = ConfirmDialog(
            title: "Forget worker \(worker.id)?",
            message:
                "Last heard from \(heard) on \(worker.host) (pid \(worker.pid)); it holds no runs. It leaves the "
                + "registry, and the why panel stops counting it. A worker that comes back registers again.",
            dismissLabel: "Keep it", confirmLabel: "Forget", action: .write(.forgetWorker(worker.id)))
    }

    /// `d` in the events view: asks before deleting the selected event, saying what a delete does and does
    /// not undo.
    mutating func askToDeleteEvent() {
        guard eventsFocus == .events else {
            showFlash("A rejected delivery is no event: there is nothing to delete (Tab shows the events)", kind: .info)
            return
        }
        guard currentView == .events, let event = selectedEvent else {
            showFlash("Select an event first", kind: .info)
            return
        }
        let consumed =
            event.consumedBy.isEmpty
            ? "No run has received it yet."
            : "The \(Self.plural(event.consumedBy.count, "run")) it resumed keep what they received."
        let sent = Format.duration(displayNow.timeIntervalSince(event.receivedAt))
        dialog = ConfirmDialog(
            title: "Delete event #\(event.id)?",
            message: "\(event.name) key \(Self.quotedKey(event.key)), sent \(sent) ago. A run that waits for it later "
                + "will not receive it. \(consumed)",
            dismissLabel: "Keep it", confirmLabel: "Delete",
            action: .write(.deleteEvent(id: event.id, name: event.name, key: event.key)))
    }
}
