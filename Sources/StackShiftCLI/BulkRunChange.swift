import Console
import Foundation
import JobStore

/// Retrying or canceling many runs: which runs a filter selects, and changing each in turn.
///
/// The console's bulk keys and `stackshift runs retry|cancel` share it, so a filter selects the same runs and
/// a run is changed the same way from either.
struct BulkRunChange {
    /// The page size when collecting the runs a filter selects.
    static let pageSize = 1000

    /// What one run became.
    enum Changed {
        /// Queued again.
        case retried(RunRecord)
        /// Canceled, or asked to stop at its next step.
        case canceled(CancelRunResult)
    }

    /// How many runs changed, how many could not, and why the first of those could not.
    struct Tally: Sendable, Hashable {
        var succeeded = 0
        var failed = 0
        var firstError: String?
    }

    let store: any JobStore
    let clock: any JobClock

    /// The ids of the runs `query` matches, newest first, paging with `beforeId`: at most `limit`, and whether
    /// more match. `query.limit` is ignored.
    func selectRuns(_ query: RunQuery, limit: Int) async throws -> (ids: [RunID], truncated: Bool) {
        var ids: [RunID] = []
        var page = query
        page.limit = Self.pageSize
        while ids.count < limit {
            let runs = try await store.listRuns(page)
            ids += runs.map(\.id).prefix(limit - ids.count)
            guard runs.count == page.limit, let last = runs.last else { return (ids, false) }
            page.beforeId = last.id
        }
        page.limit = 1
        return (ids, !(try await store.listRuns(page)).isEmpty)
    }

    /// Retries (keeping completed steps unless `fresh`) or cancels one run.
    func change(_ kind: BulkKind, _ id: RunID, fresh: Bool = false, reason: String) async throws -> Changed {
        let now = clock.now()
        switch kind {
        case .retry:
            return .retried(try await store.retryRun(RetryRunParams(runId: id, fresh: fresh, now: now)))
        case .cancel:
            return .canceled(try await store.cancelRun(CancelRunParams(runId: id, reason: reason, now: now)))
        }
    }

    /// Changes each run in turn; one that cannot be changed (it moved on meanwhile, say) does not stop the
    /// others. `report` hears each outcome as it happens.
    func change(
        _ kind: BulkKind, _ ids: [RunID], fresh: Bool = false, reason: String,
        report: (RunID, Result<Changed, any Error>) -> Void = { _, _ in }
    ) async -> Tally {
        var tally = Tally()
        for id in ids {
            do {
                report(id, .success(try await change(kind, id, fresh: fresh, reason: reason)))
                tally.succeeded += 1
            } catch {
                report(id, .failure(error))
                tally.failed += 1
                if tally.firstError == nil { tally.firstError = "\(id): \(describe(error))" }
            }
        }
        return tally
    }
}
