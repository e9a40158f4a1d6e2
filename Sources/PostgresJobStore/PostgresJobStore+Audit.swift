import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Records a refused operator action on its own (see ``JobStore/recordAudit(_:)``).
    public func recordAudit(_ params: RecordAuditParams) async throws -> AuditEntry {
        try await write { tx in try await tx.insertAudit(params.entry) }
    }

    /// Audit entries matching the filter, newest first (see ``JobStore/listAudit(_:)``): a walk down the
    /// primary key, or down `audit_run` for one run's entries.
    public func listAudit(_ params: AuditQuery) async throws -> [AuditEntry] {
        try params.validate()
        return try await readStatement { tx in
            var query = QueryBuilder("SELECT * FROM audit WHERE true")
            if let since = params.since { query.append(" AND at >= " + query.bind(since.millis)) }
            if let runId = params.runId { query.append(" AND run_id = " + query.bind(runId)) }
            if let beforeId = params.beforeId { query.append(" AND id < " + query.bind(beforeId)) }
            query.append(" ORDER BY id DESC LIMIT " + query.bind(params.limit))
            return try await tx.rows(query.query).map(Decode.audit)
        }
    }

    /// Runs `body` in one write transaction and, when `note` is set, records it in the audit trail in that same
    /// transaction: the trail and the data commit together or not at all. A note by an API key first confirms
    /// the key is usable (``AuditNote/apiKeyLookup``), before `body` reads or writes anything.
    func write<T: Sendable>(
        audited note: AuditNote?, at now: Date, _ body: @escaping @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        try await write(audited: note, at: now, when: { _ in true }, body)
    }

    /// Like ``write(audited:at:_:)`` for an operation that reports whether it changed anything: the note is
    /// recorded only when `body` returns true (a delete that found nothing records nothing).
    func write(
        auditedIfTrue note: AuditNote?, at now: Date, _ body: @escaping @Sendable (Transaction) async throws -> Bool
    ) async throws -> Bool {
        try await write(audited: note, at: now, when: { $0 }, body)
    }

    /// Like ``write(audited:at:_:)``, recording the note only when `changed` says the result changed something.
    func write<T: Sendable>(
        audited note: AuditNote?, at now: Date, when changed: @escaping @Sendable (T) -> Bool,
        _ body: @escaping @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        try await write { tx in
            if let lookup = note?.apiKeyLookup { try await tx.confirmAPIKey(lookup, at: now) }
            let result = try await body(tx)
            if let note, changed(result) { try await tx.insertAudit(note.entry(at: now)) }
            return result
        }
    }
}

extension Transaction {
    /// Appends an entry to the audit trail; the store assigns its id.
    @discardableResult
    func insertAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        let row = try await first(
            """
            INSERT INTO audit (at, actor, channel, action, target, run_id, detail, outcome)
            VALUES (\(entry.at.millis), \(entry.actor), \(entry.channel), \(entry.action), \(entry.target),
                \(entry.runId), \(entry.detail), \(entry.outcome))
            RETURNING *
            """)
        guard let row else { throw JobStoreError.unavailable("PostgreSQL \(location) did not return the audit entry") }
        return try Decode.audit(row)
    }
}
