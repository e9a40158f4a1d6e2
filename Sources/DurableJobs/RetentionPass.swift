import Foundation
import JobStore
import Synchronization

/// The workers' housekeeping that deletes finished runs past their retention (see ``RetentionPolicy``).
///
/// About every ``interval`` of clock time one worker tick of a client runs a pass; it deletes in batches of
/// ``batchSize`` runs, one short transaction each, and leaves the database to the work between batches:
/// at least twice as long as a batch held it, and long enough that the pass's batches spread over half the
/// time until the next pass (as many batches as the last pass took), so deleting is a light, steady load
/// rather than a burst every ten seconds. A pass with more to delete than the last one catches up at the
/// twice-its-time pace once its half is spent.
///
/// Measured with `stackshift bench --only soak` on SQLite: 500-run batches back to back raised the start→end
/// p99 at 977 runs/s from 9 ms to 65 ms, since every write queued behind a batch waits for all of it. Batches
/// sized to hold the writer about 1 ms did worse than 50-run ones (p99 16.5 → 34 ms at 986 runs/s), as each
/// batch's bookkeeping and commit came five times as often. Deleting takes under 1% of the soak's CPU, so
/// what remained was the burst: a pass deleted ten seconds' runs in about a second at a third of the
/// writer's time, and the runs started in that second made the p99. Every process with workers runs
/// passes: on SQLite their batches take turns at the one writer, on PostgreSQL they skip each other's rows.
final class RetentionPass: Sendable {
    /// How often a pass starts, in clock seconds.
    static let interval: TimeInterval = 10
    /// Runs deleted per transaction: a batch holds the writer for a few milliseconds, about what one write of
    /// a run's step waits behind it.
    static let batchSize = 50
    /// Batches one pass deletes at most, so a pass ends even while runs finish as fast as it deletes them;
    /// the next pass goes on.
    static let maximumBatches = 20_000

    private struct State {
        var lastStart: Date?
        var task: Task<Void, Never>?
        /// When the last pass started, in real time: clocks may run faster than real time (tests, the soak).
        var lastStartInstant: ContinuousClock.Instant?
        /// Batches the last pass took.
        var lastBatches = 0
    }

    private let state = Mutex(State())

    /// Starts a pass in a task of its own when one is due and none is running in this client: the tick that
    /// calls this is the worker's heartbeat loop, which a long pass must not hold up.
    func runIfDue(_ client: StackShift) {
        let now = client.clock.now()
        let instant = ContinuousClock.now
        state.withLock { state in
            guard state.task == nil, state.lastStart.map({ now.timeIntervalSince($0) >= Self.interval }) ?? true
            else { return }
            // Half the real time since the last pass, so a pass ends well before the next is due.
            let budget = state.lastStartInstant.map { min(instant - $0, .seconds(Self.interval)) / 2 } ?? .zero
            let pacing = Pacing.spread(budget: budget, expectedBatches: state.lastBatches)
            state.lastStart = now
            state.lastStartInstant = instant
            state.task = Task { [weak client] in
                guard let client else { return }
                var batches = 0
                do {
                    let (deleted, taken) = try await self.run(client.store, now: now, pacing: pacing)
                    batches = taken
                    if deleted > 0 { client.logger.debug("retention deleted \(deleted) finished runs") }
                } catch {
                    client.logger.warning("could not delete runs past their retention: \(error)")
                }
                self.state.withLock {
                    $0.task = nil
                    $0.lastBatches = batches
                }
            }
        }
    }

    /// Stops a pass in progress after its current batch, and waits for it.
    func stop() async {
        let task = state.withLock { $0.task }
        task?.cancel()
        await task?.value
    }

    /// Deletes every run past its retention at `now`, batch by batch; returns how many runs went in how many
    /// batches.
    func run(_ store: any JobStore, now: Date, pacing: Pacing) async throws -> (deleted: Int, batches: Int) {
        var deleted = 0
        let batches = try await Self.drain(
            store, PruneRunsParams(limit: Self.batchSize, now: now), pacing: pacing,
            maximumBatches: Self.maximumBatches, deleted: &deleted)
        return (deleted, batches)
    }

    /// How a drain leaves the database to the work between its batches.
    enum Pacing: Sendable, Equatable {
        /// Back to back (an operator's prune): other tasks of this process only get the executor between
        /// batches.
        case none
        /// At least twice as long as each batch held the database (at most a third of the time goes to
        /// deleting: still thousands of runs a second), and, while `budget` lasts, long enough between batch
        /// starts that `expectedBatches` batches fill it.
        case spread(budget: Duration, expectedBatches: Int)

        /// The pause after a batch that took `took`, `elapsed` into the drain.
        func pause(after took: Duration, elapsed: Duration) -> Duration? {
            guard case .spread(let budget, let expected) = self else { return nil }
            let least = max(.milliseconds(1), took * 2)
            guard expected > 0, elapsed < budget else { return least }
            return max(least, budget / expected - took)
        }
    }

    /// Deletes what `params` selects, one batch of `params.limit` after another, until none is left or
    /// `maximumBatches` ran (paced, also when the task is cancelled: its pause ends the drain); `deleted`
    /// counts as it goes, so a caller knows how many went when a batch fails part way. Returns the batches.
    @discardableResult
    static func drain(
        _ store: any JobStore, _ params: PruneRunsParams, pacing: Pacing, maximumBatches: Int, deleted: inout Int
    ) async throws -> Int {
        let started = ContinuousClock.now
        for batch in 1...max(maximumBatches, 1) {
            let began = ContinuousClock.now
            let result = try await store.pruneRuns(params)
            deleted += result.count
            guard result.more else { return batch }
            let now = ContinuousClock.now
            guard let pause = pacing.pause(after: now - began, elapsed: now - started) else {
                await Task.yield()
                continue
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                return batch
            }
        }
        return maximumBatches
    }
}
