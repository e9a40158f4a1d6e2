import Foundation
import JobStore

/// The health of the whole system at one moment: run activity over a window, what needs attention, every
/// queue and every worker. What the console's overview draws and what `stackshift bench` times.
public struct SystemOverview: Sendable, Hashable {
    /// Runs started, completed, failed, retried and canceled per bucket, job and queue over the window.
    public var activity: [ActivityBucket]
    /// What needs attention, most urgent first; empty when all is well.
    public var attention: [AttentionItem]
    /// Every queue with its depth (finished runs are not counted).
    public var queues: [QueueSummary]
    /// The workers and the runs each holds.
    public var workers: WorkerActivity

    /// Creates an overview.
    public init(
        activity: [ActivityBucket], attention: [AttentionItem], queues: [QueueSummary], workers: WorkerActivity
    ) {
        self.activity = activity
        self.attention = attention
        self.queues = queues
        self.workers = workers
    }
}

extension Operations {
    /// The system's overview over a window: one read per panel (the activity counts, what needs attention,
    /// queues, workers), each over an index, so it stays cheap at any number of runs.
    public func overview(_ query: RunActivityQuery) async throws -> SystemOverview {
        // Every panel's reads are independent (a SQLite file and PostgreSQL both serve readers side by side):
        // the refresh costs the slowest, not the sum. The attention list takes the same queues and workers.
        let now = now()
        async let activity = runActivity(query)
        async let queueSummaries = queues(finishedSince: now)
        async let workerActivity = workers()
        async let found = storeAttention(now: now)
        let queues = try await queueSummaries
        let workers = try await workerActivity
        let attention = Self.ranked(
            try await found + Self.attentionItems(queues: queues, workers: workers, now: now))
        return SystemOverview(activity: try await activity, attention: attention, queues: queues, workers: workers)
    }
}
