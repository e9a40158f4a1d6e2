import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Sets a queue's concurrency limit and default retry policy, creating the queue if needed; its
    /// paused flag is kept.
    public func configureQueue(_ params: ConfigureQueueParams) async throws -> QueueRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let statement = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO queues (name, concurrency_limit, paused, retry_policy, updated_at) VALUES (?, ?, 0, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET concurrency_limit = excluded.concurrency_limit,
                        retry_policy = excluded.retry_policy, updated_at = excluded.updated_at
                    RETURNING *
                    """)
            let arguments: StatementArguments = [
                params.name, params.concurrencyLimit, try StoredJSON.encode(params.retryPolicy), params.now.millis,
            ]
            return try tx.returnedQueue(statement, arguments)
        }
    }

    /// Pauses or resumes a queue, creating it if needed; its other settings are kept.
    public func setQueuePaused(_ params: SetQueuePausedParams) async throws -> QueueRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let statement = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO queues (name, paused, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
                    RETURNING *
                    """)
            return try tx.returnedQueue(statement, [params.name, params.paused, params.now.millis])
        }
    }
}

extension Transaction {
    func returnedQueue(_ statement: Statement, _ arguments: StatementArguments) throws -> QueueRecord {
        guard let record = try Fetch.one(statement, arguments: arguments, Decode.queue) else {
            throw JobStoreError.unavailable("database \(location) did not return the queue")
        }
        return record
    }
}
