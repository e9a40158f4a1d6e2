import Foundation
import JobStore

extension Operations {
    /// The store's retention policy for queues without their own, and what has been pruned so far.
    public func retention() async throws -> RetentionSettings {
        try await store.retentionSettings()
    }

    /// Sets how long a queue's finished runs are kept, or (with `queue` nil) every queue's without its own;
    /// a nil policy clears it. A queue never seen is refused, so a typo does not create a phantom queue.
    @discardableResult
    public func setRetention(
        queue: String?, _ policy: RetentionPolicy?, by actor: Operator
    ) async throws
        -> RetentionSettings
    {
        let detail =
            policy.map(\.spelledOut) ?? "follow " + (queue == nil ? "the standard policy" : "the store's")
        return try await perform(.setRetention, target: queue ?? "*", detail: detail, by: actor) { note in
            if let queue { try await requireQueue(queue) }
            return try await client.setRetention(queue: queue, policy, audit: note)
        }
    }

    /// Deletes finished runs now, in batches of ``PruneOutcome/batchSize``, or with `dryRun` counts them: those that
    /// finished more than `olderThan` seconds ago (nil: past their queue's retention), of `statuses`, of
    /// `queue` (nil: every queue). Recorded once in the audit trail with how many went, also when a batch
    /// fails part way (the batches before it stay deleted; running it again goes on).
    public func pruneRuns(
        olderThan: TimeInterval?, statuses: Set<RunStatus> = PruneRunsParams.finished, queue: String? = nil,
        dryRun: Bool = false, by actor: Operator
    ) async throws -> PruneOutcome {
        let now = now()
        let params = PruneRunsParams(
            age: olderThan.map { .finishedBefore($0) } ?? .retention, statuses: statuses, queue: queue,
            limit: dryRun ? PruneOutcome.sampleSize : PruneOutcome.batchSize, dryRun: dryRun, now: now)
        try params.validate()
        if let queue { try await requireQueue(queue) }
        if dryRun {
            let result = try await store.pruneRuns(params)
            return PruneOutcome(count: result.count, sample: result.runIds, dryRun: true)
        }
        let note = actor.note(.pruneRuns, target: queue ?? "*", detail: Self.pruneText(params))
        var deleted = 0
        do {
            // Unbounded in batches, yet it ends: `now` is fixed, so runs finishing meanwhile are not selected.
            try await RetentionPass.drain(store, params, pacing: .none, maximumBatches: .max, deleted: &deleted)
        } catch {
            await record(
                note, outcome: "failed after \(deleted) run\(deleted == 1 ? "" : "s") pruned: \(Self.describe(error))")
            throw error
        }
        await record(note, outcome: "done: \(deleted) run\(deleted == 1 ? "" : "s") pruned")
        return PruneOutcome(count: deleted, sample: [], dryRun: false)
    }

    /// Whether a run id no run has belongs to a run deleted by retention or a prune (see
    /// ``PruneHistory/covers(_:)``), rather than to no run at all.
    public func wasPruned(_ runId: RunID) async throws -> Bool {
        try await client.wasPruned(runId)
    }

    private static func pruneText(_ params: PruneRunsParams) -> String {
        let age: String
        switch params.age {
        case .retention: age = "past their retention"
        case .finishedBefore(let seconds): age = "finished over \(DurationText.format(seconds)) ago"
        }
        let statuses = params.statuses.map(\.rawValue).sorted().joined(separator: ", ")
        return "\(statuses) runs \(age)" + (params.queue.map { " in queue \($0)" } ?? "")
    }
}

/// What an operator's prune deleted, or for a dry run would delete.
public struct PruneOutcome: Sendable, Hashable, Codable {
    /// Runs deleted, or that a dry run found.
    public var count: Int
    /// For a dry run, the first runs that would go (at most ``sampleSize``), oldest finished first.
    public var sample: [RunID]
    /// Whether nothing was deleted.
    public var dryRun: Bool

    /// How many run ids a dry run lists.
    public static let sampleSize = 20
    /// Runs an operator's prune deletes per transaction: larger than the background pass's, as the operator
    /// chose the moment; still short enough that workers' writes wait tens of milliseconds at most.
    public static let batchSize = 500
}
