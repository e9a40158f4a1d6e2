import PostgresNIO

/// A statement the server parses and plans once per connection and then runs by name, for the statements
/// every run executes several times: for those, parsing and planning cost the server more than executing.
///
/// The SQL is fixed, with numbered placeholders whose types are given, so a cached plan never depends on the
/// first call's values. It names its result columns rather than `*`: a prepared statement whose result
/// columns change (a migration run by a newer binary) would fail until the connection is replaced.
protocol PreparedSQL: Sendable {
    /// The statement, with placeholders `$1`, `$2`, … in the order of ``types``.
    static var sql: String { get }
    /// The type of each placeholder.
    static var types: [PostgresDataType] { get }
}

/// Runs a ``PreparedSQL`` through PostgresNIO's per-connection prepared-statement cache.
struct Prepared<Statement: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { "stackshift." + String(describing: Statement.self) }
    static var sql: String { Statement.sql }
    static var bindingDataTypes: [PostgresDataType] { Statement.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
