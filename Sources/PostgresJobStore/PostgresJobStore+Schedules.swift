import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Creates or replaces a schedule, keeping its fire times when the cron and time zone are unchanged.
    ///
    /// Definitions of one schedule take turns on an advisory lock for its name, and each reads the stored
    /// schedule locked: engines starting at once and defining the same schedule cannot undo a fire that
    /// happened in between, since a fire waits for the row and a definition sees what the fire committed.
    public func upsertSchedule(_ params: UpsertScheduleParams) async throws -> ScheduleRecord {
        try params.validate()
        return try await write { tx in
            try await tx.lock("schedule", params.name)
            let existing = try await tx.first("SELECT * FROM schedules WHERE name = \(params.name) FOR UPDATE")
                .map(Decode.schedule)
            let nextFireAt = params.nextFireAt(keeping: existing)
            let row = try await tx.first(
                """
                INSERT INTO schedules (name, cron, time_zone, job, payload, queue, next_fire_at, updated_at)
                VALUES (\(params.name), \(params.cron), \(params.timeZone), \(params.job), \(params.payloadJSON),
                    \(params.queue), \(nextFireAt.millis), \(params.now.millis))
                ON CONFLICT (name) DO UPDATE SET next_fire_at = excluded.next_fire_at, cron = excluded.cron,
                    time_zone = excluded.time_zone, job = excluded.job, payload = excluded.payload,
                    queue = excluded.queue, updated_at = excluded.updated_at
                RETURNING *
                """)
            guard let row else {
                throw JobStoreError.unavailable("PostgreSQL \(tx.location) did not return the schedule")
            }
            try await tx.ensureQueue(params.queue, now: params.now.millis)
            return try Decode.schedule(row)
        }
    }

    /// All schedules, by name.
    public func listSchedules() async throws -> [ScheduleRecord] {
        try await read { tx in try await tx.rows("SELECT * FROM schedules ORDER BY name").map(Decode.schedule) }
    }

    /// Fires a schedule exactly once across every engine: a compare-and-set on `next_fire_at`
    /// (`UPDATE … WHERE next_fire_at = $expected RETURNING`) advances it and creates the run in one
    /// transaction. A concurrent fire of the same time waits on the schedule's row, then finds it moved on
    /// and returns nil.
    public func fireSchedule(_ params: FireScheduleParams) async throws -> RunRecord? {
        try params.validate()
        return try await write { tx in
            let advanced = try await tx.first(
                """
                UPDATE schedules SET next_fire_at = \(params.nextFireAt.millis), last_fire_at = \(params.fireAt.millis)
                WHERE name = \(params.name) AND next_fire_at = \(params.expectedNextFireAt.millis)
                RETURNING name
                """)
            guard advanced != nil else {
                let exists = try await tx.first("SELECT 1 AS found FROM schedules WHERE name = \(params.name)")
                if exists == nil { throw JobStoreError.scheduleNotFound(params.name) }
                return nil
            }
            // A fire deduplicated against a run retention pruned still advances the schedule, creating nothing.
            let created = try await tx.createRun(params.run)
            try await tx.execute("UPDATE schedules SET last_run_id = \(created.runId) WHERE name = \(params.name)")
            return created.run
        }
    }
}
