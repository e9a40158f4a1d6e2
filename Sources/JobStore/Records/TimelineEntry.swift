import Foundation

/// What happened to a run, as recorded on its timeline.
public enum TimelineKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// The run was created.
    case created
    /// A start with the same idempotency key returned this run instead of creating another.
    case deduplicated
    /// A scheduled run became due, or a waiting run woke, and joined its queue.
    case queued
    /// A worker claimed the run and began an attempt.
    case started
    /// A step completed and its result was stored.
    case stepCompleted
    /// A step threw.
    case stepFailed
    /// The run paused for an event.
    case waitingForEvent
    /// The run paused for a durable sleep.
    case sleeping
    /// A matching event arrived and was handed to the run.
    case eventReceived
    /// An event wait timed out.
    case timedOut
    /// The attempt failed and another is scheduled.
    case retryScheduled
    /// The run completed.
    case completed
    /// The run failed for good.
    case failed
    /// Cancel was requested while the run was running.
    case cancelRequested
    /// The run was canceled.
    case canceled
    /// The worker's lease expired; the attempt is recorded as crashed.
    case crashed
    /// A worker shut down and released the run.
    case released
    /// A person or script asked for the run to be retried.
    case retried
}

/// One entry of a run's append-only timeline. Its `sequence` is global and monotonic across all runs,
/// which makes the timeline the store's change feed.
public struct TimelineEntry: Sendable, Codable, Hashable {
    /// The global, strictly increasing sequence number.
    public var sequence: Int64
    /// The run it concerns.
    public var runId: RunID
    /// The run's queue, so a feed consumer can attribute the entry (a finished run, say) without a lookup.
    /// Every entry a store returns carries it; only entries built by hand may leave it empty.
    public var queue: String
    /// The run's job, for the same reason as ``queue``.
    public var job: String
    /// When it happened.
    public var at: Date
    /// What happened.
    public var kind: TimelineKind
    /// The run's status after it happened.
    public var status: RunStatus
    /// The attempt number, where it applies.
    public var attempt: Int?
    /// The step name, where it applies.
    public var step: String?
    /// A short human-readable description.
    public var message: String

    /// Creates a timeline entry.
    public init(
        sequence: Int64 = 0, runId: RunID, queue: String = "", job: String = "", at: Date, kind: TimelineKind,
        status: RunStatus, attempt: Int? = nil, step: String? = nil, message: String = ""
    ) {
        self.sequence = sequence
        self.runId = runId
        self.queue = queue
        self.job = job
        self.at = at
        self.kind = kind
        self.status = status
        self.attempt = attempt
        self.step = step
        self.message = message
    }
}

/// Everything recorded about one run.
public struct RunDetail: Sendable, Codable, Hashable {
    /// The run itself.
    public var run: RunRecord
    /// Its attempts, oldest first.
    public var attempts: [AttemptRecord]
    /// Its steps, in the order they first ran.
    public var steps: [StepRecord]
    /// Its log lines, oldest first.
    public var logs: [LogRecord]
    /// Its timeline, oldest first.
    public var timeline: [TimelineEntry]

    /// Creates a run detail.
    public init(
        run: RunRecord, attempts: [AttemptRecord], steps: [StepRecord], logs: [LogRecord],
        timeline: [TimelineEntry]
    ) {
        self.run = run
        self.attempts = attempts
        self.steps = steps
        self.logs = logs
        self.timeline = timeline
    }
}
