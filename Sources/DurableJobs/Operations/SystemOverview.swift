import Foundation
import JobStore

/// The health of the whole system at one moment: run activity over a window, what needs attention, every
/// queue and every worker. What the console's overview draws and what `stackshift bench` times.
public struct SystemOverview: Sendable, Hashable {
    /// Runs started, completed, failed, retried and canceled per bucket, job and queue over the window.
    public var activity: [ActivityBucket]
    /// What needs attention, most urgent first; empty when all is well.
    public var attention: [AttentionItem]
    /// Every queue with its depth (finished runs counted over the last hour).
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
        // The panels' reads are independent (a SQLite file and PostgreSQL both serve readers side by side): the
        // refresh costs the slowest chain, not the sum. The attention list looks at the same queues and workers,
        // read once.
        async let activity = runActivity(query)
        async let queueSummaries = queues(finishedSince: now().addingTimeInterval(-3600))
        async let workerActivity = workers()
        let queues = try await queueSummaries
        let workers = try await workerActivity
        let attention = try await attention(queues: queues, workers: workers)
        return SystemOverview(activity: try await activity, attention: attention, queues: queues, workers: workers)
    }
}
