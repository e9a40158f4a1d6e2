import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Stores a new API key, audited (see ``JobStore/createAPIKey(_:)``).
    public func createAPIKey(_ params: CreateAPIKeyParams) async throws -> APIKeyRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.key.createdAt) { tx in
            try tx.insertAPIKey(params)
        }
    }

    /// Revokes the key of that name that is not revoked yet, audited (see ``JobStore/revokeAPIKey(_:)``).
    public func revokeAPIKey(_ params: RevokeAPIKeyParams) async throws -> APIKeyRecord? {
        guard APIKeyRecord.isPossibleName(params.name) else { return nil }
        // A revoke that finds no key records nothing, audit entry included.
        let revokedOne: @Sendable (APIKeyRecord?) -> Bool = { $0 != nil }
        return try await write(audited: params.audit, at: params.now, when: revokedOne) { tx in
            let statement = try tx.db.cachedStatement(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING *")
            return try Fetch.one(statement, arguments: [params.now.millis, params.name], Decode.apiKey)
        }
    }

    /// The key with this lookup id (see ``JobStore/apiKey(lookup:)``).
    public func apiKey(lookup: String) async throws -> APIKeyRecord? {
        guard APIKeyRecord.isPossibleLookup(lookup) else { return nil }
        return try await read { tx in
            try Fetch.one(
                tx.db.cachedStatement(sql: "SELECT * FROM api_keys WHERE lookup = ?"), arguments: [lookup],
                Decode.apiKey)
        }
    }

    /// Every key, by name then creation (see ``JobStore/listAPIKeys()``).
    public func listAPIKeys() async throws -> [APIKeyRecord] {
        try await read { tx in
            try Fetch.all(
                tx.db.cachedStatement(sql: "SELECT * FROM api_keys ORDER BY name, created_at, lookup"), Decode.apiKey)
        }
    }

    /// Records that a request used the key (see ``JobStore/noteAPIKeyUse(_:)``).
    public func noteAPIKeyUse(_ params: NoteAPIKeyUseParams) async throws {
        guard APIKeyRecord.isPossibleLookup(params.lookup) else { return }
        try await write { tx in
            // Only forward: requests noted out of order never move it back, and a key used again within the
            // same minute (the caller rounds) writes nothing.
            try tx.db.cachedStatement(
                sql: """
                    UPDATE api_keys SET last_used_at = ?1
                    WHERE lookup = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)
                    """
            ).execute(arguments: [params.at.millis, params.lookup])
        }
    }

    /// Keeps a refused webhook delivery, deleting the oldest beyond `keep` (see
    /// ``JobStore/recordRejectedWebhook(_:)``).
    public func recordRejectedWebhook(_ params: RecordRejectedWebhookParams) async throws -> RejectedWebhook {
        let params = try params.bounded()
        return try await write { tx in
            // SQLite binds a blob with no address as NULL, and an empty `Data` may have none (Foundation on
            // Darwin): the COALESCE stores an empty body as the empty blob it is.
            let insert = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO rejected_webhooks (webhook, event_name, reason, body, received_at)
                    VALUES (?, ?, ?, COALESCE(?, X''), ?) RETURNING *
                    """)
            let arguments: StatementArguments = [
                params.webhook, params.eventName, params.reason, params.body, params.now.millis,
            ]
            guard let stored = try Fetch.one(insert, arguments: arguments, Decode.rejectedWebhook) else {
                throw JobStoreError.unavailable("database \(tx.location) did not return the rejected webhook")
            }
            // Everything at or below the newest `keep + 1`-th id goes: a walk of `keep` primary-key entries.
            try tx.db.cachedStatement(
                sql: """
                    DELETE FROM rejected_webhooks
                    WHERE id <= (SELECT id FROM rejected_webhooks ORDER BY id DESC LIMIT 1 OFFSET ?)
                    """
            ).execute(arguments: [params.keep])
            return stored
        }
    }

    /// Refused webhook deliveries, newest first (see ``JobStore/listRejectedWebhooks(_:)``): a walk down the
    /// primary key, or down `rejected_webhooks_webhook` for one webhook's.
    public func listRejectedWebhooks(_ params: RejectedWebhookQuery) async throws -> [RejectedWebhook] {
        try params.validate()
        let webhook = params.storedWebhook
        return try await read { tx in
            if let webhook {
                return try Fetch.all(
                    tx.db.cachedStatement(
                        sql: "SELECT * FROM rejected_webhooks WHERE webhook = ? ORDER BY id DESC LIMIT ?"),
                    arguments: [webhook, params.limit], Decode.rejectedWebhook)
            }
            return try Fetch.all(
                tx.db.cachedStatement(sql: "SELECT * FROM rejected_webhooks ORDER BY id DESC LIMIT ?"),
                arguments: [params.limit], Decode.rejectedWebhook)
        }
    }
}

extension Transaction {
    /// Inserts the key of `params`, refusing a name a key that is not revoked holds (or a lookup id another key
    /// has) without writing anything.
    func insertAPIKey(_ params: CreateAPIKeyParams) throws -> APIKeyRecord {
        let key = params.key
        // DO NOTHING on either unique constraint (the lookup id, the name among keys not revoked), then tell
        // the two apart: one statement, no error to map.
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO api_keys (lookup, name, scope, salt, hash, created_at, created_by, last_used_at,
                    expires_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING *
                """)
        let arguments: StatementArguments = [
            key.lookup, key.name, key.scope.rawValue, key.salt, key.hash, key.createdAt.millis, key.createdBy,
            key.lastUsedAt?.millis, key.expiresAt?.millis, key.revokedAt?.millis,
        ]
        if let stored = try Fetch.one(statement, arguments: arguments, Decode.apiKey) { return stored }
        let held = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM api_keys WHERE name = ? AND revoked_at IS NULL)"),
            arguments: [key.name])
        throw held == true && key.revokedAt == nil ? params.nameTaken : params.lookupTaken
    }

    /// Throws ``JobStoreError/apiKeyNotUsable(lookup:)`` unless the key with `lookup` exists and is usable at
    /// `now`: what an audited write by an API key checks in its own transaction (``AuditNote/apiKeyLookup``).
    func confirmAPIKey(_ lookup: String, at now: Date) throws {
        let key = try Fetch.one(
            db.cachedStatement(sql: "SELECT * FROM api_keys WHERE lookup = ?"), arguments: [lookup], Decode.apiKey)
        guard let key, key.isUsable(at: now) else { throw JobStoreError.apiKeyNotUsable(lookup: lookup) }
    }
}

extension Decode {
    static func apiKey(_ row: Row) throws -> APIKeyRecord {
        APIKeyRecord(
            lookup: row["lookup"], name: row["name"], scope: try enumValue(APIKeyScope.self, row, "scope"),
            salt: row["salt"], hash: row["hash"], createdAt: requiredDate(row, "created_at"),
            createdBy: row["created_by"], lastUsedAt: date(row, "last_used_at"), expiresAt: date(row, "expires_at"),
            revokedAt: date(row, "revoked_at"))
    }

    static func rejectedWebhook(_ row: Row) -> RejectedWebhook {
        RejectedWebhook(
            id: row["id"], webhook: row["webhook"], eventName: row["event_name"], reason: row["reason"],
            body: row["body"] ?? Data(), receivedAt: requiredDate(row, "received_at"))
    }
}
