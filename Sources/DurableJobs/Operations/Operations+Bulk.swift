import Foundation
import JobStore

extension Operations {
    /// The page size when collecting the runs a filter selects.
    static let selectionPageSize = 1000

    /// The ids of the runs `query` matches, newest first, paging with `beforeId`: at most `limit`, and whether
    /// more match. `query.limit` is ignored. The console's bulk keys and `stackshift runs retry|cancel --all`
    /// both select through here, so a filter selects the same runs from either.
    public func selectRuns(_ query: RunQuery, limit: Int) async throws -> RunSelection {
        var ids: [RunID] = []
        var page = query
        page.limit = Self.selectionPageSize
        while ids.count < limit {
            let runs = try await store.listRuns(page)
            let room = limit - ids.count
            // A page holding more than the room left means more matched than the limit lets through.
            if runs.count > room { return RunSelection(ids: ids + runs.prefix(room).map(\.id), truncated: true) }
            ids += runs.map(\.id)
            guard runs.count == page.limit, let last = runs.last else {
                return RunSelection(ids: ids, truncated: false)
            }
            page.beforeId = last.id
        }
        page.limit = 1
        return RunSelection(ids: ids, truncated: !(try await store.listRuns(page)).isEmpty)
    }

    /// Retries each run in turn; one that cannot be retried does not stop the others. `report` hears each
    /// outcome as it happens.
    public func retryEach(
        _ ids: [RunID], from start: RetryStart = .keepingCompletedSteps, by actor: Operator,
        report: (RunID, Result<RunRecord, any Error>) -> Void = { _, _ in }
    ) async -> BulkTally {
        await each(ids, report: report) { id in try await retry(id, from: start, by: actor) }
    }

    /// Cancels each run in turn; one that cannot be canceled does not stop the others. `report` hears each
    /// outcome as it happens.
    public func cancelEach(
        _ ids: [RunID], reason: String? = nil, by actor: Operator,
        report: (RunID, Result<CancelRunResult, any Error>) -> Void = { _, _ in }
    ) async -> BulkTally {
        await each(ids, report: report) { id in try await cancel(id, reason: reason, by: actor) }
    }

    private func each<Changed>(
        _ ids: [RunID], report: (RunID, Result<Changed, any Error>) -> Void,
        _ change: (RunID) async throws -> Changed
    ) async -> BulkTally {
        var tally = BulkTally()
        for id in ids {
            do {
                report(id, .success(try await change(id)))
                tally.succeeded += 1
            } catch {
                report(id, .failure(error))
                tally.failed += 1
                if tally.firstError == nil { tally.firstError = "\(id): \(Self.describe(error))" }
            }
        }
        return tally
    }

    /// An error as one line for a person: the store's own wording when it has one.
    public static func describe(_ error: any Error) -> String {
        (error as? JobStoreError)?.description ?? (error as? JobError)?.message ?? String(describing: error)
    }
}
