import JobStore
import Synchronization

/// Step saves waiting to be written, and how many batches are being written: saves that arrive while the
/// writers are busy go together in one statement and one commit.
///
/// Every commit that records a timeline entry takes the schema's feed lock inside `COMMIT` (see
/// ``Transaction/finish()``), and `NOTIFY` serialises commits the same way, so commits of timeline entries
/// happen one at a time per database, however many connections write. Steps are most of them (three of a
/// 3-step run's five): writing the saves that queued up behind a busy writer in one statement turns N of
/// those serial commits into one. Like SQLite's group commit, a batch is whatever waited while the previous
/// ones were written, never a timer: an idle store writes a save at once.
final class StepSaveBatches: Sendable {
    /// One save and its caller.
    struct Waiting: Sendable {
        let params: SaveStepParams
        let continuation: CheckedContinuation<SaveStepResult, any Error>
    }

    /// Saves written and the statements that wrote them, so far.
    struct Statistics: Sendable, Equatable {
        /// Saves sent to the server, alone or in a batch.
        var saves = 0
        /// Statements they took.
        var statements = 0
    }

    private struct State {
        var pending: [Waiting] = []
        var writing = 0
        var statistics = Statistics()
    }

    /// The most saves one statement writes.
    static let maximumBatch = 64
    /// How many batches are written at once: a second one goes out while the first waits for its commit.
    static let maximumWriting = 2

    private let state = Mutex(State())

    /// Saves written so far, and in how many statements.
    var statistics: Statistics { state.withLock { $0.statistics } }

    /// Saves waiting for a writer.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Counts one statement that wrote `saves` saves.
    func recordStatement(saves: Int) {
        state.withLock { state in
            state.statistics.saves += saves
            state.statistics.statements += 1
        }
    }

    /// Queues `save`; returns the batch the caller must write now when a writer is free, nil when a writer
    /// busy with an earlier batch will take it.
    func enqueue(_ save: Waiting) -> [Waiting]? {
        state.withLock { state in
            state.pending.append(save)
            guard state.writing < Self.maximumWriting else { return nil }
            state.writing += 1
            return Self.takeBatch(from: &state.pending)
        }
    }

    /// After a batch is written: the next batch for the same writer, or nil (and the writer is free) when
    /// nothing waits.
    func next() -> [Waiting]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.writing -= 1
                return nil
            }
            return Self.takeBatch(from: &state.pending)
        }
    }

    /// The oldest waiting saves, at most one per run (a run's saves stay in their order, and one statement
    /// may upsert a step row only once), up to ``maximumBatch``.
    private static func takeBatch(from pending: inout [Waiting]) -> [Waiting] {
        var batch: [Waiting] = []
        var runs: Set<RunID> = []
        var left: [Waiting] = []
        for save in pending {
            if batch.count < maximumBatch, runs.insert(save.params.lease.runId).inserted {
                batch.append(save)
            } else {
                left.append(save)
            }
        }
        pending = left
        return batch
    }
}
