import Foundation
import JobStore
import Logging
import PostgresNIO
import Synchronization

/// The multi-machine ``JobStore`` driver: one PostgreSQL database shared by workers on many machines.
///
/// Every operation is one transaction (`BEGIN` … `COMMIT`, rolled back on any error) on a connection from
/// PostgresNIO's pooled `PostgresClient`, which reconnects with backoff when the server goes away. Claims
/// use `SELECT … FOR UPDATE SKIP LOCKED` and serialise per queue on the queue's row, so concurrency limits
/// hold across processes; idempotency keys, schedule fires and state writes are race-free the same way.
/// After each commit that changes a run or a queue the store sends `NOTIFY stackshift_changes`;
/// ``changeNotifications()`` turns that into wake-ups so workers and consoles need not poll.
///
/// The store lives in one schema (`stackshift` unless told otherwise), created (unless
/// ``Options/createIfMissing`` is false) and migrated on connect;
/// several stores — tests, or separate deployments — can share a database in separate schemas.
///
/// ```swift
/// let store = try await PostgresJobStore.connect(url: "postgres://app:secret@db:5432/jobs")
/// ```
public final class PostgresJobStore: JobStore {
    /// How the store connects.
    public struct Options: Sendable {
        /// The schema holding the store's tables; created on connect when missing, if ``createIfMissing``. A
        /// lowercase SQL identifier. The URL's `schema` query parameter, when present, wins.
        public var schema: String
        /// Create the schema and its tables when they do not exist (the database itself must). When false, a
        /// schema without StackShift's tables is refused with ``JobStoreError/incompatibleDatabase(_:)`` and
        /// nothing is created; an older schema is still upgraded, as ``SQLiteJobStore`` does.
        public var createIfMissing: Bool
        /// Open without ever writing: no migrations, and every write fails with ``JobStoreError/unavailable(_:)``.
        public var readOnly: Bool
        /// The most connections the store's pool opens (plus one for change notifications, when used).
        public var maximumConnections: Int
        /// How long to wait for a TCP connection to the server. The URL's `connect_timeout` wins.
        public var connectTimeout: Duration
        /// Where PostgresNIO logs connection events; nil logs nothing.
        public var logger: Logger?

        /// Creates options.
        public init(
            schema: String = "stackshift", createIfMissing: Bool = true, readOnly: Bool = false,
            maximumConnections: Int = 10, connectTimeout: Duration = .seconds(10), logger: Logger? = nil
        ) {
            self.schema = schema
            self.createIfMissing = createIfMissing
            self.readOnly = readOnly
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
            self.logger = logger
        }
    }

    /// The driver's capabilities: it pushes changes (LISTEN/NOTIFY) and spans machines.
    public var capabilities: StoreCapabilities {
        StoreCapabilities(pushesChanges: true, multiMachine: true)
    }

    /// The schema the store's tables live in.
    public let schema: String
    /// What connecting did to the schema (see ``JobStore/schemaMigration``).
    public let schemaMigration: SchemaMigration?

    let client: PostgresClient
    let logger: Logger
    let readOnly: Bool
    let errors: StoreErrors
    let lifecycle = Lifecycle()
    let watches = ConnectionWatches()
    let listener: ChangeListener
    /// Step saves waiting to share a statement.
    let stepSaves = WriteBatches<SaveStepParams, SaveStepResult>()
    /// Attempt ends written from the worker's claimed copy, waiting to share a statement; nil answers a run that
    /// no longer agrees with its copy.
    let attemptEnds = WriteBatches<FinishAttemptParams, RunRecord?>()
    /// Runs the pool; cancelled by ``close()``.
    private let poolTask: Task<Void, Never>

    /// Connects to the database at `url` (`postgres://user:password@host:port/database?sslmode=disable`),
    /// creating (unless `options.createIfMissing` is false) and migrating the store's schema unless
    /// `options.readOnly` is set.
    ///
    /// - Throws: ``JobStoreError/unavailable(_:)`` with one line naming the server and what to check when
    ///   the URL is malformed, the server is unreachable, or it refuses the user, password or database;
    ///   ``JobStoreError/incompatibleDatabase(_:)`` when the schema was written by a newer StackShift, holds
    ///   tables that are not StackShift's, or has no StackShift tables and may not be created.
    public static func connect(url: String, options: Options = .init()) async throws -> PostgresJobStore {
        try await PostgresJobStore(url: url, options: options)
    }

