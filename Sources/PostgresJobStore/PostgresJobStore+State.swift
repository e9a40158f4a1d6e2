import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Reads a live state value; an expired one reads as absent.
    public func getState(_ params: GetStateParams) async throws -> StateEntry? {
        try params.validate()
        return try await read { tx in try await tx.liveState(params.key, now: params.now) }
    }

    /// Writes a state value, with compare-and-set on the version (see ``SetStateParams/expectedVersion``).
    ///
    /// Every write to a key first takes an advisory lock on it, so the version check and the write are
    /// atomic across processes, including "only if absent" for a key no row exists for yet.
    public func setState(_ params: SetStateParams) async throws -> StateEntry {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            try await tx.lockStateKey(params.key)
            return try await tx.writeState(
                try params.entry(replacing: try await tx.liveState(params.key, now: params.now)))
        }
    }

    /// Deletes a state value, optionally only at a version. Returns whether a live value was deleted.
    public func deleteState(_ params: DeleteStateParams) async throws -> Bool {
        try params.validate()
        return try await write(auditedIfTrue: params.audit, at: params.now) { tx in
            try await tx.lockStateKey(params.key)
            let deletes = try params.deletes(try await tx.liveState(params.key, now: params.now))
            // An expired row goes too, but it was invisible, so it does not count as deleted.
            try await tx.execute("DELETE FROM state WHERE key = \(params.key)")
            return deletes
        }
    }

    /// Adds to an integer value atomically (absent or expired counts as 0) and returns the new value.
    public func incrementState(_ params: IncrementStateParams) async throws -> Int64 {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            try await tx.lockStateKey(params.key)
            let increment = try params.incrementing(try await tx.liveState(params.key, now: params.now))
            try await tx.writeState(increment.entry)
            return increment.value
        }
    }

    /// Live values whose key starts with the prefix, in key order (code point order: keys are `"C"`-collated).
    public func listState(_ params: StateQuery) async throws -> [StateEntry] {
        try params.validate()
        return try await read { tx in
            let range = KeyRange(prefix: params.prefix)
            return try await tx.rows(
                """
                SELECT * FROM state
                WHERE key >= \(range.lower) AND (\(range.upper)::text IS NULL OR key < \(range.upper))
                    AND (expires_at IS NULL OR expires_at > \(params.now.millis))
                ORDER BY key LIMIT \(params.limit)
                """
            ).map(Decode.state)
        }
    }

    /// Deletes everything that expired: state values, locks, events (with their consumptions), idempotency
    /// keys, and activity older than any chart reads.
    public func sweepExpired(_ params: SweepParams) async throws -> SweepResult {
        try await write { tx in
            let now = params.now.millis
            var result = SweepResult()
            result.stateValues = try await tx.count(
                "WITH gone AS (DELETE FROM state WHERE expires_at <= \(now) RETURNING 1) SELECT count(*) FROM gone")
            result.locks = try await tx.count(
                "WITH gone AS (DELETE FROM locks WHERE expires_at <= \(now) RETURNING 1) SELECT count(*) FROM gone")
            try await tx.execute(
                "DELETE FROM event_consumptions WHERE event_id IN (SELECT id FROM events WHERE expires_at <= \(now))")
            result.events = try await tx.count(
                "WITH gone AS (DELETE FROM events WHERE expires_at <= \(now) RETURNING 1) SELECT count(*) FROM gone")
            result.idempotencyKeys = try await tx.count(
                """
                WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= \(now) RETURNING 1)
                SELECT count(*) FROM gone
                """)
            let firstMinute = params.firstActivityMinute
            result.activityRows = try await tx.count(
                "WITH gone AS (DELETE FROM run_activity WHERE minute < \(firstMinute) RETURNING 1) SELECT count(*) FROM gone"
            )
            return result
        }
    }
}

extension Transaction {
    /// Serialises writes to one state key until commit.
    func lockStateKey(_ key: String) async throws {
        try await lock("state", key)
    }

    func liveState(_ key: String, now: Date) async throws -> StateEntry? {
        try await first(
            "SELECT * FROM state WHERE key = \(key) AND (expires_at IS NULL OR expires_at > \(now.millis))"
        ).map(Decode.state)
    }

    @discardableResult
    func writeState(_ entry: StateEntry) async throws -> StateEntry {
        let row = try await first(
            """
            INSERT INTO state (key, value, version, updated_at, expires_at)
            VALUES (\(entry.key), \(entry.valueJSON), \(entry.version), \(entry.updatedAt.millis),
                \(entry.expiresAt?.millis))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version,
                updated_at = excluded.updated_at, expires_at = excluded.expires_at
            RETURNING *
            """)
        guard let row else { throw JobStoreError.unavailable("PostgreSQL \(location) did not return the state value") }
        return try Decode.state(row)
    }
}
