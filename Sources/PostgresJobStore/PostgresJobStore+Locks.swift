import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Takes a free or expired lock, or extends one the owner already holds; nil when another owner holds it.
    ///
    /// One `INSERT … ON CONFLICT DO UPDATE … WHERE` statement: concurrent contenders for a new key wait on
    /// the first insert, then find it held; the update only overwrites a lock that is the caller's or lapsed.
    public func acquireLock(_ params: AcquireLockParams) async throws -> LockRecord? {
        try params.validate()
        return try await write { tx in
            let now = params.now.millis
            return try await tx.first(
                """
                INSERT INTO locks (key, owner, acquired_at, expires_at)
                VALUES (\(params.key), \(params.owner), \(now), \(params.expiresAt.millis))
                ON CONFLICT (key) DO UPDATE SET
                    acquired_at = CASE WHEN locks.owner = excluded.owner AND locks.expires_at > \(now)
                        THEN locks.acquired_at ELSE excluded.acquired_at END,
                    owner = excluded.owner, expires_at = excluded.expires_at
                WHERE locks.owner = excluded.owner OR locks.expires_at <= \(now)
                RETURNING *
                """
            ).map(Decode.lock)
        }
    }

    /// Releases a lock the owner still holds. Returns false, deleting nothing, when the lock is another
    /// owner's or expired at `now` (an expired row is left for the sweep or the next taker).
    public func releaseLock(_ params: ReleaseLockParams) async throws -> Bool {
        try params.validate()
        return try await write(auditedIfTrue: params.audit, at: params.now) { tx in
            let released = try await tx.first(
                """
                DELETE FROM locks
                WHERE key = \(params.key) AND owner = \(params.owner) AND expires_at > \(params.now.millis)
                RETURNING key
                """)
            return released != nil
        }
    }

    /// Unexpired locks whose key starts with the prefix, in key order.
    public func listLocks(_ params: LockQuery) async throws -> [LockRecord] {
        try params.validate()
        return try await read { tx in
            let range = KeyRange(prefix: params.prefix)
            return try await tx.rows(
                """
                SELECT * FROM locks
                WHERE key >= \(range.lower) AND (\(range.upper)::text IS NULL OR key < \(range.upper))
                    AND expires_at > \(params.now.millis)
                ORDER BY key
                """
            ).map(Decode.lock)
        }
    }
}
