import JobStore

/// A change to data, as the reducer decides it and the effect runner carries it out: built once, handed over
/// once in ``ConsoleEffect/write(_:)`` (at once, or when its confirm dialog is pressed), and named again only
/// if it fails.
public enum ConsoleWrite: Sendable, Hashable {
    /// Re-queue a failed or canceled run.
    case retry(RunID)
    /// Re-queue a failed or canceled run from a step: that step and every step recorded after it are forgotten
    /// and run again; the ones before are kept.
    case retryFromStep(RunID, step: String)
    /// Cancel an active run.
    case cancel(RunID)
    /// Send an event (kept for the default retention, 24 hours).
    case sendEvent(name: String, key: String, payloadJSON: String)
    /// Write a state value with compare-and-set.
    case writeState(StateWrite)
    /// Delete a state value if it is still at a version.
    case deleteState(key: String, expectedVersion: Int64)
    /// Add to an integer state value.
    case incrementState(key: String, amount: Int64)
    /// Pause or resume a queue.
    case setQueuePaused(String, paused: Bool)
    /// Release a lock, as its holder `owner`: a lock that changed hands is left alone.
    case releaseLock(key: String, owner: String)
    /// Retry or cancel exactly the runs counted in the confirm dialog.
    case bulk(BulkAction)
    /// Remove a silent worker from the registry.
    case forgetWorker(WorkerID)
    /// Delete an event, so no later wait receives it.
    case deleteEvent(id: Int64, name: String, key: String)

    /// What the write is, for a failure message (`Retry of run_…`, `Sending payment.confirmed key pay_123`).
    public var summary: String {
        switch self {
        case .retry(let id): "Retry of \(id)"
        case .retryFromStep(let id, let step): "Retry of \(id) from step \(step)"
        case .cancel(let id): "Cancel of \(id)"
        case .sendEvent(let name, let key, _): "Sending \(name) key \(key)"
        case .writeState(let write): write.purpose == .ttl ? "Setting the TTL of \(write.key)" : "Writing \(write.key)"
        case .deleteState(let key, _): "Deleting \(key)"
        case .incrementState(let key, _): "Incrementing \(key)"
        case .setQueuePaused(let queue, let paused): "\(paused ? "Pausing" : "Resuming") queue \(queue)"
        case .releaseLock(let key, _): "Releasing lock \(key)"
        case .bulk(let action): "Bulk \(action.kind.verb) of \(action.runIds.count) runs"
        case .forgetWorker(let id): "Forgetting worker \(id)"
        case .deleteEvent(let id, let name, _): "Deleting event #\(id) (\(name))"
        }
    }

    /// What the status line says while the write is under way; nil for a TTL change or an increment, whose
    /// outcome replaces the status line a moment later anyway.
    var progressMessage: String? {
        switch self {
        case .retry(let id): "Retrying \(id)…"
        case .retryFromStep(let id, let step): "Retrying \(id) from step \(step)…"
        case .cancel(let id): "Canceling \(id)…"
        case .sendEvent(let name, let key, _): "Sending \(name) key \(ConsoleState.quotedKey(key))…"
        case .writeState(let write): write.purpose == .ttl ? nil : "Writing \(write.key)…"
        case .deleteState(let key, _): "Deleting \(key)…"
        case .incrementState: nil
        case .setQueuePaused(let queue, let paused): "\(paused ? "Pausing" : "Resuming") \(queue)…"
        case .releaseLock(let key, _): "Releasing \(key)…"
        case .bulk(let action):
            "\(action.kind == .retry ? "Retrying" : "Canceling") \(ConsoleState.plural(action.runIds.count, "run"))…"
        case .forgetWorker(let id): "Forgetting \(id)…"
        case .deleteEvent(let id, _, _): "Deleting event #\(id)…"
        }
    }
}
