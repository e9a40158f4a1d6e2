import Foundation
import JobStore

/// What the overview shows, read together: one read per panel, so each panel is as fresh as the others.
public struct OverviewData: Sendable, Hashable {
    /// Runs started, completed, failed and retried per bucket, job and queue over the window, oldest first.
    public var activity: [ActivityBucket]
    /// The window and bucket `activity` answers.
    public var query: RunActivityQuery
    /// What needs attention, most urgent first (``AttentionItem``); empty when all is well.
    public var attention: [AttentionItem]
    /// Every queue with its depth.
    public var queues: [QueueSummary]
    /// Registered workers, most recent heartbeat first.
    public var workers: [WorkerRecord]
    /// Running runs per lease owner.
    public var runsInHand: [WorkerID: Int]
    /// How long without a heartbeat before a worker counts as gone (the engine's setting).
    public var workerLiveness: TimeInterval

    /// Creates the overview's data.
    public init(
        activity: [ActivityBucket], query: RunActivityQuery, attention: [AttentionItem], queues: [QueueSummary],
        workers: [WorkerRecord], runsInHand: [WorkerID: Int] = [:], workerLiveness: TimeInterval = .infinity
    ) {
        self.activity = activity
        self.query = query
        self.attention = attention
        self.queues = queues
        self.workers = workers
        self.runsInHand = runsInHand
        self.workerLiveness = workerLiveness
    }
}

/// A panel of the overview: Tab moves the focus between them, Enter opens the focused one.
public enum OverviewPanel: String, Sendable, CaseIterable, Hashable {
    /// What needs attention, ranked.
    case attention
    /// Runs started, completed and failed over time.
    case activity
    /// Start→completion times per job.
    case latency
    /// Queues and workers, compact.
    case queues

    /// The panel's title.
    public var title: String {
        switch self {
        case .attention: "Needs attention"
        case .activity: "Throughput"
        case .latency: "Latency"
        case .queues: "Queues"
        }
    }
}
