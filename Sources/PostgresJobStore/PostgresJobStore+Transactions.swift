import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// How a transaction begins.
    enum Mode: Sendable, Equatable {
        /// READ COMMITTED: each statement sees the latest commits; rows are locked before they change.
        case write
        /// One consistent snapshot for a multi-query read (run detail, summaries).
        case read
        /// No transaction block: the operation is one statement, which commits on its own (its timeline
        /// entries are numbered by the same trigger inside that commit). Saves the `BEGIN` and `COMMIT` round
        /// trips; a statement that writes is followed by `SELECT 1`, which confirms its commit. A statement
        /// that writes is never sent twice: once sent, it may have committed.
        case statement(writes: Bool)

        var begin: PostgresQuery? {
            switch self {
            case .write: "BEGIN ISOLATION LEVEL READ COMMITTED"
            case .read: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            case .statement: nil
            }
        }
    }

    /// Where a transaction failed, which decides whether running it again is safe.
    struct Failure: Error {
        enum Stage { case begin, body }
        let error: any Error
        let stage: Stage
    }

    /// Runs `body` in one write transaction, all-or-nothing, mapping database errors to ``JobStoreError``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try requireWritable()
        return try await perform(.write, body)
    }

    /// Fails every write on a store opened read-only.
    func requireWritable() throws {
        guard !readOnly else {
            throw JobStoreError.unavailable(
                "the store on PostgreSQL \(errors.location) was opened read-only; "
                    + "open it without --read-only to change anything")
        }
    }

    /// Runs `body` in one read-only transaction on a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await perform(.read, body)
    }

    /// Runs `body`, one read statement, outside a transaction block (see ``Mode/statement(writes:)``).
    func readStatement<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await perform(.statement(writes: false), body)
    }

    /// Runs `body`, one statement that writes (with its timeline entries written by the statement itself),
    /// outside a transaction block (see ``Mode/statement(writes:)``).
    func writeStatement<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try requireWritable()
        return try await perform(.statement(writes: true), body)
    }

    /// Runs the transaction in a task of its own: an operation runs to completion even when the calling task
    /// is cancelled (see ``JobStore``), so a handler honouring cancellation still records its step and the
    /// attempt's end.
    private func perform<T: Sendable>(
        _ mode: Mode, _ body: @escaping @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        guard lifecycle.enter() else { throw errors.closed }
        defer { lifecycle.leave() }
        let task = Task { try await self.transaction(mode, body) }
        return try await task.value
    }

    /// Runs the transaction, again when that is safe: after a deadlock or serialisation failure (the
    /// server rolled everything back), or when the leased connection turned out dead before `BEGIN` went
    /// through (nothing was sent). After a server restart the pool may hold several dead connections and
    /// learns of each asynchronously, so those retries pause briefly and may take a few rounds. A connection
    /// lost later is reported: the commit may or may not have happened.
    private func transaction<T: Sendable>(
        _ mode: Mode, _ body: @escaping @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await self.once(mode, on: connection, body)
                }
            } catch let failure as Failure {
                if failure.stage == .begin, StoreErrors.isConnectionLoss(failure.error), attempt < 12 {
                    try? await Task.sleep(for: .milliseconds(5 * attempt))
                    continue
                }
                if StoreErrors.isTransient(failure.error), attempt < 5 { continue }
                throw errors.map(failure.error)
            } catch {
                throw errors.map(error)
            }
        }
    }

    private func once<T: Sendable>(
        _ mode: Mode, on connection: PostgresConnection, _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        let tx = Transaction(
            connection: connection, watch: watches.watch(connection), logger: logger, schema: schema,
            location: errors.location)
        guard let begin = mode.begin else {
            let value: T
            do {
                value = try await body(tx)
                // PostgresNIO reports a statement done at its CommandComplete, but outside a transaction block
                // the server commits only at the Sync after it: a connection ended in between (a restart, a
                // killed backend) loses a write the caller was told succeeded. The next statement on the
                // connection runs only after that commit, so its success confirms the write, and its failure
                // is reported like any connection lost mid-write.
                if mode == .statement(writes: true) { try await tx.execute("SELECT 1") }
            } catch {
                // A read wrote nothing: like a failed BEGIN, running it again is safe.
                throw Failure(error: error, stage: mode == .statement(writes: false) ? .begin : .body)
            }
            // A single statement writes its own timeline entries: buffered ones would be lost (a driver bug).
            assert(tx.timeline.isEmpty, "a single-statement operation buffered timeline entries")
            return value
        }
        do {
            try await tx.execute(begin)
        } catch {
            throw Failure(error: error, stage: .begin)
        }
        do {
            let value = try await body(tx)
            try await tx.finish()
            try await tx.execute("COMMIT")
            return value
        } catch {
            do {
                try await tx.execute("ROLLBACK")
            } catch {
                // A connection that cannot roll back (or has closed) must not go back to the pool mid-transaction.
                try? await connection.close()
            }
            throw Failure(error: error, stage: .body)
        }
    }
}
