import Foundation

/// One execution of a job: its payload, status, attempts so far and outcome.
public struct RunRecord: Sendable, Codable, Hashable, Identifiable {
    /// The run's id (`run_…`).
    public var id: RunID
    /// The registered job name.
    public var job: String
    /// The queue the run belongs to.
    public var queue: String
    /// The current status.
    public var status: RunStatus
    /// Higher runs are claimed first within a queue.
    public var priority: Int
    /// The payload as JSON text.
    public var payloadJSON: String
    /// The result as JSON text, once `completed`.
    public var resultJSON: String?
    /// The last error, if an attempt failed.
    public var error: ErrorDetail?
    /// The number of attempts started so far: every claim counts, including the ones that resume a run
    /// after an event wait or a sleep. It numbers attempts and fences leases (``RunLease/attempt``); the
    /// retry budget counts ``failures`` instead, so waiting never uses it up.
    public var attempt: Int
    /// The number of attempts that ended `failed` (the handler threw) or `crashed` (the lease expired).
    /// Attempts that completed, suspended for a wait or sleep, were canceled or were released by a
    /// shutting-down worker do not count. Maintained by the store.
    public var failures: Int
    /// The failure budget: at most this many attempts fail, and the one that brings ``failures`` to
    /// `maxAttempts` fails the run for good (`1` never retries). Starts as the retry policy's `maxAttempts`;
    /// a manual retry of an exhausted run raises it to `failures + 1`, one more try.
    public var maxAttempts: Int
    /// How retries back off.
    public var retryPolicy: RetryPolicy
    /// The idempotency key the run was started with.
    public var idempotencyKey: String?
    /// When the run was created.
    public var createdAt: Date
    /// When the run last changed.
    public var updatedAt: Date
    /// When a `scheduled` run becomes due, or when a `waiting` run wakes (timeout or sleep end).
    public var runAt: Date?
    /// When the first attempt started.
    public var startedAt: Date?
    /// When the run reached a terminal status.
    public var finishedAt: Date?
    /// The worker holding the lease, while `running`.
    public var leaseOwner: WorkerID?
    /// When the lease expires unless renewed, while `running`.
    public var leaseExpiresAt: Date?
    /// Set when cancel was requested while `running`; the worker stops at the next step boundary.
    public var cancelRequested: Bool
    /// The step in progress as last reported by the worker.
    public var currentStep: String?
    /// What a `waiting` run waits for.
    public var wait: WaitCondition?

    /// Creates a run record.
    public init(
        id: RunID, job: String, queue: String, status: RunStatus, priority: Int = 0, payloadJSON: String,
        resultJSON: String? = nil, error: ErrorDetail? = nil, attempt: Int = 0, failures: Int = 0, maxAttempts: Int,
        retryPolicy: RetryPolicy, idempotencyKey: String? = nil, createdAt: Date, updatedAt: Date,
        runAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil, leaseOwner: WorkerID? = nil,
        leaseExpiresAt: Date? = nil, cancelRequested: Bool = false, currentStep: String? = nil,
        wait: WaitCondition? = nil
    ) {
        self.id = id
        self.job = job
        self.queue = queue
        self.status = status
        self.priority = priority
        self.payloadJSON = payloadJSON
        self.resultJSON = resultJSON
        self.error = error
        self.attempt = attempt
        self.failures = failures
        self.maxAttempts = maxAttempts
        self.retryPolicy = retryPolicy
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.runAt = runAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.cancelRequested = cancelRequested
        self.currentStep = currentStep
        self.wait = wait
    }
}

/// What a `waiting` run is paused for.
public struct WaitCondition: Sendable, Codable, Hashable {
    /// The wait or sleep step's name.
    public var step: String
    /// The event name, for an event wait; nil for a sleep.
    public var eventName: String?
    /// The correlation key, for an event wait.
    public var eventKey: String?
    /// The timeout (event wait) or wake-up time (sleep); nil waits for the event forever.
    public var until: Date?
    /// When the wait began.
    public var since: Date

    /// Creates a wait condition.
    public init(step: String, eventName: String? = nil, eventKey: String? = nil, until: Date? = nil, since: Date) {
        self.step = step
        self.eventName = eventName
        self.eventKey = eventKey
        self.until = until
        self.since = since
    }

    /// Whether this is a durable sleep rather than an event wait.
    public var isSleep: Bool { eventName == nil }
}
