import ChildProcesses
import Foundation
import JobStore
import PostgresJobStore
import SQLiteJobStore

/// A database a soak measures, made fresh and removed afterwards: a SQLite file in the benchmark directory,
/// or a schema of its own on a PostgreSQL server (following ``PostgresBenchmark``). It can say how big it is.
struct SoakDatabase: Sendable {
    private enum Place: Sendable {
        case sqlite(path: String)
        case postgres(url: String, schema: String)
    }

    private let place: Place

    /// A new SQLite file in `directory` (not created until ``open()``).
    static func sqlite(in directory: URL, label: String) -> SoakDatabase {
        let path = directory.appendingPathComponent("bench-\(label)-\(UUID().uuidString.prefix(8)).sqlite").path
        return SoakDatabase(place: .sqlite(path: path))
    }

    /// A new schema on the server at `url` (not created until ``open()``).
    static func postgres(url: String) -> SoakDatabase {
        SoakDatabase(place: .postgres(url: url, schema: PostgresBenchmarkTrial.makeSchemaName()))
    }

    /// "SQLite" or "PostgreSQL": the start of every row measured on it.
    var driver: String {
        switch place {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// What ``size()`` adds up, for the report.
    var sizeDescription: String {
        switch place {
        case .sqlite: "the file and its -wal"
        case .postgres: "pg_total_relation_size of the schema's tables (with indexes and TOAST)"
        }
    }

    /// The file or schema, for progress lines.
    var location: String {
        switch place {
        case .sqlite(let path): path
        case .postgres(_, let schema): "schema \(schema)"
        }
    }

    /// Creates the store.
    ///
    /// - Throws: ``PostgresBenchmarkError`` with ``PostgresBenchmarkError/serverUnreachable`` set when the
    ///   PostgreSQL server cannot be reached.
    func open() async throws -> any JobStore {
        switch place {
        case .sqlite(let path):
            return try SQLiteJobStore(path: path)
        case .postgres(let url, let schema):
            do {
                // Starters, handlers and the minute's reads share the pool: more than the default 10.
                return try await PostgresJobStore.connect(
                    url: try PostgresBenchmark.url(url, schema: schema),
                    options: PostgresJobStore.Options(maximumConnections: 20))
            } catch JobStoreError.unavailable(let message) {
                await remove()
                throw PostgresBenchmarkError("PostgreSQL is not reachable: \(message)", serverUnreachable: true)
            }
        }
    }

    /// Bytes the database takes now; nil when that cannot be read (for PostgreSQL: no `psql`, whose query
    /// this reads, since the store has no size query of its own).
    func size() async -> Int64? {
        switch place {
        case .sqlite(let path):
            let sizes = ["", "-wal"].map { suffix in
                (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value
            }
            guard let file = sizes[0] else { return nil }
            return file + (sizes[1] ?? 0)
        case .postgres(let url, let schema):
            let query = """
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c \
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '\(schema)' AND c.relkind = 'r'
                """
            guard let target = Self.libpqURL(url),
                let result = try? await ChildProcess.runDetached(
                    "psql", [target, "-XAtc", query], timeout: .seconds(30)),
                result.status == 0
            else { return nil }
            return Int64(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Deletes the file (with its -wal and -shm) or drops the schema; quietly, as it runs after failures too.
    func remove() async {
        switch place {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let url, let schema):
            try? await PostgresJobStore.dropSchema(schema, url: url)
        }
    }

    /// `url` as libpq (psql) takes it: without the `schema` and `search_path` parameters this project adds,
    /// which libpq refuses. The schema name is in the query instead.
    static func libpqURL(_ url: String) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        let items = (components.queryItems ?? []).filter { $0.name != "schema" && $0.name != "search_path" }
        components.queryItems = items.isEmpty ? nil : items
        return components.string
    }
}
