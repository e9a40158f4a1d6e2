import GRDB
import JobStore
import Synchronization

/// Commits write operations that arrive while the writer is busy together, in one transaction.
///
/// SQLite commits one transaction at a time, and a commit (the WAL append and its lock handover) costs more
/// than most operations inside it. Under load — many runs finishing steps at once — operations queue up
/// behind the writer anyway; taking everything queued into one `IMMEDIATE` transaction turns N commits and
/// N hops to the writer's queue into one of each. Each operation still runs in its own savepoint, so one
/// that fails rolls back alone and the others commit; callers hear of their result only after the commit,
/// so nobody acts on a write that could still be lost. An idle store still commits an operation at once:
/// a batch is whatever waited while the previous one was being written, never a timer.
///
/// An operation submitted from a ``BlockingTaskExecutor`` thread that finds the writer idle is committed
/// there (`DispatchQueue.sync` on the writer's idle queue runs on the calling thread) instead of hopping to
/// the writer thread and back: a worker of one slot then writes its steps and its end without a thread
/// wake-up each. Only such threads may wait like this (for the writer, or for another process's write lock
/// up to the busy timeout); a write from Swift's task pool, whose threads must not block, always hops.
final class GroupCommit: Sendable {
    /// One queued operation.
    struct Operation: Sendable {
        /// Runs the body inside the open transaction and keeps its result; throws the body's error.
        let run: @Sendable (Database) throws -> Void
        /// Completes the caller once the transaction's fate is known: with the kept result when `error` is
        /// nil (committed), with `error` otherwise.
        let finish: @Sendable (_ error: (any Error)?) -> Void
    }

    private struct Queue {
        var pending: [Operation] = []
        var draining = false
        var closed = false
        var statistics = CommitStatistics()
    }

    /// The most operations one transaction takes, so a long queue still commits (and answers) in steps.
    static let maximumBatch = 128

    private let writer: any DatabaseWriter
    private let closedError: any Error
    private let queue = Mutex(Queue())

    /// - Parameter closedError: What operations that reach the writer after ``markClosed()`` fail with.
    init(writer: any DatabaseWriter, closedError: any Error) {
        self.writer = writer
        self.closedError = closedError
    }

    /// Operations and transactions so far.
    var statistics: CommitStatistics { queue.withLock { $0.statistics } }

    /// Operations waiting for the writer.
    var pendingCount: Int { queue.withLock { $0.pending.count } }

    /// Whether ``markClosed()`` was called.
    var isClosed: Bool { queue.withLock { $0.closed } }

    /// From now on, operations fail with the closed error instead of touching the database.
    func markClosed() { queue.withLock { $0.closed = true } }

