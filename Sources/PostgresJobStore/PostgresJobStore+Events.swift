import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Stores an event and, in the same transaction, resumes every run waiting on its exact name and key
    /// (see ``JobStore/sendEvent(_:)``). Serialised with waits on the same pair (see ``awaitEvent(_:)``).
    public func sendEvent(_ params: SendEventParams) async throws -> SendEventResult {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in try await tx.sendEvent(params) }
    }

    /// Deletes an event and its consumptions (see ``JobStore/deleteEvent(_:)``); an operator's deletion is
    /// recorded with what the event was, in the same transaction. Serialised with waits and sends on the
    /// event's pair, so no wait records consuming it after it is gone.
    public func deleteEvent(_ params: DeleteEventParams) async throws -> Bool {
        try await write { tx in
            guard let pair = try await tx.first("SELECT name, key FROM events WHERE id = \(params.eventId)") else {
                return false
            }
            try await tx.lockEventPair(name: try pair.string("name"), key: try pair.string("key"))
            guard let row = try await tx.first("DELETE FROM events WHERE id = \(params.eventId) RETURNING *") else {
                return false
            }
            let event = try Decode.event(row)
            try await tx.execute("DELETE FROM event_consumptions WHERE event_id = \(params.eventId)")
            guard params.deletes(event) else { return false }
            if let entry = params.auditEntry(for: event) { try await tx.insertAudit(entry) }
            return true
        }
    }

    /// Unexpired events, newest first, each with the runs that consumed it (see ``JobStore/listEvents(_:)``).
    public func listEvents(_ params: EventQuery) async throws -> [EventRecord] {
        try params.validate()
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            var query = QueryBuilder(
                """
                SELECT e.*, ARRAY(SELECT c.run_id FROM event_consumptions c WHERE c.event_id = e.id
                    ORDER BY c.consumed_at, c.run_id) AS consumed_by
                FROM events e
                """)
            query.append(" WHERE e.expires_at > " + query.bind(params.now.millis))
            if let name = params.name { query.append(" AND e.name = " + query.bind(name)) }
            if let key = params.key { query.append(" AND e.key = " + query.bind(key)) }
            if params.unconsumedOnly {
                query.append(" AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id)")
            }
            query.append(" ORDER BY e.id DESC LIMIT " + query.bind(params.limit))
            return try await tx.rows(query.query).map(Decode.event)
        }
    }
}

extension Transaction {
    func sendEvent(_ params: SendEventParams) async throws -> SendEventResult {
        try await lockEventPair(name: params.name, key: params.key)
        let inserted = try await first(
            """
            INSERT INTO events (name, key, payload, received_at, expires_at)
            VALUES (\(params.name), \(params.key), \(params.payloadJSON), \(params.now.millis),
                \(params.expiresAt.millis))
            RETURNING *
            """)
        guard let inserted else {
            throw JobStoreError.unavailable("PostgreSQL \(location) did not return the new event")
        }
        var event = try Decode.event(inserted)

        let waiting = try await rows(
            """
            SELECT * FROM runs
            WHERE status = 'waiting' AND wait_event_name = \(params.name) AND wait_event_key = \(params.key)
                AND created_at <= \(params.now.millis)
            ORDER BY id FOR UPDATE
            """)
        var resumed: [RunID] = []
        for current in try waiting.map(Decode.run) {
            guard let update = current.resuming(with: event, sentBy: params.audit?.actorDescription, now: params.now),
                let step = update.step
            else { continue }
            try await recordConsumption(eventId: event.id, runId: current.id, step: step, now: params.now)
            try await execute(
                """
                UPDATE steps SET status = 'completed', result = \(params.payloadJSON), ended_at = \(params.now.millis)
                WHERE run_id = \(current.id) AND name = \(step)
                """)
            try await apply(update, from: current.status, at: params.now)
            resumed.append(current.id)
        }
        event.consumedBy = resumed
        return SendEventResult(event: event, resumed: resumed)
    }
}

/// Builds a query whose conditions depend on the parameters, numbering each bound value.
struct QueryBuilder {
    private(set) var sql: String
    private var bindings = PostgresBindings()

    init(_ sql: String) {
        self.sql = sql
    }

    /// Binds a value and returns its placeholder (`$n`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// Binds a value or NULL and returns its placeholder (`$n`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    mutating func append(_ text: String) {
        sql += text
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
