import JobStore
import Synchronization

/// A write an attempt makes under its lease, which ``WriteBatches`` can put in one statement with other runs'.
protocol LeasedWrite: Sendable {
    /// The lease the write is made under.
    var lease: RunLease { get }
}

extension SaveStepParams: LeasedWrite {}
extension FinishAttemptParams: LeasedWrite {}

/// Writes of one kind (step saves, attempt ends) waiting to be written, and how many batches are being
/// written: writes that arrive while the writers are busy go together in one statement and one commit.
///
/// Every commit that records a timeline entry takes the schema's feed lock inside `COMMIT` (see
/// ``Transaction/finish()``), and `NOTIFY` serialises commits the same way, so commits of timeline entries
/// happen one at a time per database, however many connections write. Steps and attempt ends are most of them
/// (four of a 3-step run's five): writing those that queued up behind a busy writer in one statement turns N of
/// those serial commits into one. Like SQLite's group commit, a batch is whatever waited while the previous
/// ones were written, never a timer: an idle store writes at once.
final class WriteBatches<Write: LeasedWrite, Answer: Sendable>: Sendable {
    /// One write and its caller.
    struct Waiting: Sendable {
        let write: Write
        let continuation: CheckedContinuation<Answer, any Error>
    }

    /// Writes sent and the statements that wrote them, so far.
    struct Statistics: Sendable, Equatable {
        /// Writes sent to the server, alone or in a batch.
        var writes = 0
        /// Statements they took.
        var statements = 0
    }

    private struct State {
        var pending: [Waiting] = []
        var writing = 0
        var statistics = Statistics()
    }

    /// The most writes one statement carries.
    static var maximumBatch: Int { 64 }
    /// How many batches of one kind are written at once. One: the writes that arrive meanwhile make the next
    /// batch bigger, and commits are the server's serial resource; a second batch in flight measured slower
    /// (one process 499–656 against 672–744 runs/s, and 4 processes 479 against 639).
    static var maximumWriting: Int { 1 }

    private let state = Mutex(State())

    /// Writes sent so far, and in how many statements.
    var statistics: Statistics { state.withLock { $0.statistics } }

    /// Writes waiting for a writer.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Counts one statement that carried `writes` writes.
    func recordStatement(writes: Int) {
        state.withLock { state in
            state.statistics.writes += writes
            state.statistics.statements += 1
        }
    }

    /// Queues `write`; returns the batch the caller must write now when a writer is free, nil when a writer
    /// busy with an earlier batch will take it.
    func enqueue(_ write: Waiting) -> [Waiting]? {
        state.withLock { state in
            state.pending.append(write)
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

    /// The oldest waiting writes, at most one per run (a run's writes stay in their order, and one statement
    /// may change a row only once), up to ``maximumBatch``.
    private static func takeBatch(from pending: inout [Waiting]) -> [Waiting] {
        var batch: [Waiting] = []
        var runs: Set<RunID> = []
        var left: [Waiting] = []
        for write in pending {
            if batch.count < maximumBatch, runs.insert(write.write.lease.runId).inserted {
                batch.append(write)
            } else {
                left.append(write)
            }
        }
        pending = left
        return batch
    }
}
