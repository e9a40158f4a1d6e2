import Foundation
import GRDB
import JobStore
import Synchronization

/// The default ``JobStore`` driver: one SQLite file in WAL mode, accessed through GRDB.
///
/// All writes go through the single writer connection of a `DatabasePool`, each operation in one
/// `IMMEDIATE` transaction, so concurrent callers — tasks in this process or other processes on the same
/// file — are serialised by SQLite itself and never see half-written changes. Reads use the pool's
/// reader connections and see the last committed state.
///
/// Open a file with ``init(path:options:)``, or use ``inMemory()`` for tests and demos.
public final class SQLiteJobStore: JobStore {
    /// How a store file is opened.
    public struct Options: Sendable, Hashable {
        /// Create the file and its schema when it does not exist (or holds no tables yet).
        public var createIfMissing: Bool
        /// Open without ever writing: every write operation fails with ``JobStoreError/unavailable(_:)``.
        public var readOnly: Bool
        /// How long to wait for another connection's lock before reporting the database as locked.
        public var busyTimeout: Duration
        /// What a commit survives: a crash of the process only (``Durability/normal``, the default), or a
        /// power loss too (``Durability/full``).
        public var durability: Durability

        /// Creates options.
        public init(
            createIfMissing: Bool = true, readOnly: Bool = false, busyTimeout: Duration = .seconds(5),
            durability: Durability = .normal
        ) {
            self.createIfMissing = createIfMissing
            self.readOnly = readOnly
            self.busyTimeout = busyTimeout
            self.durability = durability
        }
    }

    /// The driver's capabilities: SQLite neither pushes changes nor spans machines.
    public var capabilities: StoreCapabilities {
        StoreCapabilities(pushesChanges: false, multiMachine: false)
    }

    /// The file path (or `:memory:`), for error messages.
    let location: String
    let writer: any DatabaseWriter
    /// Read-only stores reject writes before touching SQLite, so the message names the cause.
    let readOnly: Bool
    /// What this store's commits survive (``Durability/normal`` for an in-memory store, where it means nothing).
    public let durability: Durability
    /// What opening the file did to its schema (see ``JobStore/schemaMigration``).
    public let schemaMigration: SchemaMigration?
    /// Writes go through it, so concurrent writes share commits. It holds the closed flag: GRDB does not
    /// guard a closed connection, so every operation checks the flag first, and writes check it again on the
    /// writer's serial queue, where ``close()`` sets it.
    let commits: GroupCommit

    /// Writes and transactions committed so far by this instance: how much group commit is batching.
    public var commitStatistics: CommitStatistics { commits.statistics }

    /// Opens (and, unless told otherwise, creates and migrates) the store file at `path`.
    ///
    /// - Throws: ``JobStoreError/unavailable(_:)`` when the file is missing and may not be created, or is
    ///   locked; ``JobStoreError/incompatibleDatabase(_:)`` when it is not SQLite, not StackShift's, or
    ///   was written by a newer StackShift. Nothing is written to a file that fails these checks.
    public init(path: String, options: Options = .init()) throws {
        let configuration = Self.configuration(options)
        let (pool, migration) = try StoreOpener(path: path, options: options, configuration: configuration).open()
        self.schemaMigration = migration
        self.location = path
        self.writer = pool
        self.readOnly = options.readOnly
        self.durability = options.durability
        self.commits = GroupCommit(writer: pool, closedError: Self.closedError(path))
    }

    private init(location: String, writer: any DatabaseWriter) {
        self.location = location
        self.writer = writer
        self.readOnly = false
        self.durability = .normal
        self.schemaMigration = SchemaMigration(from: nil, to: Schema.version)
        self.commits = GroupCommit(writer: writer, closedError: Self.closedError(location))
    }

    /// A store that lives in memory and vanishes with the instance: for tests, demos and benchmarks.
    public static func inMemory() throws -> SQLiteJobStore {
        let location = ":memory:"
        do {
            let queue = try DatabaseQueue(configuration: configuration(Options()))
            try Schema.migrator.migrate(queue)
            return SQLiteJobStore(location: location, writer: queue)
        } catch {
            throw StoreErrors.map(error, location: location)
        }
    }

    /// Closes the connections. Later calls fail with ``JobStoreError/unavailable(_:)``.
    ///
    /// An in-memory store only stops accepting calls (its memory goes with the instance), so an operation
    /// already in flight never meets a closed connection.
    public func close() async throws {
        guard !isClosed else { return }
        guard writer is DatabasePool else {
            commits.markClosed()
            return
        }
        // Writes submitted before this one commit first; writes submitted after it see the flag.
        await commits.closeAfterPendingWrites()
        do {
            try writer.close()
        } catch {
            throw StoreErrors.map(error, location: location)
        }
    }

    /// The GRDB configuration store connections use: for tools that measure SQLite as the store sees it.
    public static func connectionConfiguration(_ options: Options = .init()) -> Configuration {
        configuration(options)
    }

    static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        let timeout = options.busyTimeout.seconds
        configuration.busyMode = .timeout(timeout)
        configuration.readonly = options.readOnly
        // The store keeps integrity itself (no foreign keys declared); skip the per-statement checks.
        configuration.foreignKeysEnabled = false
        configuration.label = "StackShift"
        return configuration
    }

    // MARK: Transactions

    /// Runs `body` atomically in an `IMMEDIATE` write transaction on the writer connection, mapping database
    /// errors to ``JobStoreError``; returns once it is committed. Concurrent writes may share the transaction,
    /// each in its own savepoint (``GroupCommit``).
    ///
    /// The operation runs to completion even if the calling task is cancelled. GRDB's `async` API would
    /// abort it instead, but an engine honouring task cancellation must still record the attempt's end
    /// (a canceled run, a step result) from that cancelled task; a store write is short and atomic anyway.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        guard !readOnly else {
            throw JobStoreError.unavailable(
                "the store on \(location) was opened read-only; open it without --read-only to change anything")
        }
        try checkOpen()
        let location = location
        let result = ResultSlot<T>()
        return try await withCheckedThrowingContinuation { continuation in
            commits.submit(
                GroupCommit.Operation(
                    run: { db in result.value = try body(Transaction(db: db, location: location)) },
                    finish: { error in
                        if let error {
                            continuation.resume(throwing: StoreErrors.map(error, location: location))
                        } else if let value = result.value {
                            continuation.resume(returning: value)
                        } else {
                            continuation.resume(throwing: Self.closedError(location))
                        }
                    }))
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot), mapping database errors. Like
    /// ``write(_:)``, it is not interrupted by the caller's cancellation.
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try checkOpen()
        let location = location
        return try await withCheckedThrowingContinuation { continuation in
            writer.asyncRead { database in
                continuation.resume(
                    with: Result {
                        try body(Transaction(db: try database.get(), location: location))
                    }.mapError { StoreErrors.map($0, location: location) })
            }
        }
    }
}

extension SQLiteJobStore {
    var isClosed: Bool { commits.isClosed }

    func checkOpen() throws {
        if isClosed { throw Self.closedError(location) }
    }

    static func closedError(_ location: String) -> JobStoreError {
        JobStoreError.unavailable("the store on \(location) is closed")
    }
}

extension Duration {
    /// The duration in (fractional) seconds, as GRDB's busy timeout takes it.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
