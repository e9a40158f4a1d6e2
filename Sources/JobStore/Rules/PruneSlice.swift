import Foundation

/// One part of what a prune selects: finished runs of one status that finished before a time, of one queue
/// or of every queue but those with a policy of their own. Each driver turns a slice into one indexed range
/// scan (status, finished time), so every driver selects the same runs.
public struct PruneSlice: Sendable, Hashable {
    /// The finished status.
    public var status: RunStatus
    /// Runs that finished strictly before this time go.
    public var finishedBefore: Date
    /// Only this queue's runs; nil for every queue but ``excludedQueues``.
    public var queue: String?
    /// Queues left out: those with their own policy, pruned by slices of their own.
    public var excludedQueues: [String]

    /// Creates a slice.
    public init(status: RunStatus, finishedBefore: Date, queue: String? = nil, excludedQueues: [String] = []) {
        self.status = status
        self.finishedBefore = finishedBefore
        self.queue = queue
        self.excludedQueues = excludedQueues
    }
}

extension PruneRunsParams {
    /// The slices these parameters select, given the store's policy and the queues with their own: for an
    /// explicit age, one per status; for retention, one per status and queue with its own policy, plus one per
    /// status for every other queue under the store's policy.
    public func slices(policy: RetentionPolicy, queuePolicies: [String: RetentionPolicy]) -> [PruneSlice] {
        let ordered = statuses.sorted { $0.rawValue < $1.rawValue }
        switch age {
        case .finishedBefore(let seconds):
            let cutoff = now.addingTimeInterval(-seconds)
            return ordered.map { PruneSlice(status: $0, finishedBefore: cutoff, queue: queue) }
        case .retention:
            let own = queuePolicies.filter { queue == nil || $0.key == queue }.sorted { $0.key < $1.key }
            var slices: [PruneSlice] = []
            for status in ordered {
                for (name, queuePolicy) in own {
                    guard let period = queuePolicy.period(for: status) else { continue }
                    slices.append(
                        PruneSlice(status: status, finishedBefore: now.addingTimeInterval(-period), queue: name))
                }
                if let queue, queuePolicies[queue] != nil { continue }
                guard let period = policy.period(for: status) else { continue }
                slices.append(
                    PruneSlice(
                        status: status, finishedBefore: now.addingTimeInterval(-period), queue: queue,
                        excludedQueues: queue == nil ? queuePolicies.keys.sorted() : []))
            }
            return slices
        }
    }
}

extension PruneHistory {
    /// The history after `count` more runs, the newest created at `newestCreatedAt`, were deleted at `now`.
    public func adding(_ count: Int, newestCreatedAt created: Date?, at now: Date) -> PruneHistory {
        guard count > 0 else { return self }
        let newest = [newestCreatedAt, created].compactMap { $0 }.max()
        return PruneHistory(
            runs: runs.addingReportingOverflow(Int64(count)).overflow ? .max : runs + Int64(count),
            newestCreatedAt: newest, lastPrunedAt: now)
    }
}