    /// Lets every operation submitted so far commit, then marks the queue closed on the writer's queue, so
    /// no batch is running when the caller closes the connection.
    func closeAfterPendingWrites() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            submit(Operation(run: { _ in }, finish: { _ in continuation.resume() }))
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writer.asyncWriteWithoutTransaction { _ in
                self.markClosed()
                continuation.resume()
            }
        }
    }

    /// Queues `operation`, and starts a drain on the writer unless one is already on its way; on a thread that
    /// may block, commits it there at once when the writer is idle. Either way `operation.finish` is called
    /// after its commit.
    func submit(_ operation: Operation) {
        let mayBlock = BlockingTaskExecutor.isCurrent
        let turn = queue.withLock { queue -> Turn in
            // Nothing is pending unless a drain is on its way, so an idle writer has no one to overtake.
            if mayBlock && !queue.draining {
                queue.draining = true
                return .here
            }
            queue.pending.append(operation)
            let drainOnItsWay = queue.draining
            queue.draining = true
            return drainOnItsWay ? .queued : .drain
        }
        switch turn {
        case .here:
            writer.writeWithoutTransaction { db in commit([operation], in: db) }
            endTurn()
        case .drain: scheduleDrain()
        case .queued: break
        }
    }

    /// Where a submitted operation goes.
    private enum Turn {
        /// Committed on the calling thread, now.
        case here
        /// Queued, with a drain to start on the writer.
        case drain
        /// Queued behind a drain already on its way.
        case queued
    }

    private func scheduleDrain() {
        writer.asyncWriteWithoutTransaction { db in self.drainOnce(db) }
    }

    /// Commits one batch, then hands the writer back (so `close()` and others get a turn) before the next.
    private func drainOnce(_ db: Database) {
        let batch = queue.withLock { queue -> [Operation] in
            let batch = Array(queue.pending.prefix(Self.maximumBatch))
            queue.pending.removeFirst(batch.count)
            if batch.isEmpty { queue.draining = false }
            return batch
        }
        guard !batch.isEmpty else { return }
        commit(batch, in: db)
        endTurn()
    }

    /// After a batch: starts a drain for what queued meanwhile, or marks the writer idle.
    private func endTurn() {
        let more = queue.withLock { queue -> Bool in
            if queue.pending.isEmpty { queue.draining = false }
            return queue.draining
        }
        if more { scheduleDrain() }
    }

    /// Commits `batch` and completes its callers.
    private func commit(_ batch: [Operation], in db: Database) {
        if isClosed {
            for operation in batch { operation.finish(closedError) }
        } else if batch.count == 1 || !commitTogether(batch, in: db) {
            // A batch whose transaction failed as a whole (a full disk, a lock held too long) committed
            // nothing: each operation runs alone, so every caller gets the answer it would have had unbatched.
            for operation in batch { commitAlone(operation, in: db) }
        }
    }

    private func recordCommit(operations: Int) {
        queue.withLock { queue in
            queue.statistics.operations += operations
            queue.statistics.transactions += 1
        }
    }

    /// One operation, one transaction: the operation's error rolls the transaction back.
    private func commitAlone(_ operation: Operation, in db: Database) {
        do {
            try db.inTransaction(.immediate) {
                try operation.run(db)
                return .commit
            }
            recordCommit(operations: 1)
            operation.finish(nil)
        } catch {
            operation.finish(error)
        }
    }

    /// Runs `batch` in one transaction, each operation in a savepoint, and completes the callers after the
    /// commit; false, completing nobody, when the transaction failed as a whole.
    private func commitTogether(_ batch: [Operation], in db: Database) -> Bool {
        var errors: [(any Error)?] = []
        errors.reserveCapacity(batch.count)
        do {
            try db.inTransaction(.immediate) {
                for operation in batch {
                    do {
                        try Self.inSavepoint(db) { try operation.run(db) }
                        errors.append(nil)
                    } catch {
                        // SQLite ends the whole transaction on a few errors (I/O, full disk): then the batch fails.
                        guard db.isInsideTransaction else { throw error }
                        errors.append(error)
                    }
                }
                return .commit
            }
        } catch {
            return false
        }
        recordCommit(operations: batch.count)
        for (operation, error) in zip(batch, errors) { operation.finish(error) }
        return true
    }
}

extension GroupCommit {
    /// Runs `body` in a savepoint of the open transaction, rolled back alone when it throws.
    ///
    /// GRDB's `inSavepoint` prepares its `SAVEPOINT` and `RELEASE` statements anew on every call; a batch
    /// opens one savepoint per operation (six per run), so these statements are prepared once per connection.
    static func inSavepoint(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "SAVEPOINT operation").execute()
        do {
            try body()
        } catch {
            // An error that ended the whole transaction (I/O, a full disk) left no savepoint to roll back to.
            if db.isInsideTransaction {
                try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT operation").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT operation").execute()
            }
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT operation").execute()
    }
}

/// Carries an operation's result from the writer's queue to its caller's continuation.
final class ResultSlot<T: Sendable>: Sendable {
    private let slot = Mutex<T?>(nil)

    /// The result, once the operation's body returned.
    var value: T? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}
