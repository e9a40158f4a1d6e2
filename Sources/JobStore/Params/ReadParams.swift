import Foundation

/// Parameters of ``JobStore/runDetail(_:)``.
public struct RunDetailParams: Sendable, Hashable {
    /// The run.
    public var runId: RunID
    /// The most recent log lines to include.
    public var logLimit: Int

    /// Creates the parameters.
    public init(runId: RunID, logLimit: Int = 1000) {
        self.runId = runId
        self.logLimit = logLimit
    }
}

/// A filter for ``JobStore/listRuns(_:)``. Empty fields match everything.
public struct RunQuery: Sendable, Hashable {
    /// Only these statuses.
    public var statuses: Set<RunStatus>
    /// Only this job.
    public var job: String?
    /// Only this queue.
    public var queue: String?
    /// Only runs with a searched text (see ``RunSearch``) containing this text, ASCII case-insensitively.
    public var text: String?
    /// Only runs with an attempt that failed with this signature in a window (a failure group's runs).
    public var failure: FailureMatch?
    /// Only runs created before this id (ids sort by creation), for paging.
    public var beforeId: RunID?
    /// The most runs to return.
    public var limit: Int

    /// Creates a filter.
    public init(
        statuses: Set<RunStatus> = [], job: String? = nil, queue: String? = nil, text: String? = nil,
        failure: FailureMatch? = nil, beforeId: RunID? = nil, limit: Int = 100
    ) {
        self.statuses = statuses
        self.job = job
        self.queue = queue
        self.text = text
        self.failure = failure
        self.beforeId = beforeId
        self.limit = limit
    }
}

/// The runs of one ``FailureGroup``: those with an attempt that failed or crashed with `signature` at or after
/// `since`.
public struct FailureMatch: Sendable, Hashable, Codable {
    /// The ``FailureSignature`` the attempt stored.
    public var signature: String
    /// The start of the window the attempt ended in.
    public var since: Date

    /// Creates a match.
    public init(signature: String, since: Date) {
        self.signature = signature
        self.since = since
    }
}

/// Parameters of ``JobStore/queueSummaries(_:)``.
public struct QueueSummaryParams: Sendable, Hashable {
    /// Terminal runs are counted when they finished after this time (for "completed in the last hour").
    public var finishedSince: Date

    /// Creates the parameters.
    public init(finishedSince: Date) {
        self.finishedSince = finishedSince
    }
}

/// Parameters of ``JobStore/changes(_:)``.
public struct ChangesParams: Sendable, Hashable {
    /// Entries with a greater sequence are returned.
    public var after: Int64
    /// The most entries to return.
    public var limit: Int

    /// Creates the parameters.
    public init(after: Int64, limit: Int = 1000) {
        self.after = after
        self.limit = limit
    }
}

/// Parameters of ``JobStore/listWorkers(_:)``.
public struct WorkerQuery: Sendable, Hashable {
    /// Only workers whose last heartbeat is at or after this time; nil lists all.
    public var heartbeatSince: Date?

    /// Creates the parameters.
    public init(heartbeatSince: Date? = nil) {
        self.heartbeatSince = heartbeatSince
    }
}

/// Parameters of ``JobStore/removeWorker(_:)``.
public struct RemoveWorkerParams: Sendable, Hashable {
    /// The worker.
    public var workerId: WorkerID
    /// The current time.
    public var now: Date
    /// The operator removing it, recorded in the audit trail with the removal; nil for a worker's own removal.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(workerId: WorkerID, now: Date, audit: AuditNote? = nil) {
        self.workerId = workerId
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/configureQueue(_:)``.
public struct ConfigureQueueParams: Sendable, Hashable {
    /// The queue.
    public var name: String
    /// The most runs running at once across all workers; nil is unlimited.
    public var concurrencyLimit: Int?
    /// The default retry policy for runs started on it without one.
    public var retryPolicy: RetryPolicy?
    /// The current time.
    public var now: Date
    /// The operator configuring it, recorded in the audit trail with the change; nil for the engine's own calls.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(
        name: String, concurrencyLimit: Int?, retryPolicy: RetryPolicy? = nil, now: Date, audit: AuditNote? = nil
    ) {
        self.name = name
        self.concurrencyLimit = concurrencyLimit
        self.retryPolicy = retryPolicy
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/setQueuePaused(_:)``.
public struct SetQueuePausedParams: Sendable, Hashable {
    /// The queue.
    public var name: String
    /// Pause (true) or resume (false).
    public var paused: Bool
    /// The current time.
    public var now: Date
    /// The operator pausing or resuming it, recorded in the audit trail with the change; nil for the engine's
    /// own calls.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(name: String, paused: Bool, now: Date, audit: AuditNote? = nil) {
        self.name = name
        self.paused = paused
        self.now = now
        self.audit = audit
    }
}
