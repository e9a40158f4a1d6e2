import JobStore

/// The operator actions, by the stable verb the audit trail records (``AuditEntry/action``): filter and show
/// entries by these, never by free text.
public enum OperatorAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Re-queue a failed or canceled run.
    case retry
    /// Cancel a run, or ask a running one to stop.
    case cancel
    /// Send an event.
    case sendEvent = "send-event"
    /// Delete an event.
    case deleteEvent = "delete-event"
    /// Write a state value.
    case setState = "set-state"
    /// Delete a state value.
    case deleteState = "delete-state"
    /// Add to an integer state value.
    case incrementState = "increment-state"
    /// Release a lock whoever holds it.
    case releaseLock = "release-lock"
    /// Stop workers claiming a queue's runs.
    case pauseQueue = "pause-queue"
    /// Let workers claim a queue's runs again.
    case resumeQueue = "resume-queue"
    /// Set a queue's concurrency limit and retry policy.
    case configureQueue = "configure-queue"
    /// Remove a silent worker from the registry.
    case forgetWorker = "forget-worker"
    /// Set how long a queue's (or every queue's) finished runs are kept.
    case setRetention = "set-retention"
    /// Delete finished runs now.
    case pruneRuns = "prune-runs"
    /// Start a run (through `stackshift serve`; an application's own starts are not operator actions).
    case startRun = "start-run"
    /// Create an API key for `stackshift serve`.
    case createKey = "create-key"
    /// Revoke an API key.
    case revokeKey = "revoke-key"
    /// Create a database's tables, or upgrade them from an older StackShift's (`stackshift migrate`).
    case migrate
}

extension Operator {
    /// The note an action's params carry so the store records it in the audit trail with the change.
    public func note(
        _ action: OperatorAction, target: String, runId: RunID? = nil, detail: String = ""
    ) -> AuditNote {
        AuditNote(
            actor: name, channel: channel.rawValue, action: action.rawValue, target: target, runId: runId,
            detail: detail, apiKeyLookup: apiKeyLookup)
    }
}
