import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Sets or clears a queue's retention policy, or the store's (see ``JobStore/setRetention(_:)``).
    public func setRetention(_ params: SetRetentionParams) async throws -> RetentionSettings {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let policy = try StoredJSON.encode(params.policy)
            if let queue = params.queue {
                try await tx.execute(
                    """
                    INSERT INTO queues (name, paused, retention, updated_at)
                    VALUES (\(queue), false, \(policy), \(params.now.millis))
                    ON CONFLICT (name) DO UPDATE SET retention = excluded.retention, updated_at = excluded.updated_at
                    """)
                tx.queueSettingsChanged()
            } else if let policy {
                try await tx.setSetting(RetentionKeys.policy, policy)
            } else {
                try await tx.execute("DELETE FROM settings WHERE key = \(RetentionKeys.policy)")
            }
            return try await tx.retentionSettings()
        }
    }

    /// The store's retention policy and what has been pruned (see ``JobStore/retentionSettings()``).
    public func retentionSettings() async throws -> RetentionSettings {
        try await read { tx in try await tx.retentionSettings() }
    }

    /// Deletes (or, dry, counts) finished runs old enough to go (see ``JobStore/pruneRuns(_:)``).
    ///
    /// Runs are selected `FOR UPDATE SKIP LOCKED`: prunes in several processes at once each take different
    /// runs and never wait on one another's, and a run another operation holds (a retry, say) is left for a
    /// later call. They queue only briefly at the end, to add to the history one after another.
    public func pruneRuns(_ params: PruneRunsParams) async throws -> PruneResult {
        try params.validate()
        if params.dryRun { return try await read { tx in try await tx.countPrunable(params) } }
        return try await write { tx in try await tx.prune(params) }
    }
}

/// The `settings` keys retention keeps.
enum RetentionKeys {
    /// The store's policy for queues without their own (JSON `RetentionPolicy`); absent for the standard one.
    static let policy = "retention"
    /// What has been pruned so far (JSON `PruneHistory`); absent before the first prune.
    static let history = "pruned"
}

extension Transaction {
    /// The store's retention settings, as this transaction sees them.
    func retentionSettings() async throws -> RetentionSettings {
        let policy = try await storedRetentionPolicy()
        let history = try StoredJSON.decode(
            PruneHistory.self, try await setting(RetentionKeys.history), column: "pruned")
        return RetentionSettings(policy: policy ?? .standard, isSet: policy != nil, history: history ?? PruneHistory())
    }

    /// The store's policy as set; nil when none is.
    private func storedRetentionPolicy() async throws -> RetentionPolicy? {
        try StoredJSON.decode(RetentionPolicy.self, try await setting(RetentionKeys.policy), column: "retention")
    }

    /// A setting's value; nil when the key is absent.
    func setting(_ key: String) async throws -> String? {
        try await first("SELECT value FROM settings WHERE key = \(key)")?.string("value")
    }

