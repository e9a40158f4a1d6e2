import Foundation
import JobStore

/// What the console has loaded from the store. The display shows a frozen copy while paused.
public struct ConsoleData: Sendable, Hashable {
    /// Queue summaries, in the store's order; nil before the first load.
    public var queues: [QueueSummary]?
    /// The runs the last run query returned, newest first.
    public var runs: [RunRecord]
    /// The query `runs` answers; nil before the first load.
    public var runsQuery: RunQuery?
    /// The open run's detail.
    public var detail: RunDetail?
    /// Waiting runs, for the waits view; nil before the first load.
    public var waits: [RunRecord]?
    /// Recent events no run consumed, for the waits view.
    public var unconsumedEvents: [EventRecord] = []
    /// Recent events, newest first, for the events view; nil before the first load.
    public var events: [EventRecord]?
    /// The webhook deliveries `stackshift serve` refused (dead letters), newest first, for the events view; nil
    /// before the first load.
    public var rejectedWebhooks: [RejectedWebhook]?
    /// State values in key order; nil before the first load.
    public var stateEntries: [StateEntry]?
    /// The key prefix `stateEntries` and `locks` answer.
    public var statePrefix = ""
    /// Unexpired locks in key order.
    public var locks: [LockRecord] = []
    /// Schedules by name; nil before the first load.
    public var schedules: [ScheduleRecord]?
    /// The runs schedules last started, by id, for their status.
    public var scheduleRuns: [RunID: RunRecord] = [:]
    /// Registered workers, most recent heartbeat first; nil before the first load.
    public var workers: [WorkerRecord]?
    /// Running runs per lease owner.
    public var runsInHand: [WorkerID: Int] = [:]
    /// How long without a heartbeat before a worker counts as gone: the engine's setting, loaded with the
    /// workers so the console and the engine never disagree.
    public var workerLiveness: TimeInterval = .infinity
    /// Failure groups, largest first; nil before the first load.
    public var failureGroups: [FailureGroup]?
    /// The start of the window `failureGroups` counts.
    public var failureSince: Date?
    /// Operator actions, newest first; nil before the first load.
    public var auditEntries: [AuditEntry]?
    /// What the overview shows; nil before the first load.
    public var overview: OverviewData?
    /// Run activity per queue over the last hour, for the queues view's charts; nil before the first load.
    public var queueActivity: [ActivityBucket]?
    /// The window and buckets `queueActivity` answers.
    public var queueActivityQuery: RunActivityQuery?
    /// The store's retention settings: the policy of queues without their own, and what has been pruned; nil
    /// before the first load.
    public var retention: RetentionSettings?
    /// When this data was current: the display's "now" for ages and durations.
    public var capturedAt: Date

    /// Creates loaded data.
    public init(
        queues: [QueueSummary]? = nil, runs: [RunRecord] = [], runsQuery: RunQuery? = nil, detail: RunDetail? = nil,
        capturedAt: Date
    ) {
        self.queues = queues
        self.runs = runs
        self.runsQuery = runsQuery
        self.detail = detail
        self.capturedAt = capturedAt
    }
}

/// Where the cursor and scroll stand in the run view, per section.
public struct RunViewState: Sendable, Hashable {
    /// The section shown.
    public var tab: RunDetailTab = .timeline
    /// The cursor line per section (JSON sections fold at the cursor).
    public var cursor: [RunDetailTab: Int] = [:]
    /// The first visible line per section.
    public var scroll: [RunDetailTab: Int] = [:]
    /// Folded JSON paths per section.
    public var folded: [RunDetailTab: Set<String>] = [:]
    /// Whether the logs section keeps the newest line in view.
    public var followLogs = true
    /// The `/` search in the sections, kept across sections and reloads of this run.
    public var search = SectionSearch()

    /// Creates the run view's initial state.
    public init() {}
}
