import Foundation

/// How many runs of one queue are in one status, as a driver counts them for ``JobStore/queueSummaries(_:)``.
public struct QueueStatusCount: Sendable, Hashable {
    /// The queue.
    public var queue: String
    /// The status.
    public var status: RunStatus
    /// How many runs.
    public var count: Int
    /// When the oldest of them joined the queue, where known.
    public var oldestQueuedAt: Date?

    /// Creates a count.
    public init(queue: String, status: RunStatus, count: Int, oldestQueuedAt: Date? = nil) {
        self.queue = queue
        self.status = status
        self.count = count
        self.oldestQueuedAt = oldestQueuedAt
    }
}

extension QueueSummary {
    /// One summary per queue, by name, from the stored queue settings and the counted runs. A queue known only
    /// from its runs has the settings a new queue gets; the oldest queued time is that of `queued` runs.
    public static func summaries(queues: [QueueRecord], counts: [QueueStatusCount]) -> [QueueSummary] {
        var settings: [String: QueueRecord] = [:]
        for queue in queues { settings[queue.name] = queue }
        var statusCounts: [String: [RunStatus: Int]] = [:]
        var oldestQueued: [String: Date] = [:]
        for count in counts {
            statusCounts[count.queue, default: [:]][count.status] = count.count
            if count.status == .queued, let oldest = count.oldestQueuedAt { oldestQueued[count.queue] = oldest }
            if settings[count.queue] == nil {
                settings[count.queue] = QueueRecord(name: count.queue, updatedAt: Date(timeIntervalSince1970: 0))
            }
        }
        return settings.values.sorted { $0.name < $1.name }.map { queue in
            QueueSummary(
                queue: queue, counts: statusCounts[queue.name] ?? [:], oldestQueuedAt: oldestQueued[queue.name])
        }
    }
}
