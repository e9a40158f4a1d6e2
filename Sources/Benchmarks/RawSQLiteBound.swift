import Foundation
import GRDB
import JobStore
import SQLiteJobStore

/// The physical limit the engine is measured against: the transactions one 3-step run commits, written back
/// to back on one GRDB connection with cached statements, with none of the engine around them.
///
/// Each run is six transactions of the engine's shape on tables like the store's (the same kinds of rows,
/// and the indexes the console's lists need), on a fresh file opened with the store's own connection settings (WAL, `synchronous=NORMAL`):
/// create (run + timeline), claim (pick + update + attempt + timeline), three step saves (lease read +
/// step + timeline), finish (lease read + run + attempt + timeline). One writer that never leaves its
/// connection: this is how fast SQLite commits such transactions on this machine (Python's sqlite3 module
/// measures the same shape within a few percent).
public enum RawSQLiteBound {
    /// Transactions per run in the shape measured.
    public static let transactionsPerRun = 6

    /// What one measurement found.
    public struct Result: Sendable {
        /// Committed transactions per second.
        public var transactionsPerSecond: Double
        /// Runs per second: transactions per second over ``RawSQLiteBound/transactionsPerRun``.
        public var runsPerSecond: Double
    }

    /// Writes `runs` runs' worth of transactions to a new file at `path` and times them.
    public static func measure(path: String, runs: Int) throws -> Result {
        let pool = try DatabasePool(path: path, configuration: SQLiteJobStore.connectionConfiguration())
        defer { try? pool.close() }
        try pool.write { db in try createTables(db) }
        // One stay on the writer connection for the whole loop: no queue hop per transaction, only SQLite's work.
        let seconds = try pool.writeWithoutTransaction { db in
            let started = ContinuousClock.now
            for n in 0..<runs {
                try writeRun(n, db: db)
            }
            return (ContinuousClock.now - started).seconds
        }
        let transactions = Double(runs * transactionsPerRun)
        return Result(
            transactionsPerSecond: transactions / seconds, runsPerSecond: Double(runs) / seconds)
    }

    /// Commits per second of the smallest write there is, one `INSERT` of a short row per transaction, back to
    /// back on one connection of a new file at `path`, with `durability`'s setting: the ceiling any engine on
    /// this disk and CPU works under, so a throughput divided by it compares across machines.
    public static func oneRowCommits(
        path: String, commits: Int, durability: SQLiteJobStore.Durability
    ) throws
        -> Double
    {
        let pool = try DatabasePool(path: path, configuration: SQLiteJobStore.connectionConfiguration())
        defer { try? pool.close() }
        return try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.synchronousPragma)")
            try db.execute(sql: "CREATE TABLE one_row (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
            let insert = try db.makeStatement(sql: "INSERT INTO one_row (value) VALUES (?)")
            let started = ContinuousClock.now
            for n in 0..<commits {
                try transaction(db) { try insert.execute(arguments: ["row \(n)"]) }
            }
            return Double(commits) / max((ContinuousClock.now - started).seconds, 1e-9)
        }
    }

    private static func writeRun(_ n: Int, db: Database) throws {
        let id = String(format: "run_bench%08d", n)
        let now = Int64(saturating: Date().timeIntervalSince1970 * 1000)
        try transaction(db) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO runs (id, job, queue, status, priority, payload, attempt, created_at, updated_at, run_at)
                    VALUES (?, 'bench.three-steps', 'default', 'queued', 0, ?, 0, ?, ?, ?)
                    """
            ).execute(arguments: [id, "{\"n\":\(n)}", now, now, now])
            try timeline(db, id, "created", now)
        }
        try transaction(db) {
            let picked = try String.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT id FROM runs WHERE status = 'queued' AND queue = 'default'
                        ORDER BY priority DESC, run_at, id LIMIT 1
                        """))
            guard let picked else { return }
            try db.cachedStatement(
                sql: "UPDATE runs SET status = 'running', attempt = 1, lease_owner = 'w', lease_expires_at = ?, "
                    + "updated_at = ? WHERE id = ?"
            ).execute(arguments: [now + 30_000, now, picked])
            try db.cachedStatement(
                sql:
                    "INSERT INTO attempts (run_id, number, worker_id, started_at, outcome) VALUES (?, 1, 'w', ?, 'running')"
            ).execute(arguments: [picked, now])
            try timeline(db, picked, "claimed", now)
        }
        for (index, step) in ["fetch", "transform", "store"].enumerated() {
            try transaction(db) {
                try readRun(id, db)
                try db.cachedStatement(
                    sql: """
                        INSERT INTO steps (run_id, name, status, attempt, started_at, ended_at, result)
                        VALUES (?, ?, 'completed', 1, ?, ?, ?)
                        """
                ).execute(arguments: [id, step, now, now, "\(n * (index + 1))"])
                try timeline(db, id, "step", now)
            }
        }
        try transaction(db) {
            try readRun(id, db)
            try db.cachedStatement(
                sql: "UPDATE runs SET status = 'completed', result = ?, lease_owner = NULL, lease_expires_at = NULL, "
                    + "updated_at = ?, finished_at = ? WHERE id = ?"
            ).execute(arguments: ["\(n * 3)", now, now, id])
            try db.cachedStatement(
                sql: "UPDATE attempts SET outcome = 'completed', ended_at = ? WHERE run_id = ? AND number = 1"
            ).execute(arguments: [now, id])
            try timeline(db, id, "completed", now)
        }
    }

    private static func transaction(_ db: Database, _ body: () throws -> Void) throws {
        try db.inTransaction(.immediate) {
            try body()
            return .commit
        }
    }

    /// Reads the run's row as a lease check would, without copying it.
    private static func readRun(_ id: String, _ db: Database) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?"), arguments: [id])
        while let row = try rows.next() { _ = row[0] as String? }
    }

    private static func timeline(_ db: Database, _ runId: String, _ kind: String, _ at: Int64) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO timeline (run_id, queue, job, at, kind, message) VALUES (?, 'default', 'bench.three-steps', ?, ?, ?)"
        ).execute(arguments: [runId, at, kind, "\(kind) \(runId)"])
    }

    private static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY, job TEXT NOT NULL, queue TEXT NOT NULL, status TEXT NOT NULL,
                    priority INTEGER NOT NULL, payload TEXT NOT NULL, result TEXT, attempt INTEGER NOT NULL,
                    lease_owner TEXT, lease_expires_at INTEGER, created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL, run_at INTEGER NOT NULL, finished_at INTEGER);
                CREATE INDEX runs_claim ON runs (queue, priority DESC, run_at, id, job) WHERE status = 'queued';
                CREATE INDEX runs_running ON runs (queue, lease_expires_at) WHERE status = 'running';
                CREATE INDEX runs_status ON runs (status, id);
                CREATE INDEX runs_queue ON runs (queue, id);
                CREATE INDEX runs_job ON runs (job, id);
                CREATE INDEX runs_summary ON runs (status, finished_at, queue);
                CREATE TABLE attempts (
                    run_id TEXT NOT NULL, number INTEGER NOT NULL, worker_id TEXT NOT NULL,
                    started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT NOT NULL,
                    PRIMARY KEY (run_id, number));
                CREATE TABLE steps (
                    id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
                    attempt INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, result TEXT,
                    UNIQUE (run_id, name));
                CREATE TABLE timeline (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT, queue TEXT, job TEXT,
                    at INTEGER NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
                CREATE INDEX timeline_run ON timeline (run_id, sequence);
                """)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in milliseconds.
    var milliseconds: Double { seconds * 1000 }
}
