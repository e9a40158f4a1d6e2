import Foundation

/// A filter for ``JobStore/countRuns(_:)``: the status, job and queue fields of ``RunQuery``. Empty
/// fields match everything.
public struct RunCountParams: Sendable, Hashable {
    /// Only these statuses.
    public var statuses: Set<RunStatus>
    /// Only this job.
    public var job: String?
    /// Only this queue.
    public var queue: String?

    /// Creates a filter.
    public init(statuses: Set<RunStatus> = [], job: String? = nil, queue: String? = nil) {
        self.statuses = statuses
        self.job = job
        self.queue = queue
    }
}

/// How many runs of one job on one queue are in one status, as ``JobStore/countRuns(_:)`` reports.
public struct RunCount: Sendable, Codable, Hashable {
    /// The job.
    public var job: String
    /// The queue.
    public var queue: String
    /// The status.
    public var status: RunStatus
    /// How many runs match; always at least 1 (empty groups are not reported).
    public var count: Int

    /// Creates a count.
    public init(job: String, queue: String, status: RunStatus, count: Int) {
        self.job = job
        self.queue = queue
        self.status = status
        self.count = count
    }
}
