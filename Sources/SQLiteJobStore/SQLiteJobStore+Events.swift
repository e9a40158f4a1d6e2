import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Stores an event and, in the same transaction, resumes every run waiting on its exact name and key
    /// (see ``JobStore/sendEvent(_:)``).
    public func sendEvent(_ params: SendEventParams) async throws -> SendEventResult {
        try params.validate()
        return try await write(audited: params.audit, at: params.now) { tx in try tx.sendEvent(params) }
    }

    /// Deletes an event and its consumptions (see ``JobStore/deleteEvent(_:)``); an operator's deletion is
    /// recorded with what the event was, in the same transaction.
    public func deleteEvent(_ params: DeleteEventParams) async throws -> Bool {
        try await write { tx in
            let statement = try tx.db.cachedStatement(sql: "DELETE FROM events WHERE id = ? RETURNING *")
            guard let event = try Fetch.one(statement, arguments: [params.eventId], Decode.event) else { return false }
            try tx.db.execute(sql: "DELETE FROM event_consumptions WHERE event_id = ?", arguments: [params.eventId])
            guard params.deletes(event) else { return false }
            if let entry = params.auditEntry(for: event) { try tx.insertAudit(entry) }
            return true
        }
    }

    /// Unexpired events, newest first, each with the runs that consumed it (see ``JobStore/listEvents(_:)``).
    public func listEvents(_ params: EventQuery) async throws -> [EventRecord] {
        try params.validate()
        guard params.limit > 0 else { return [] }
        return try await read { tx in
            // One query: consumers are folded into a JSON array per event rather than read row by row.
            var sql = """
                SELECT e.*, (SELECT json_group_array(c.run_id) FROM event_consumptions c WHERE c.event_id = e.id)
                    AS consumed_by
                FROM events e WHERE e.expires_at > ?
                """
            var arguments: StatementArguments = [params.now.millis]
            if let name = params.name {
                sql += " AND e.name = ?"
                arguments += [name]
            }
            if let key = params.key {
                sql += " AND e.key = ?"
                arguments += [key]
            }
            if params.unconsumedOnly {
                sql += " AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id)"
            }
            sql += " ORDER BY e.id DESC LIMIT ?"
            arguments += [params.limit]
            return try Fetch.all(tx.db.cachedStatement(sql: sql), arguments: arguments, Decode.event)
        }
    }
}

extension Transaction {
    func sendEvent(_ params: SendEventParams) throws -> SendEventResult {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO events (name, key, payload, received_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING *")
        let arguments: StatementArguments = [
            params.name, params.key, params.payloadJSON, params.now.millis, params.expiresAt.millis,
        ]
        guard let row = try Row.fetchOne(insert, arguments: arguments) else {
            throw JobStoreError.unavailable("database \(location) did not return the new event")
        }
        var event = try Decode.event(row)

        let waiting = try db.cachedStatement(
            sql: """
                SELECT * FROM runs
                WHERE status = 'waiting' AND wait_event_name = ? AND wait_event_key = ? AND created_at <= ?
                ORDER BY id
                """)
        let completeStep = try db.cachedStatement(
            sql: "UPDATE steps SET status = 'completed', result = ?, ended_at = ? WHERE run_id = ? AND name = ?")
        var resumed: [RunID] = []
        for current in try Row.fetchAll(waiting, arguments: [params.name, params.key, params.now.millis])
            .map(Decode.run)
        {
            guard let update = current.resuming(with: event, sentBy: params.audit?.actorDescription, now: params.now),
                let step = update.step
            else { continue }
            try recordConsumption(eventId: event.id, runId: current.id, step: step, now: params.now)
            try completeStep.execute(arguments: [params.payloadJSON, params.now.millis, current.id, step])
            try apply(update, from: current, at: params.now)
            resumed.append(current.id)
        }
        event.consumedBy = resumed
        return SendEventResult(event: event, resumed: resumed)
    }
}
