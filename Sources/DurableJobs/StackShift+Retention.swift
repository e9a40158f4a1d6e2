import Foundation
import JobStore

extension StackShift {
    /// Sets how long finished runs are kept in every queue without a policy of its own, for every process
    /// using this database; nil returns to ``RetentionPolicy/standard`` (completed and canceled runs 7 days,
    /// failed runs 30 days). Workers delete runs past it in the background (see ``RetentionPolicy``).
    @discardableResult
    public func configure(retention: RetentionPolicy?) async throws -> RetentionSettings {
        try await setRetention(queue: nil, retention, audit: nil)
    }

    /// Sets a queue's policy, or the store's when `queue` is nil, recorded with `audit` when an operator does it.
    func setRetention(
        queue: String?, _ policy: RetentionPolicy?, audit: AuditNote?
    ) async throws
        -> RetentionSettings
    {
        try await store.setRetention(SetRetentionParams(queue: queue, policy: policy, now: clock.now(), audit: audit))
    }

    /// The error for a run id no run has: ``JobStoreError/runPruned(_:)`` when the prune history covers it
    /// (a run created before the newest one pruned), else ``JobStoreError/runNotFound(_:)``.
    func missingRun(_ runId: RunID) async -> JobStoreError {
        (try? await wasPruned(runId)) == true ? .runPruned(runId) : .runNotFound(runId)
    }

    /// Whether a run id no run has belongs to a run a prune deleted (see ``PruneHistory/covers(_:)``).
    func wasPruned(_ runId: RunID) async throws -> Bool {
        try await store.retentionSettings().history.covers(runId)
    }

    /// `error`, with a run not found told apart from a run pruned.
    func explainingPruned(_ error: any Error) async -> any Error {
        guard case JobStoreError.runNotFound(let runId) = error else { return error }
        return await missingRun(runId)
    }
}
