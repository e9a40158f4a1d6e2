import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Reads a live state value; an expired one reads as absent.
    public func getState(_ params: GetStateParams) async throws -> StateEntry? {
        try params.validate()
        return try await read { tx in try tx.liveState(params.key, now: params.now) }
    }

    /// Writes a state value, with compare-and-set on the version (see ``SetStateParams/expectedVersion``).
    public func setState(_ params: SetStateParams) async throws -> StateEntry {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            try tx.writeState(try params.entry(replacing: try tx.liveState(params.key, now: params.now)))
        }
    }

    /// Deletes a state value, optionally only at a version. Returns whether a live value was deleted.
    public func deleteState(_ params: DeleteStateParams) async throws -> Bool {
        try params.validate()
        return try await write(auditedIfTrue: params.audit, at: params.now) { tx in
            let deletes = try params.deletes(try tx.liveState(params.key, now: params.now))
            // An expired row goes too, but it was invisible, so it does not count as deleted.
            try tx.db.execute(sql: "DELETE FROM state WHERE key = ?", arguments: [params.key])
            return deletes
        }
    }

    /// Adds to an integer value atomically (absent or expired counts as 0) and returns the new value.
    public func incrementState(_ params: IncrementStateParams) async throws -> Int64 {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let increment = try params.incrementing(try tx.liveState(params.key, now: params.now))
            try tx.writeState(increment.entry)
            return increment.value
        }
    }

    /// Live values whose key starts with the prefix, in key order.
    public func listState(_ params: StateQuery) async throws -> [StateEntry] {
        try params.validate()
        return try await read { tx in
            let range = KeyRange(prefix: params.prefix)
            let statement = try tx.db.cachedStatement(
                sql: """
                    SELECT * FROM state WHERE key >= ? AND (? IS NULL OR key < ?)
                        AND (expires_at IS NULL OR expires_at > ?)
                    ORDER BY key LIMIT ?
                    """)
            let arguments: StatementArguments = [
                range.lower, range.upper, range.upper, params.now.millis, params.limit,
            ]
            return try Fetch.all(statement, arguments: arguments, Decode.state)
        }
    }

    /// Takes a free or expired lock, or extends one the owner already holds; nil when another owner holds it.
    public func acquireLock(_ params: AcquireLockParams) async throws -> LockRecord? {
        try params.validate()
        return try await write { tx in
            // One statement: the conflict clause only overwrites a lock that is ours or has lapsed.
            let statement = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO locks (key, owner, acquired_at, expires_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (key) DO UPDATE SET
                        acquired_at = CASE WHEN locks.owner = excluded.owner AND locks.expires_at > ?3
                            THEN locks.acquired_at ELSE excluded.acquired_at END,
                        owner = excluded.owner, expires_at = excluded.expires_at
                    WHERE locks.owner = excluded.owner OR locks.expires_at <= ?3
                    RETURNING *
                    """)
            let arguments: StatementArguments = [
                params.key, params.owner, params.now.millis, params.expiresAt.millis,
            ]
            return try Fetch.one(statement, arguments: arguments, Decode.lock)
        }
    }

    /// Releases a lock the owner still holds. Returns false, deleting nothing, when the lock is another
    /// owner's or expired at `now` (an expired row is left for the sweep or the next taker).
    public func releaseLock(_ params: ReleaseLockParams) async throws -> Bool {
        try params.validate()
        return try await write(auditedIfTrue: params.audit, at: params.now) { tx in
            try tx.db.execute(
                sql: "DELETE FROM locks WHERE key = ? AND owner = ? AND expires_at > ?",
                arguments: [params.key, params.owner, params.now.millis])
            return tx.db.changesCount > 0
        }
    }

    /// Unexpired locks whose key starts with the prefix, in key order.
    public func listLocks(_ params: LockQuery) async throws -> [LockRecord] {
        try params.validate()
        return try await read { tx in
            let range = KeyRange(prefix: params.prefix)
            let statement = try tx.db.cachedStatement(
                sql: "SELECT * FROM locks WHERE key >= ? AND (? IS NULL OR key < ?) AND expires_at > ? ORDER BY key")
            let arguments: StatementArguments = [range.lower, range.upper, range.upper, params.now.millis]
            return try Fetch.all(statement, arguments: arguments, Decode.lock)
        }
    }

    /// Deletes everything that expired: state values, locks, events (with their consumptions), idempotency
    /// keys, and activity older than any chart reads.
    public func sweepExpired(_ params: SweepParams) async throws -> SweepResult {
        try await write { tx in
            let now = params.now.millis
            let db = tx.db
            var result = SweepResult()
            try db.execute(sql: "DELETE FROM state WHERE expires_at <= ?", arguments: [now])
            result.stateValues = db.changesCount
            try db.execute(sql: "DELETE FROM locks WHERE expires_at <= ?", arguments: [now])
            result.locks = db.changesCount
            try db.execute(
                sql: "DELETE FROM event_consumptions WHERE event_id IN (SELECT id FROM events WHERE expires_at <= ?)",
                arguments: [now])
            try db.execute(sql: "DELETE FROM events WHERE expires_at <= ?", arguments: [now])
            result.events = db.changesCount
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE expires_at <= ?", arguments: [now])
            result.idempotencyKeys = db.changesCount
            try db.execute(sql: "DELETE FROM run_activity WHERE minute < ?", arguments: [params.firstActivityMinute])
            result.activityRows = db.changesCount
            return result
        }
    }
}

extension Transaction {
    func liveState(_ key: String, now: Date) throws -> StateEntry? {
        let statement = try db.cachedStatement(
            sql: "SELECT * FROM state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)")
        return try Fetch.one(statement, arguments: [key, now.millis], Decode.state)
    }

    @discardableResult
    func writeState(_ entry: StateEntry) throws -> StateEntry {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO state (key, value, version, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version,
                    updated_at = excluded.updated_at, expires_at = excluded.expires_at
                RETURNING *
                """)
        let arguments: StatementArguments = [
            entry.key, entry.valueJSON, entry.version, entry.updatedAt.millis, entry.expiresAt?.millis,
        ]
        guard let row = try Row.fetchOne(statement, arguments: arguments) else {
            throw JobStoreError.unavailable("database \(location) did not return the state value")
        }
        return Decode.state(row)
    }
}
