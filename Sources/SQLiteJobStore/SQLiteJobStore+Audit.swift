import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Records a refused operator action on its own (see ``JobStore/recordAudit(_:)``).
    public func recordAudit(_ params: RecordAuditParams) async throws -> AuditEntry {
        try await write { tx in try tx.insertAudit(params.entry) }
    }

    /// Audit entries matching the filter, newest first (see ``JobStore/listAudit(_:)``): a walk down the
    /// primary key, or down `audit_run` for one run's entries.
    public func listAudit(_ params: AuditQuery) async throws -> [AuditEntry] {
        try params.validate()
        return try await read { tx in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let since = params.since {
                conditions.append("at >= ?")
                arguments += [since.millis]
            }
            if let runId = params.runId {
                conditions.append("run_id = ?")
                arguments += [runId]
            }
            if let beforeId = params.beforeId {
                conditions.append("id < ?")
                arguments += [beforeId]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [params.limit]
            return try Fetch.all(
                tx.db.cachedStatement(sql: "SELECT * FROM audit \(filter) ORDER BY id DESC LIMIT ?"),
                arguments: arguments, Decode.audit)
        }
    }

    /// Runs `body` in one write transaction and, when `note` is set, records it in the audit trail in that same
    /// transaction: the trail and the data commit together or not at all. A note by an API key first confirms
    /// the key is usable (``AuditNote/apiKeyLookup``), before `body` reads or writes anything.
    func write<T: Sendable>(
        audited note: AuditNote?, at now: Date, _ body: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        try await write(audited: note, at: now, when: { _ in true }, body)
    }

    /// Like ``write(audited:at:_:)`` for an operation that reports whether it changed anything: the note is
    /// recorded only when `body` returns true (a delete that found nothing records nothing).
    func write(
        auditedIfTrue note: AuditNote?, at now: Date, _ body: @escaping @Sendable (Transaction) throws -> Bool
    ) async throws -> Bool {
        try await write(audited: note, at: now, when: { $0 }, body)
    }

    /// Like ``write(audited:at:_:)``, recording the note only when `changed` says the result changed something.
    func write<T: Sendable>(
        audited note: AuditNote?, at now: Date, when changed: @escaping @Sendable (T) -> Bool,
        _ body: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        try await write { tx in
            if let lookup = note?.apiKeyLookup { try tx.confirmAPIKey(lookup, at: now) }
            let result = try body(tx)
            if let note, changed(result) { try tx.insertAudit(note.entry(at: now)) }
            return result
        }
    }
}

extension Transaction {
    /// Appends an entry to the audit trail; the store assigns its id.
    @discardableResult
    func insertAudit(_ entry: AuditEntry) throws -> AuditEntry {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO audit (at, actor, channel, action, target, run_id, detail, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *
                """)
        let arguments: StatementArguments = [
            entry.at.millis, entry.actor, entry.channel, entry.action, entry.target, entry.runId, entry.detail,
            entry.outcome,
        ]
        guard let stored = try Fetch.one(statement, arguments: arguments, Decode.audit) else {
            throw JobStoreError.unavailable("database \(location) did not return the audit entry")
        }
        return stored
    }
}
