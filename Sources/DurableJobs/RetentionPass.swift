import Foundation
import JobStore
import Synchronization

/// The workers' housekeeping that deletes finished runs past their retention (see ``RetentionPolicy``).
///
/// About every ``interval`` of clock time one worker tick of a client runs a pass; it deletes in batches of
/// ``batchSize`` runs, one short transaction each, and after each batch leaves the database to the work for
/// twice as long as the batch held it, so claims and steps keep their normal latency while a backlog drains.
/// (`stackshift bench --only soak` on SQLite: 500-run batches back to back raised the start→end p99 at
/// 977 runs/s from 9 ms to 65 ms, since every write queued behind a batch waits for all of it. Batches sized
/// to hold the writer about 1 ms, paused by that hold alone, did worse than these 50-run ones at 986 runs/s:
/// p99 from 16.5 ms to 34 ms, as each batch's bookkeeping and commit came five times as often.) Every
/// process with workers runs passes: on SQLite their batches take turns at the one writer, on PostgreSQL
/// they skip each other's rows.
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
            store, PruneRunsParams(limit: Self.batchSize, now: now), paced: true, maximumBatches: Self.maximumBatches,
            deleted: &deleted)
        return deleted
    }

    /// Deletes what `params` selects, one batch of `params.limit` after another, until none is left or
    /// `maximumBatches` ran (paced, also when the task is cancelled: its pause ends the drain); `deleted` counts as it goes, so a caller knows how many went when a
    /// batch fails part way. `paced` leaves the database to the work for twice as long as each batch held it
    /// (at most a third of the time goes to deleting: still thousands of runs a second); unpaced, other tasks
    /// of this process only get the executor between batches.
    static func drain(
        _ store: any JobStore, _ params: PruneRunsParams, paced: Bool, maximumBatches: Int, deleted: inout Int
    ) async throws {
        for _ in 0..<maximumBatches {
            let began = ContinuousClock.now
            let result = try await store.pruneRuns(params)
            deleted += result.count
            guard result.more else { return }
            guard paced else {
                await Task.yield()
                continue
            }
            do {
                try await Task.sleep(for: max(.milliseconds(1), (ContinuousClock.now - began) * 2))
            } catch {
                return
            }
        }
    }
}
