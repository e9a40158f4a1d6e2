import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Sets or clears a queue's retention policy, or the store's (see ``JobStore/setRetention(_:)``).
    public func setRetention(_ params: SetRetentionParams) async throws -> RetentionSettings {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let policy = try StoredJSON.encode(params.policy)
            if let queue = params.queue {
                try tx.db.execute(
                    sql: """
                        INSERT INTO queues (name, paused, retention, updated_at) VALUES (?, 0, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET retention = excluded.retention, updated_at = excluded.updated_at
                        """, arguments: [queue, policy, params.now.millis])
            } else if let policy {
                try tx.setSetting(RetentionKeys.policy, policy)
            } else {
                try tx.db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [RetentionKeys.policy])
            }
            return try tx.retentionSettings()
        }
    }

    /// The store's retention policy and what has been pruned (see ``JobStore/retentionSettings()``).
    public func retentionSettings() async throws -> RetentionSettings {
        try await read { tx in try tx.retentionSettings() }
    }

    /// Deletes (or, dry, counts) finished runs old enough to go (see ``JobStore/pruneRuns(_:)``). SQLite has one
    /// writer, so batches from several processes simply take turns.
    public func pruneRuns(_ params: PruneRunsParams) async throws -> PruneResult {
        try params.validate()
        if params.dryRun { return try await read { tx in try tx.countPrunable(params) } }
        return try await write { tx in try tx.prune(params) }
    }
}

/// The `settings` keys retention keeps.
enum RetentionKeys {
    static let policy = "retention"
    static let history = "pruned"
}

extension Transaction {
    func retentionSettings() throws -> RetentionSettings {
        let policy = try storedRetentionPolicy()
        return RetentionSettings(policy: policy ?? .standard, isSet: policy != nil, history: try pruneHistory())
    }

    /// The store's policy as set; nil when none is.
    private func storedRetentionPolicy() throws -> RetentionPolicy? {
        try StoredJSON.decode(RetentionPolicy.self, setting(RetentionKeys.policy), column: "retention")
    }

    /// What has been pruned so far.
    private func pruneHistory() throws -> PruneHistory {
        try StoredJSON.decode(PruneHistory.self, setting(RetentionKeys.history), column: "pruned") ?? PruneHistory()
    }

    func setting(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = ?"), arguments: [key])
    }

    func setSetting(_ key: String, _ value: String?) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).execute(arguments: [key, value])
    }

    /// The slices `params` selects under the stored policies.
    func pruneSlices(_ params: PruneRunsParams) throws -> [PruneSlice] {
        // An explicit age reads no policy; the prune history is read only once something was deleted.
        guard case .retention = params.age else { return params.slices(policy: .standard, queuePolicies: [:]) }
        var queuePolicies: [String: RetentionPolicy] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT name, retention FROM queues WHERE retention IS NOT NULL")
        for row in rows {
            queuePolicies[row["name"]] = try StoredJSON.decode(
                RetentionPolicy.self, row["retention"], column: "retention")
        }
        return params.slices(policy: try storedRetentionPolicy() ?? .standard, queuePolicies: queuePolicies)
    }

    /// A slice's condition on `runs`, served by the `runs_summary` index (status, finished_at, queue).
    private func condition(_ slice: PruneSlice) -> (sql: String, arguments: StatementArguments) {
        var sql = "status = ? AND finished_at < ?"
        var arguments: StatementArguments = [slice.status.rawValue, slice.finishedBefore.millis]
        if let queue = slice.queue {
            sql += " AND queue = ?"
            arguments += [queue]
        }
        if !slice.excludedQueues.isEmpty {
            sql +=
                " AND queue NOT IN (" + Array(repeating: "?", count: slice.excludedQueues.count).joined(separator: ", ")
                + ")"
            arguments += StatementArguments(slice.excludedQueues)
        }
        return (sql, arguments)
    }

    func countPrunable(_ params: PruneRunsParams) throws -> PruneResult {
        var count = 0
        var ids: [RunID] = []
        for slice in try pruneSlices(params) {
            let (sql, arguments) = condition(slice)
            count += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE \(sql)", arguments: arguments) ?? 0
            if ids.count < params.limit {
                ids += try String.fetchAll(
                    db, sql: "SELECT id FROM runs WHERE \(sql) ORDER BY finished_at LIMIT ?",
                    arguments: arguments + [params.limit - ids.count])
            }
        }
        return PruneResult(runIds: ids, count: count, more: count > ids.count)
    }

    func prune(_ params: PruneRunsParams) throws -> PruneResult {
        var ids: [RunID] = []
        var newestCreated: Int64?
        var more = false
        for slice in try pruneSlices(params) {
            let room = params.limit - ids.count
            let (sql, arguments) = condition(slice)
            // One row beyond the room left says another call has work (with no room left, that row is all).
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, created_at FROM runs WHERE \(sql) ORDER BY finished_at LIMIT ?",
                arguments: arguments + [room + 1])
            for row in rows.prefix(room) {
                ids.append(row["id"])
                newestCreated = max(newestCreated ?? .min, row["created_at"])
            }
            if rows.count > room {
                more = true
                break
            }
        }
        try deleteRuns(ids)
        if !ids.isEmpty {
            let history = try pruneHistory().adding(
                ids.count, newestCreatedAt: newestCreated.map { Date(millis: $0) }, at: params.now)
            try setSetting(RetentionKeys.history, StoredJSON.encode(history))
            try db.execute(
                sql: "UPDATE change_counters SET value = value + ? WHERE topic = 'pruned'", arguments: [ids.count])
        }
        return PruneResult(runIds: ids, count: ids.count, more: more)
    }

    /// Deletes runs with everything that belongs to them, in chunks that stay under SQLite's variable limit.
    private func deleteRuns(_ ids: [RunID]) throws {
        let tables = [
            ("attempts", "run_id"), ("steps", "run_id"), ("logs", "run_id"), ("timeline", "run_id"),
            ("event_consumptions", "run_id"), ("runs", "id"),
        ]
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for (table, column) in tables {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE \(column) IN (\(placeholders))",
                    arguments: StatementArguments(chunk))
            }
            start += chunk.count
        }
    }
}
