/// What opening a store did to its schema: created it, or upgraded it from an older StackShift's.
///
/// A store reports it as ``JobStore/schemaMigration``, so the command that asked for the migration
/// (`stackshift migrate`) can record it in the audit trail.
public struct SchemaMigration: Sendable, Hashable, Codable {
    /// The schema version found, or nil when the store had no StackShift tables and they were created.
    public var from: Int?
    /// The schema version the store is at now.
    public var to: Int

    /// Creates a record of a migration.
    public init(from: Int?, to: Int) {
        self.from = from
        self.to = to
    }

    /// `created at schema 8` or `schema 5 -> 8`, as the audit trail and the CLI say it.
    public var description: String {
        guard let from else { return "created at schema \(to)" }
        return "schema \(from) -> \(to)"
    }
}
