import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Stores a new API key, audited (see ``JobStore/createAPIKey(_:)``).
    public func createAPIKey(_ params: CreateAPIKeyParams) async throws -> APIKeyRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.key.createdAt) { tx in
            try await tx.insertAPIKey(params)
        }
    }

    /// Revokes the key of that name that is not revoked yet, audited (see ``JobStore/revokeAPIKey(_:)``).
    public func revokeAPIKey(_ params: RevokeAPIKeyParams) async throws -> APIKeyRecord? {
        guard APIKeyRecord.isPossibleName(params.name) else { return nil }
        // A revoke that finds no key records nothing, audit entry included.
        let revokedOne: @Sendable (APIKeyRecord?) -> Bool = { $0 != nil }
        return try await write(audited: params.audit, at: params.now, when: revokedOne) { tx in
            try await tx.first(
                """
                UPDATE api_keys SET revoked_at = \(params.now.millis)
                WHERE name = \(params.name) AND revoked_at IS NULL
                RETURNING *
                """
            ).map(Decode.apiKey)
        }
    }

    /// The key with this lookup id (see ``JobStore/apiKey(lookup:)``).
    public func apiKey(lookup: String) async throws -> APIKeyRecord? {
        guard APIKeyRecord.isPossibleLookup(lookup) else { return nil }
        return try await readStatement { tx in
            try await tx.first("SELECT * FROM api_keys WHERE lookup = \(lookup)").map(Decode.apiKey)
        }
    }

    /// Every key, by name then creation (see ``JobStore/listAPIKeys()``).
    public func listAPIKeys() async throws -> [APIKeyRecord] {
        try await readStatement { tx in
            try await tx.rows("SELECT * FROM api_keys ORDER BY name, created_at, lookup").map(Decode.apiKey)
        }
    }

    /// Records that a request used the key (see ``JobStore/noteAPIKeyUse(_:)``).
    public func noteAPIKeyUse(_ params: NoteAPIKeyUseParams) async throws {
        guard APIKeyRecord.isPossibleLookup(params.lookup) else { return }
        let at = params.at.millis
        try await writeStatement { tx in
            // Only forward: requests noted out of order never move it back, and a key used again within the
            // same minute (the caller rounds) writes nothing.
            try await tx.execute(
                """
                UPDATE api_keys SET last_used_at = \(at)
                WHERE lookup = \(params.lookup) AND (last_used_at IS NULL OR last_used_at < \(at))
                """)
        }
    }

    /// Keeps a refused webhook delivery, deleting the oldest beyond `keep` (see
    /// ``JobStore/recordRejectedWebhook(_:)``).
    public func recordRejectedWebhook(_ params: RecordRejectedWebhookParams) async throws -> RejectedWebhook {
        let params = try params.bounded()
        return try await write { tx in
            // A ByteBuffer binds as bytea like Data does, without making the query literal throw.
            let body = ByteBuffer(bytes: params.body)
            let insert: PostgresQuery = """
                INSERT INTO rejected_webhooks (webhook, event_name, reason, body, received_at)
                VALUES (\(params.webhook), \(params.eventName), \(params.reason), \(body), \(params.now.millis))
                RETURNING *
                """
            guard let row = try await tx.first(insert) else {
                throw JobStoreError.unavailable("PostgreSQL \(tx.location) did not return the rejected webhook")
            }
            // Everything at or below the newest `keep + 1`-th id goes: a walk of `keep` primary-key entries.
            // Concurrent recorders may each keep a row the other deletes; the table stays near `keep` either way.
            try await tx.execute(
                """
                DELETE FROM rejected_webhooks
                WHERE id <= (SELECT id FROM rejected_webhooks ORDER BY id DESC LIMIT 1 OFFSET \(params.keep))
                """)
            return try Decode.rejectedWebhook(row)
        }
    }

    /// Refused webhook deliveries, newest first (see ``JobStore/listRejectedWebhooks(_:)``): a walk down the
    /// primary key, or down `rejected_webhooks_webhook` for one webhook's.
    public func listRejectedWebhooks(_ params: RejectedWebhookQuery) async throws -> [RejectedWebhook] {
        try params.validate()
        let webhook = params.storedWebhook
        return try await readStatement { tx in
            var query = QueryBuilder("SELECT * FROM rejected_webhooks")
            if let webhook { query.append(" WHERE webhook = " + query.bind(webhook)) }
            query.append(" ORDER BY id DESC LIMIT " + query.bind(params.limit))
            return try await tx.rows(query.query).map(Decode.rejectedWebhook)
        }
    }
}

extension Transaction {
    /// Inserts the key of `params`, refusing a name a key that is not revoked holds (or a lookup id another key
    /// has) without writing anything.
    func insertAPIKey(_ params: CreateAPIKeyParams) async throws -> APIKeyRecord {
        let key = params.key
        // DO NOTHING on either unique constraint (the lookup id, the name among keys not revoked), then tell the
        // two apart. A concurrent create of the same name waits for the other to commit and then does nothing,
        // so it is refused with the same message rather than a unique-violation error.
        let row = try await first(
            """
            INSERT INTO api_keys (lookup, name, scope, salt, hash, created_at, created_by, last_used_at, expires_at,
                revoked_at)
            VALUES (\(key.lookup), \(key.name), \(key.scope.rawValue), \(key.salt), \(key.hash),
                \(key.createdAt.millis), \(key.createdBy), \(key.lastUsedAt?.millis), \(key.expiresAt?.millis),
                \(key.revokedAt?.millis))
            ON CONFLICT DO NOTHING
            RETURNING *
            """)
        if let row { return try Decode.apiKey(row) }
        let held = try await count(
            "SELECT count(*) AS count FROM api_keys WHERE name = \(key.name) AND revoked_at IS NULL")
        throw held > 0 && key.revokedAt == nil ? params.nameTaken : params.lookupTaken
    }

    /// Throws ``JobStoreError/apiKeyNotUsable(lookup:)`` unless the key with `lookup` exists and is usable at
    /// `now`: what an audited write by an API key checks in its own transaction (``AuditNote/apiKeyLookup``).
    /// Read committed: a revocation committed before this statement is seen.
    func confirmAPIKey(_ lookup: String, at now: Date) async throws {
        let key = try await first("SELECT * FROM api_keys WHERE lookup = \(lookup)").map(Decode.apiKey)
        guard let key, key.isUsable(at: now) else { throw JobStoreError.apiKeyNotUsable(lookup: lookup) }
    }
}

extension Decode {
    static func apiKey(_ row: Row) throws -> APIKeyRecord {
        APIKeyRecord(
            lookup: try row.string("lookup"), name: try row.string("name"),
            scope: try row.enumValue(APIKeyScope.self, "scope"), salt: try row.string("salt"),
            hash: try row.string("hash"), createdAt: try row.requiredDate("created_at"),
            createdBy: try row.string("created_by"), lastUsedAt: try row.date("last_used_at"),
            expiresAt: try row.date("expires_at"), revokedAt: try row.date("revoked_at"))
    }

    static func rejectedWebhook(_ row: Row) throws -> RejectedWebhook {
        RejectedWebhook(
            id: try row.int64("id"), webhook: try row.string("webhook"), eventName: try row.string("event_name"),
            reason: try row.string("reason"), body: try row.value("body", as: Data.self),
            receivedAt: try row.requiredDate("received_at"))
    }
}