    /// Connects like ``connect(url:options:)``, with the store's tables in `schema`.
    public convenience init(url: String, schema: String, options: Options = .init()) async throws {
        var options = options
        options.schema = schema
        try await self.init(url: url, options: options)
    }

    /// Connects like ``connect(url:options:)``.
    public init(url text: String, options: Options = .init()) async throws {
        let url = try ConnectionURL(parsing: text)
        let schema = url.schema ?? options.schema
        try Self.validate(schema: schema)
        let logger = options.logger ?? Logger(label: "stackshift.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let errors = StoreErrors(url: url, schema: schema)
        let timeout = url.connectTimeout ?? options.connectTimeout
        let endpoint = Endpoint(url: url, schema: schema, connectTimeout: timeout, logger: logger)
        do {
            // One direct connection first: its failure names the exact cause (refused, wrong password,
            // unknown database), where the pool would only retry in the background.
            self.schemaMigration = try await Migrator(
                endpoint: endpoint, readOnly: options.readOnly, createIfMissing: options.createIfMissing
            ).run()
        } catch {
            throw errors.map(error)
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.clientTLS())
        configuration.options.additionalStartupParameters = endpoint.startupParameters
        configuration.options.maximumConnections = max(1, options.maximumConnections)
        configuration.options.connectTimeout = timeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.schema = schema
        self.logger = logger
        self.readOnly = options.readOnly
        self.errors = errors
        self.listener = ChangeListener(endpoint: endpoint)
        self.poolTask = Task { await client.run() }
    }

    deinit {
        listener.close()
        poolTask.cancel()
    }

    /// Waits for operations in flight, then closes every connection. Later calls fail with
    /// ``JobStoreError/unavailable(_:)``; change-notification streams end.
    public func close() async throws {
        guard await lifecycle.close() else { return }
        listener.close()
        poolTask.cancel()
        // PostgresNIO's pool can keep retrying a connection attempt after cancellation (vapor/postgres-nio#599);
        // a close must not hang on it, so the wait is bounded and the cancelled task finishes on its own.
        let pool = poolTask
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Mutex(false)
            let resumeOnce: @Sendable () -> Void = {
                if resumed.withLock({ done in
                    defer { done = true }
                    return !done
                }) {
                    continuation.resume()
                }
            }
            Task {
                await pool.value
                resumeOnce()
            }
            Task {
                try? await Task.sleep(for: .seconds(5))
                resumeOnce()
            }
        }
    }

    /// Wakes the caller after other processes (or this one) commit changes to runs or queues: one element
    /// per burst of `NOTIFY stackshift_changes` on this store's schema, and one whenever the listening
    /// connection (re)connects, since notifications sent while it was down are lost. Elements carry no
    /// data: read ``changes(_:)`` or claim after each. The stream ends when the store closes.
    public func changeNotifications() -> AsyncStream<Void>? {
        listener.subscribe(.everyChange)
    }

    /// Wakes the caller after a commit that may make a run claimable (see ``JobStore/claimNotifications()``):
    /// the numbering trigger marks the notifications of commits whose runs all stay running, and those are
    /// not passed on. One element per burst, and one whenever the listening connection (re)connects.
    public func claimNotifications() -> AsyncStream<Void>? {
        listener.subscribe(.claimable)
    }

    /// Deletes `schema` and everything in it from the database at `url`: for tests and for removing a
    /// store for good. Irreversible.
    public static func dropSchema(_ schema: String, url: String) async throws {
        let parsed = try ConnectionURL(parsing: url)
        try validate(schema: schema)
        let logger = Logger(label: "stackshift.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let endpoint = Endpoint(url: parsed, schema: schema, connectTimeout: .seconds(10), logger: logger)
        do {
            let connection = try await endpoint.connect()
            do {
                try await connection.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw StoreErrors(url: parsed, schema: schema).map(error)
        }
    }

    /// Refuses schema names that would need quoting, so they can appear in SQL and `search_path` as is.
    static func validate(schema: String) throws {
        let valid =
            !schema.isEmpty && schema.utf8.count <= 63 && !schema.hasPrefix("pg_")
            && schema.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(schema.unicodeScalars.first ?? "0")
        guard valid else {
            throw JobStoreError.invalidInput(
                "schema name \(schema) is not usable: use lowercase letters, digits and underscores "
                    + "(not starting with a digit or pg_), at most 63 characters")
        }
    }
}
