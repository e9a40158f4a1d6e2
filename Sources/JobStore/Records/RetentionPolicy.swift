import Foundation

/// How long finished runs are kept, by how they ended, before retention deletes them with everything that
/// belongs to them (attempts, steps, logs, timeline entries, event consumptions).
///
/// Only finished runs are ever deleted: scheduled, queued, running and waiting runs are kept however old.
/// A run's age is measured from when it finished. The store holds one policy for every queue (``standard``
/// until one is set) and, optionally, one per queue that replaces it for that queue's runs.
public struct RetentionPolicy: Sendable, Codable, Hashable {
    /// Seconds a completed run is kept after it finished.
    public var completed: TimeInterval
    /// Seconds a failed run is kept after it finished: longer by default, as someone may still look into it.
    public var failed: TimeInterval
    /// Seconds a canceled run is kept after it was canceled.
    public var canceled: TimeInterval

    /// Creates a policy.
    public init(completed: TimeInterval, failed: TimeInterval, canceled: TimeInterval) {
        self.completed = completed
        self.failed = failed
        self.canceled = canceled
    }

    /// One period for every way a run can end.
    public init(all seconds: TimeInterval) {
        self.init(completed: seconds, failed: seconds, canceled: seconds)
    }

    /// The default: completed and canceled runs are kept 7 days, failed runs 30 days.
    public static let standard = RetentionPolicy(completed: 7 * 86_400, failed: 30 * 86_400, canceled: 7 * 86_400)

    /// The shortest period a policy may set: one second.
    public static let shortest: TimeInterval = 1
    /// The longest period a policy may set: ten years (of 365 days).
    public static let longest: TimeInterval = 3650 * 86_400

    /// How long a run that ended with `status` is kept; nil for a status that is not finished, which
    /// retention never deletes.
    public func period(for status: RunStatus) -> TimeInterval? {
        switch status {
        case .completed: completed
        case .failed: failed
        case .canceled: canceled
        case .scheduled, .queued, .running, .waiting: nil
        }
    }

    /// Refuses a period that is not a finite number of seconds from ``shortest`` to ``longest``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` naming the period and the allowed range.
    public func validate() throws {
        for (name, seconds) in [("completed", completed), ("failed", failed), ("canceled", canceled)] {
            guard seconds.isFinite, seconds >= Self.shortest, seconds <= Self.longest else {
                throw JobStoreError.invalidInput(
                    "retention for \(name) runs must be from 1 second to 3650 days, not \(seconds) seconds")
            }
        }
    }
}

/// What retention has deleted so far, kept by the store so a run that is gone can be told from one that
/// never existed.
public struct PruneHistory: Sendable, Codable, Hashable {
    /// Runs deleted by retention or by an operator's prune, in all.
    public var runs: Int64
    /// The newest creation time of any deleted run: a run id from before it that is not found was most
    /// likely pruned (ids carry their creation time, see ``Identifier/date(of:)``).
    public var newestCreatedAt: Date?
    /// When runs were last deleted.
    public var lastPrunedAt: Date?

    /// Creates a history.
    public init(runs: Int64 = 0, newestCreatedAt: Date? = nil, lastPrunedAt: Date? = nil) {
        self.runs = runs
        self.newestCreatedAt = newestCreatedAt
        self.lastPrunedAt = lastPrunedAt
    }

    /// Whether a run with this id, not found in the store, was deleted by a prune: its id is a run id whose
    /// creation time is no later than the newest pruned run's.
    public func covers(_ runId: RunID) -> Bool {
        guard let newestCreatedAt, let created = Identifier.date(of: runId) else { return false }
        return created <= newestCreatedAt
    }
}

/// The store's retention settings: the policy for every queue, and what has been pruned.
public struct RetentionSettings: Sendable, Codable, Hashable {
    /// The policy for queues without their own (``RetentionPolicy/standard`` until one is set).
    public var policy: RetentionPolicy
    /// Whether ``policy`` was set (false: the built-in standard).
    public var isSet: Bool
    /// What has been pruned so far.
    public var history: PruneHistory

    /// Creates settings.
    public init(policy: RetentionPolicy = .standard, isSet: Bool = false, history: PruneHistory = PruneHistory()) {
        self.policy = policy
        self.isSet = isSet
        self.history = history
    }
}
