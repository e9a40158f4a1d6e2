import Foundation

/// A queue's settings.
public struct QueueRecord: Sendable, Codable, Hashable {
    /// The queue name.
    public var name: String
    /// The most runs of this queue running at once across all workers; nil is unlimited.
    public var concurrencyLimit: Int?
    /// A paused queue keeps accepting runs but no worker claims them.
    public var paused: Bool
    /// The retry policy for runs started without one.
    public var retryPolicy: RetryPolicy?
    /// How long this queue's finished runs are kept; nil follows the store's policy
    /// (``RetentionSettings/policy``).
    public var retention: RetentionPolicy?
    /// When the settings last changed.
    public var updatedAt: Date

    /// Creates queue settings.
    public init(
        name: String, concurrencyLimit: Int? = nil, paused: Bool = false, retryPolicy: RetryPolicy? = nil,
        retention: RetentionPolicy? = nil, updatedAt: Date
    ) {
        self.name = name
        self.concurrencyLimit = concurrencyLimit
        self.paused = paused
        self.retryPolicy = retryPolicy
        self.retention = retention
        self.updatedAt = updatedAt
    }
}

/// A queue's settings with its current depth by status.
public struct QueueSummary: Sendable, Codable, Hashable {
    /// The queue's settings.
    public var queue: QueueRecord
    /// Non-terminal runs by status, and terminal runs finished since the summary's `since` time.
    public var counts: [RunStatus: Int]
    /// When the oldest `queued` run was queued.
    public var oldestQueuedAt: Date?

    /// Creates a summary.
    public init(queue: QueueRecord, counts: [RunStatus: Int], oldestQueuedAt: Date?) {
        self.queue = queue
        self.counts = counts
        self.oldestQueuedAt = oldestQueuedAt
    }

    /// The count for one status (0 when absent).
    public func count(_ status: RunStatus) -> Int { counts[status, default: 0] }
}

/// A worker process, as registered in the store.
public struct WorkerRecord: Sendable, Codable, Hashable {
    /// The worker id.
    public var id: WorkerID
    /// The host it runs on.
    public var host: String
    /// Its process id.
    public var pid: Int
    /// The queues it serves.
    public var queues: [String]
    /// The jobs it has handlers for.
    public var jobs: [String]
    /// How many runs it executes at once.
    public var concurrency: Int
    /// When it started.
    public var startedAt: Date
    /// Its last heartbeat.
    public var heartbeatAt: Date

    /// Creates a worker record.
    public init(
        id: WorkerID, host: String, pid: Int, queues: [String], jobs: [String], concurrency: Int, startedAt: Date,
        heartbeatAt: Date
    ) {
        self.id = id
        self.host = host
        self.pid = pid
        self.queues = queues
        self.jobs = jobs
        self.concurrency = concurrency
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}
