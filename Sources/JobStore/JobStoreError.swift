/// Errors a store reports. Each names the problem and, where there is one, what to do.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No run has this id.
    case runNotFound(RunID)
    /// The run's status does not allow the requested change.
    case invalidTransition(runId: RunID, from: RunStatus, to: RunStatus)
    /// The caller no longer holds the run's lease (it expired and the run was recovered, or it was canceled).
    case leaseLost(runId: RunID, attempt: Int)
    /// A compare-and-set write found another version.
    case versionConflict(key: String, expected: Int64, actual: Int64?)
    /// A state value that `increment` cannot add to.
    case notAnInteger(key: String)
    /// The database is not a StackShift database, or is from a newer version.
    case incompatibleDatabase(String)
    /// The database could not be opened or used.
    case unavailable(String)
    /// Input the store refuses (empty names, malformed JSON).
    case invalidInput(String)
    /// No schedule has this name.
    case scheduleNotFound(String)
    /// The run finished and was deleted by retention (or an operator's prune) with everything it had.
    case runPruned(RunID)
    /// The API key an action was taken with (``AuditNote/apiKeyLookup``) is revoked, expired or gone: nothing
    /// was written.
    case apiKeyNotUsable(lookup: String)

    public var description: String {
        switch self {
        case .runNotFound(let id):
            "no run with id \(id) (list runs with `stackshift runs list`)"
        case .invalidTransition(let id, let from, let to):
            "run \(id) is \(from.rawValue) and cannot become \(to.rawValue)"
        case .leaseLost(let id, let attempt):
            "attempt \(attempt) of run \(id) no longer holds its lease"
        case .versionConflict(let key, let expected, let actual):
            if let actual {
                "state key \(key) is at version \(actual), not \(expected): it changed meanwhile; read it again"
            } else {
                "state key \(key) does not exist (expected version \(expected))"
            }
        case .notAnInteger(let key):
            "state key \(key) does not hold an integer, so it cannot be incremented"
        case .incompatibleDatabase(let message), .unavailable(let message), .invalidInput(let message):
            message
        case .scheduleNotFound(let name):
            "no schedule named \(name)"
        case .runPruned(let id):
            "run \(id) was pruned: it had finished, and retention (or `stackshift runs prune`) deleted it with its "
                + "attempts, steps and logs (`stackshift queues list` shows each queue's retention)"
        case .apiKeyNotUsable:
            "the API key this action was taken with is revoked or expired (list keys with `stackshift keys list`)"
        }
    }
}
