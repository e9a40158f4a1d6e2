import Foundation

/// A queued run a claim may take, with when it joined its queue: the claim order after priority.
public struct ClaimCandidate: Sendable, Hashable {
    /// The run, as read.
    public var run: RunRecord
    /// When it joined its queue.
    public var queuedAt: Date

    /// Creates a candidate.
    public init(run: RunRecord, queuedAt: Date) {
        self.run = run
        self.queuedAt = queuedAt
    }
}

extension ClaimRunsParams {
    /// The worker's queues without repeats, in the order it gave them.
    public var distinctQueues: [String] {
        var queues: [String] = []
        for queue in self.queues where !queues.contains(queue) { queues.append(queue) }
        return queues
    }

    /// Whether the claim takes nothing whatever the store holds: no runs asked for, no queues or no jobs.
    public var claimsNothing: Bool {
        limit <= 0 || queues.isEmpty || jobs.isEmpty
    }

    /// How many runs the claim may take from one queue: its free slots under `concurrencyLimit` (nil is
    /// unlimited) with `running` runs running across all workers, and never more than ``limit``.
    public func slots(concurrencyLimit: Int?, running: Int) -> Int {
        let free = concurrencyLimit.map { max(0, $0 - running) } ?? limit
        return min(free, limit)
    }

    /// The runs to claim from every queue's best candidates: highest priority first, then the longest
    /// queued, then the smallest id; at most ``limit``.
    public func picking(_ candidates: [ClaimCandidate]) -> [RunRecord] {
        let ordered = candidates.sorted { lhs, rhs in
            if lhs.run.priority != rhs.run.priority { return lhs.run.priority > rhs.run.priority }
            if lhs.queuedAt != rhs.queuedAt { return lhs.queuedAt < rhs.queuedAt }
            return lhs.run.id < rhs.run.id
        }
        return ordered.prefix(max(0, limit)).map(\.run)
    }
}
