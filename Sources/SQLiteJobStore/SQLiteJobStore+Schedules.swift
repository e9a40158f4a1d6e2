import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Creates or replaces a schedule, keeping its fire times when the cron and time zone are unchanged.
    public func upsertSchedule(_ params: UpsertScheduleParams) async throws -> ScheduleRecord {
        try params.validate()
        return try await write { tx in
            let existing = try Row.fetchOne(
                tx.db.cachedStatement(sql: "SELECT * FROM schedules WHERE name = ?"), arguments: [params.name]
            ).map(Decode.schedule)
            let nextFireAt = params.nextFireAt(keeping: existing)
            let statement = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO schedules (name, cron, time_zone, job, payload, queue, next_fire_at, last_fire_at,
                        last_run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone,
                        job = excluded.job, payload = excluded.payload, queue = excluded.queue,
                        next_fire_at = excluded.next_fire_at, updated_at = excluded.updated_at
                    RETURNING *
                    """)
            let arguments: StatementArguments = [
                params.name, params.cron, params.timeZone, params.job, params.payloadJSON, params.queue,
                nextFireAt.millis, nil, nil, params.now.millis,
            ]
            guard let row = try Row.fetchOne(statement, arguments: arguments) else {
                throw JobStoreError.unavailable("database \(tx.location) did not return the schedule")
            }
            try tx.ensureQueue(params.queue, now: params.now.millis)
            return Decode.schedule(row)
        }
    }

    /// All schedules, by name.
    public func listSchedules() async throws -> [ScheduleRecord] {
        try await read { tx in
            try Fetch.all(tx.db.cachedStatement(sql: "SELECT * FROM schedules ORDER BY name"), Decode.schedule)
        }
    }

    /// Fires a schedule once: creates the run and advances the schedule only if `nextFireAt` is still the
    /// one the caller read, in one transaction, so of two engines racing for a fire time exactly one wins.
    public func fireSchedule(_ params: FireScheduleParams) async throws -> RunRecord? {
        try params.validate()
        return try await write { tx in
            let current = try Row.fetchOne(
                tx.db.cachedStatement(sql: "SELECT next_fire_at FROM schedules WHERE name = ?"),
                arguments: [params.name])
            guard let current else { throw JobStoreError.scheduleNotFound(params.name) }
            guard (current["next_fire_at"] as Millis) == params.expectedNextFireAt.millis else { return nil }
            // A fire deduplicated against a run retention pruned still advances the schedule, creating nothing.
            let created = try tx.createRun(params.run)
            let advance = try tx.db.cachedStatement(
                sql: "UPDATE schedules SET next_fire_at = ?, last_fire_at = ?, last_run_id = ? WHERE name = ?")
            try advance.execute(arguments: [params.nextFireAt.millis, params.fireAt.millis, created.runId, params.name])
            return created.run
        }
    }
}
