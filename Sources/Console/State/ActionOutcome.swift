import Foundation
import JobStore

/// How an action that changes data ended.
public enum ActionOutcome: Sendable, Hashable {
    /// The run was re-queued.
    case retried(RunRecord)
    /// The run was canceled, or asked to stop.
    case canceled(CancelRunResult)
    /// The event was stored; the result names the runs it resumed.
    case eventSent(SendEventResult)
    /// The state value was written.
    case stateWritten(StateEntry, StateWrite.Purpose)
    /// The compare-and-set write found another version; `current` is the value now (nil: deleted).
    case stateConflict(StateWrite, current: StateEntry?)
    /// The state value was deleted (or was already gone).
    case stateDeleted(key: String, existed: Bool)
    /// The delete found another version: nothing was deleted.
    case stateDeleteConflict(key: String, current: StateEntry?)
    /// The integer state value was changed to `value`.
    case stateIncremented(key: String, value: Int64)
    /// The queue was paused or resumed.
    case queuePauseChanged(QueueRecord)
    /// A lock release ended: the lock released, or nil when `owner` no longer held it.
    case lockReleased(key: String, owner: String, released: LockRecord?)
    /// A bulk action ended: the runs it changed, how many it could not, and the first reason why.
    case bulkFinished(BulkKind, changed: [RunID], failed: Int, firstError: String?)
    /// The worker was removed from the registry.
    case workerForgotten(WorkerID)
    /// The event was deleted.
    case eventDeleted(id: Int64, name: String, key: String)
    /// The store refused or failed the write; the message says why.
    case failed(ConsoleWrite, message: String)
}