    /// Creates or replaces a setting.
    func setSetting(_ key: String, _ value: String) async throws {
        try await execute(
            """
            INSERT INTO settings (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
    }

    /// The slices `params` selects under the stored policies (see ``PruneRunsParams/slices(policy:queuePolicies:)``).
    private func pruneSlices(_ params: PruneRunsParams) async throws -> [PruneSlice] {
        guard case .retention = params.age else { return params.slices(policy: .standard, queuePolicies: [:]) }
        var queuePolicies: [String: RetentionPolicy] = [:]
        for row in try await rows("SELECT name, retention FROM queues WHERE retention IS NOT NULL") {
            queuePolicies[try row.string("name")] = try row.json(RetentionPolicy.self, "retention")
        }
        return params.slices(policy: try await storedRetentionPolicy() ?? .standard, queuePolicies: queuePolicies)
    }

    /// `SELECT <columns> FROM runs` restricted to a slice: one range scan of the `runs_summary` index
    /// (status, finished_at, queue), in finish order.
    private func prunable(_ slice: PruneSlice, _ columns: String) -> QueryBuilder {
        var query = QueryBuilder("SELECT \(columns) FROM runs WHERE status = ")
        query.append(query.bind(slice.status.rawValue))
        query.append(" AND finished_at < " + query.bind(slice.finishedBefore.millis))
        if let queue = slice.queue { query.append(" AND queue = " + query.bind(queue)) }
        if !slice.excludedQueues.isEmpty {
            query.append(" AND queue <> ALL(" + query.bind(slice.excludedQueues) + ")")
        }
        return query
    }

    /// A dry run: every run `params` selects counted, and the first `limit` of them listed.
    func countPrunable(_ params: PruneRunsParams) async throws -> PruneResult {
        var count = 0
        var ids: [RunID] = []
        for slice in try await pruneSlices(params) {
            count += try await self.count(prunable(slice, "count(*) AS count").query)
            if ids.count < params.limit {
                var query = prunable(slice, "id")
                query.append(" ORDER BY finished_at LIMIT " + query.bind(params.limit - ids.count))
                ids += try await rows(query.query).map { try $0.string("id") }
            }
        }
        return PruneResult(runIds: ids, count: count, more: count > ids.count)
    }

    /// Deletes up to `limit` runs `params` selects, oldest finished first within each slice.
    func prune(_ params: PruneRunsParams) async throws -> PruneResult {
        var ids: [RunID] = []
        var newestCreated: Millis?
        var more = false
        for slice in try await pruneSlices(params) {
            let room = params.limit - ids.count
            // Runs locked elsewhere are skipped, not waited for: another prune is deleting them, or another
            // operation holds them (and may yet retry them; the status is checked again once it commits).
            // One row beyond the room left says another call has work (with no room left, that row is all).
            var query = prunable(slice, "id, created_at")
            query.append(" ORDER BY finished_at LIMIT " + query.bind(room + 1) + " FOR UPDATE SKIP LOCKED")
            let rows = try await rows(query.query)
            for row in rows.prefix(room) {
                ids.append(try row.string("id"))
                newestCreated = max(newestCreated ?? .min, try row.int64("created_at"))
            }
            if rows.count > room {
                more = true
                break
            }
        }
        guard !ids.isEmpty else { return PruneResult(more: more) }
        try await deleteRuns(ids)
        try await recordPruned(ids.count, newestCreatedAt: newestCreated.map(Date.init(millis:)), at: params.now)
        return PruneResult(runIds: ids, count: ids.count, more: more)
    }

    /// Deletes runs (locked by this transaction) with everything that belongs to them, one statement per table,
    /// each a lookup of the ids in its `run_id` index. Idempotency keys, audit entries and activity counts stay.
    private func deleteRuns(_ ids: [RunID]) async throws {
        let tables = [
            ("attempts", "run_id"), ("steps", "run_id"), ("logs", "run_id"), ("timeline", "run_id"),
            ("event_consumptions", "run_id"), ("runs", "id"),
        ]
        for (table, column) in tables {
            var query = QueryBuilder("DELETE FROM \(table) WHERE \(column) = ANY(")
            query.append(query.bind(ids) + ")")
            try await execute(query.query)
        }
    }

    /// Adds `count` deleted runs to the history and to the `pruned` change counter, and tells listeners at
    /// commit. The history's row is created or locked first, so prunes committing at once add to it one after
    /// another (none loses another's count); this is the transaction's last step, so the lock is held briefly.
    private func recordPruned(_ count: Int, newestCreatedAt: Date?, at now: Date) async throws {
        let empty = try StoredJSON.encode(PruneHistory())
        let row = try await first(
            """
            INSERT INTO settings (key, value) VALUES (\(RetentionKeys.history), \(empty))
            ON CONFLICT (key) DO UPDATE SET value = settings.value
            RETURNING value
            """)
        let stored = try StoredJSON.decode(PruneHistory.self, try row?.string("value"), column: "pruned")
        let history = (stored ?? PruneHistory()).adding(count, newestCreatedAt: newestCreatedAt, at: now)
        try await setSetting(RetentionKeys.history, StoredJSON.encode(history))
        try await execute("UPDATE change_counters SET value = value + \(count) WHERE topic = 'pruned'")
        try await notify("pruned")
    }
}
