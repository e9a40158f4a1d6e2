import JobStore

extension Operations {
    /// Records what opening the store did to its schema as a `migrate` action in the audit trail, with the
    /// versions (`created at schema 8`, `schema 5 -> 8`) and `database` (its path or URL, no password) as the
    /// target; records nothing when the schema was current. Returns what was done.
    ///
    /// A store migrates as it is opened for writing (only `stackshift migrate` and the demo may create one),
    /// so this entry follows the change rather than sharing its transaction: the audit table may be one the
    /// migration just created. Best effort, like a refusal's entry: the migration stands either way.
    @discardableResult
    public func recordSchemaMigration(of database: String, by actor: Operator) async -> SchemaMigration? {
        guard let migration = store.schemaMigration else { return nil }
        await record(actor.note(.migrate, target: database, detail: migration.description), outcome: AuditEntry.done)
        return migration
    }
}
