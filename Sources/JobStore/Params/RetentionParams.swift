import Foundation

/// Parameters of ``JobStore/setRetention(_:)``.
public struct SetRetentionParams: Sendable, Hashable {
    /// The queue whose policy is set; nil sets the policy for every queue without its own.
    public var queue: String?
    /// The policy; nil clears it (a queue then follows the store's policy, the store the standard one).
    public var policy: RetentionPolicy?
    /// The current time.
    public var now: Date
    /// The operator setting it, recorded in the audit trail with the change; nil for the engine's own calls.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(queue: String? = nil, policy: RetentionPolicy?, now: Date, audit: AuditNote? = nil) {
        self.queue = queue
        self.policy = policy
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/pruneRuns(_:)``: which finished runs to delete, at most ``limit`` of them.
public struct PruneRunsParams: Sendable, Hashable {
    /// How old a run must be to go.
    public enum Age: Sendable, Hashable {
        /// Older than its queue's retention for how it ended (``RetentionPolicy``).
        case retention
        /// Finished more than this many seconds before now, whatever the retention.
        case finishedBefore(TimeInterval)
    }

    /// How old a run must be to go.
    public var age: Age
    /// The finished statuses to delete; only `completed`, `failed` and `canceled` are allowed.
    public var statuses: Set<RunStatus>
    /// Only this queue's runs; nil for every queue.
    public var queue: String?
    /// The most runs deleted by this call, oldest finished first, in one transaction: a bound on how long
    /// it holds the writer. Call again while ``PruneResult/more`` is true.
    public var limit: Int
    /// Counts and lists what would go (at most ``limit`` ids), deleting nothing.
    public var dryRun: Bool
    /// The current time.
    public var now: Date

    /// The finished statuses.
    public static let finished: Set<RunStatus> = [.completed, .failed, .canceled]
    /// The most runs one call may delete.
    public static let maximumLimit = 10_000

    /// Creates the parameters.
    public init(
        age: Age = .retention, statuses: Set<RunStatus> = Self.finished, queue: String? = nil, limit: Int = 500,
        dryRun: Bool = false, now: Date
    ) {
        self.age = age
        self.statuses = statuses
        self.queue = queue
        self.limit = limit
        self.dryRun = dryRun
        self.now = now
    }
}

/// What ``JobStore/pruneRuns(_:)`` deleted, or would delete.
public struct PruneResult: Sendable, Hashable {
    /// The runs deleted (or, for a dry run, the first of those that would be), oldest finished first.
    public var runIds: [RunID]
    /// For a dry run, every run the parameters select, not only the first ``PruneRunsParams/limit``; for a
    /// deletion, the number deleted (`runIds.count`).
    public var count: Int
    /// Whether runs the parameters select remain: another call deletes more.
    public var more: Bool

    /// Creates a result.
    public init(runIds: [RunID] = [], count: Int = 0, more: Bool = false) {
        self.runIds = runIds
        self.count = count
        self.more = more
    }
}
