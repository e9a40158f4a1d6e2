import Foundation
import JobStore
import Synchronization

/// The workers' housekeeping that deletes finished runs past their retention (see ``RetentionPolicy``).
///
/// About every ``interval`` of clock time one worker tick of a client runs a pass. It deletes in short
/// transactions sized so each holds the writer about ``batchBudget`` (``Pacing``), and after each leaves the
/// database to the work for twice as long as the batch held it, so claims and steps keep their normal latency
/// while a backlog drains: every write queued behind a batch waits for all of it. (`stackshift bench --only
/// soak` at 1,192 runs/s on SQLite: fixed 50-run batches took the start→end p99 from 10.4 ms before deleting
/// began to 15–17 ms after; 500-run batches back to back, at 977 runs/s, from 9 ms to 65 ms.) Sizes and
/// pauses follow the time a batch held the writer (``PruneResult/took``), not the time it waited for it: a
/// pass that backed off for every wait would fall behind a busy database, which then grows.
///
/// Every process with workers runs passes: on SQLite their batches take turns at the one writer, on
/// PostgreSQL they skip each other's rows.
final class RetentionPass: Sendable {
    /// How often a pass starts, in clock seconds.
    static let interval: TimeInterval = 10
    /// How long one batch should hold the writer: about one step save's own time, so a write queued behind a
    /// batch waits little longer than behind another run's step.
    static let batchBudget = Duration.milliseconds(1)
    /// Batches one pass deletes at most, so a pass ends even while runs finish as fast as it deletes them;
    /// the next pass goes on.
    static let maximumBatches = 20_000

    /// How a drain sizes its batches.
    struct Pacing: Sendable {
        /// The batch size is kept so a batch holds the writer about this long.
        var budget: Duration
        /// The smallest and largest batch.
        var sizes: ClosedRange<Int>

        /// The next batch's size after `count` runs held the writer for `took`: the runs that fit the budget at
        /// the rate just measured, within ``sizes``, never more than twice the last size so one quick batch
        /// cannot make the next a long one.
        func nextSize(after count: Int, took: Duration, current: Int) -> Int {
            guard count > 0 else { return current }
            let perRun = max(took / count, .nanoseconds(1))
            let fitting = budget / perRun
            // Range-checked before converting: a batch timed at a few nanoseconds makes `fitting` huge.
            let size = fitting.isFinite ? Int(min(max(fitting, 0), Double(sizes.upperBound))) : sizes.upperBound
            return min(max(size, sizes.lowerBound), sizes.upperBound, max(current, 1) * 2)
        }
    }

    /// The pass's pacing: batches of 5 to 500 runs, each about ``batchBudget``.
    static let pacing = Pacing(budget: batchBudget, sizes: 5...500)

    private struct State {
        var lastStart: Date?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Starts a pass in a task of its own when one is due and none is running in this client: the tick that
    /// calls this is the worker's heartbeat loop, which a long pass must not hold up.
    func runIfDue(_ client: StackShift) {
        let now = client.clock.now()
        state.withLock { state in
            guard state.task == nil, state.lastStart.map({ now.timeIntervalSince($0) >= Self.interval }) ?? true
            else { return }
            state.lastStart = now
            state.task = Task { [weak client] in
                guard let client else { return }
                do {
                    let deleted = try await self.run(client.store, now: now)
                    if deleted > 0 { client.logger.debug("retention deleted \(deleted) finished runs") }
                } catch {
                    client.logger.warning("could not delete runs past their retention: \(error)")
                }
                self.state.withLock { $0.task = nil }
            }
        }
    }

    /// Stops a pass in progress after its current batch, and waits for it.
    func stop() async {
        let task = state.withLock { $0.task }
        task?.cancel()
        await task?.value
    }

    /// Deletes every run past its retention at `now`, batch by batch; returns how many went.
    func run(_ store: any JobStore, now: Date) async throws -> Int {
        var deleted = 0
        try await Self.drain(
            store, PruneRunsParams(limit: Self.pacing.sizes.lowerBound * 4, now: now), pacing: Self.pacing,
            maximumBatches: Self.maximumBatches, deleted: &deleted)
        return deleted
    }

    /// Deletes what `params` selects, one batch after another, until none is left or `maximumBatches` ran;
    /// `deleted` counts as it goes, so a caller knows how many went when a batch fails part way.
    ///
    /// With `pacing`, the first batch is `params.limit` runs, each next one sized to the budget, and after each
    /// the database is left to the work for twice as long as the batch held the writer (at most a third of its
    /// time goes to deleting: still thousands of runs a second); a cancelled task ends the drain in that pause.
    /// Without, every batch is `params.limit` runs and other tasks of this process only get the executor
    /// between them.
    static func drain(
        _ store: any JobStore, _ params: PruneRunsParams, pacing: Pacing?, maximumBatches: Int, deleted: inout Int
    ) async throws {
        var params = params
        for _ in 0..<maximumBatches {
            let result = try await store.pruneRuns(params)
            deleted += result.count
            guard result.more else { return }
            guard let pacing else {
                await Task.yield()
                continue
            }
            params.limit = pacing.nextSize(after: result.count, took: result.took, current: params.limit)
            do {
                try await Task.sleep(for: max(.milliseconds(1), result.took * 2))
            } catch {
                return
            }
        }
    }
}
