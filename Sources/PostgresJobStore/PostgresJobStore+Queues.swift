import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Sets a queue's concurrency limit and default retry policy, creating the queue if needed; its
    /// paused flag is kept. Waits for claims in progress on the queue, so a new limit applies to every
    /// claim that commits after it.
    public func configureQueue(_ params: ConfigureQueueParams) async throws -> QueueRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let policy = try StoredJSON.encode(params.retryPolicy)
            let row = try await tx.first(
                """
                INSERT INTO queues (name, concurrency_limit, paused, retry_policy, updated_at)
                VALUES (\(params.name), \(params.concurrencyLimit), false, \(policy), \(params.now.millis))
                ON CONFLICT (name) DO UPDATE SET concurrency_limit = excluded.concurrency_limit,
                    retry_policy = excluded.retry_policy, updated_at = excluded.updated_at
                RETURNING *
                """)
            tx.queueSettingsChanged()
            return try tx.returnedQueue(row)
        }
    }

    /// Pauses or resumes a queue, creating it if needed; its other settings are kept.
    public func setQueuePaused(_ params: SetQueuePausedParams) async throws -> QueueRecord {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in
            let row = try await tx.first(
                """
                INSERT INTO queues (name, paused, updated_at)
                VALUES (\(params.name), \(params.paused), \(params.now.millis))
                ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
                RETURNING *
                """)
            tx.queueSettingsChanged()
            return try tx.returnedQueue(row)
        }
    }
}

extension Transaction {
    func returnedQueue(_ row: Row?) throws -> QueueRecord {
        guard let row else { throw JobStoreError.unavailable("PostgreSQL \(location) did not return the queue") }
        return try Decode.queue(row)
    }
}
