import Foundation
import JobStore

extension ConsoleState {
    /// Tab in the state view: the cursor keys move the other pane's list (values, or locks).
    mutating func switchStatePane() {
        stateFocus = stateFocus == .locks ? .state : .locks
        keepSelectionInView()
        if stateFocus == .locks && visibleLocks.isEmpty {
            showFlash("No locks held\(filterText.isEmpty ? "" : " under “\(filterText)”")", kind: .info)
        }
    }

    /// `u`: asks before releasing the selected lock, naming who holds it and what that holder is. The release
    /// is made as that holder, so a lock that changed hands since is left alone.
    mutating func askToReleaseLock() -> [ConsoleEffect] {
        guard currentView == .state else {
            showFlash("Locks are in the State view (6); Tab focuses them", kind: .info)
            return []
        }
        guard stateFocus == .locks else {
            showFlash("Tab focuses the locks; then u releases the selected one", kind: .info)
            return []
        }
        guard let lock = selectedLock else {
            showFlash("No lock selected", kind: .info)
            return []
        }
        askToRelease(lock)
        return []
    }

    /// The confirm before releasing a lock, naming its owner, how long it has been held and when it would
    /// lapse by itself.
    mutating func askToRelease(_ lock: LockRecord) {
        let now = displayNow
        let left = lock.expiresAt.timeIntervalSince(now)
        let expiry = left > 0 ? "it expires by itself in \(Format.duration(left))" : "it has lapsed already"
        let details = [
            StyledLine("  owner    " + lock.owner, CellStyle(.ui(.dialog))),
            StyledLine(
                "  held     since " + Format.moment(lock.acquiredAt, now: now, utcOffset: utcOffsetSeconds) + " ("
                    + Format.duration(now.timeIntervalSince(lock.acquiredAt)) + ")", CellStyle(.ui(.dialog))),
        ]
        dialog = ConfirmDialog(
            title: "Release lock \(lock.key)?",
            message:
                "Held by \(lock.owner); \(expiry). Release it only if that holder is gone: a holder still at work "
                + "loses the lock and is canceled when it next renews it.",
            details: details, dismissLabel: "Keep it", confirmLabel: "Release",
            action: .write(.releaseLock(key: lock.key, owner: lock.owner)))
    }

    /// How a lock release ended, said in the status line.
    mutating func lockReleased(key: String, owner: String, released: LockRecord?) {
        if released != nil {
            showFlash("Released lock \(key) (was held by \(owner))", kind: .success)
        } else {
            showFlash("\(key) was no longer held by \(owner): nothing was released", kind: .info)
        }
    }
}
