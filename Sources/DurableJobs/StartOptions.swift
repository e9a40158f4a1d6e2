import Foundation
import JobStore

/// How a run is started: where, when, how urgently, how safely, and how often it may be retried.
public struct StartOptions: Sendable, Hashable {
    /// The queue; defaults to the job's queue, else `default`.
    public var queue: String?
    /// A start whose key is already held returns the existing run instead of creating another.
    public var idempotencyKey: String?
    /// How long the key is held; nil holds it as long as the run exists.
    public var idempotencyTTL: Duration?
    /// Start no sooner than this long from now. The run is `scheduled` meanwhile.
    public var delay: Duration?
    /// Start no sooner than this time. Wins over `delay`.
    public var runAt: Date?
    /// Higher runs are claimed first within the queue.
    public var priority: Int
    /// Overrides the retry policy's number of attempts.
    public var maxAttempts: Int?
    /// How failed attempts are retried; defaults to the job's, then the queue's, then ``RetryPolicy/standard``.
    public var retryPolicy: RetryPolicy?

    /// Creates start options.
    public init(
        queue: String? = nil, idempotencyKey: String? = nil, idempotencyTTL: Duration? = nil, delay: Duration? = nil,
        runAt: Date? = nil, priority: Int = 0, maxAttempts: Int? = nil, retryPolicy: RetryPolicy? = nil
    ) {
        self.queue = queue
        self.idempotencyKey = idempotencyKey
        self.idempotencyTTL = idempotencyTTL
        self.delay = delay
        self.runAt = runAt
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.retryPolicy = retryPolicy
    }
}

/// Defaults for every run of a job.
public struct JobOptions: Sendable, Hashable {
    /// The queue runs go to unless a start names another.
    public var queue: String?
    /// The retry policy unless a start names another.
    public var retryPolicy: RetryPolicy?

    /// Creates job options.
    public init(queue: String? = nil, retryPolicy: RetryPolicy? = nil) {
        self.queue = queue
        self.retryPolicy = retryPolicy
    }
}

/// How a worker claims and holds runs.
public struct WorkerOptions: Sendable, Hashable {
    /// How long a claim is held without a heartbeat before another worker may recover the run.
    public var leaseDuration: Duration
    /// How often leases are renewed; keep it well under `leaseDuration`.
    public var heartbeatInterval: Duration
    /// How often an idle worker looks for work started by other processes.
    public var pollInterval: Duration
    /// How long `shutdown` waits for running handlers before releasing their runs back to the queue.
    public var shutdownGracePeriod: Duration
    /// The worker's id; generated from host and pid when nil.
    public var workerId: WorkerID?

    /// Creates worker options: 30 s leases renewed every 10 s, 250 ms polling, 10 s grace on shutdown.
    public init(
        leaseDuration: Duration = .seconds(30), heartbeatInterval: Duration? = nil,
        pollInterval: Duration = .milliseconds(250), shutdownGracePeriod: Duration = .seconds(10),
        workerId: WorkerID? = nil
    ) {
        self.leaseDuration = leaseDuration
        self.heartbeatInterval = heartbeatInterval ?? leaseDuration / 3
        self.pollInterval = pollInterval
        self.shutdownGracePeriod = shutdownGracePeriod
        self.workerId = workerId
    }
}

/// A run as returned by `start`: its id, its status, and whether an idempotency key made it a duplicate.
public struct StartedRun: Sendable, Hashable {
    /// The run's id: the new run's, or the run holding the idempotency key.
    public var id: RunID
    /// The run (the existing one, when deduplicated); nil when the run holding the key has since been
    /// pruned by retention: the key outlives its run, so the start is still a duplicate.
    public var run: RunRecord?
    /// True when the idempotency key was held and no run was created.
    public var deduplicated: Bool

    /// The run's status at the time of the start; nil when its run was pruned.
    public var status: RunStatus? { run?.status }
}
