import Foundation
import JobStore

extension StackShift {
    /// Registers a recurring schedule: a run of `job` at every fire time of a five-field cron expression,
    /// read in `timeZone`.
    ///
    /// Exactly one run is created per fire time, however many engines share the database. Fire times missed
    /// while no worker ran produce ONE catch-up run (for the latest missed time) when a worker next starts,
    /// not one per missed time.
    ///
    /// - Throws: `CronExpressionError` naming the bad field, for an invalid expression.
    public func schedule<Payload: Encodable & Sendable>(
        _ name: String, cron: String, timeZone: TimeZone = .current, job: String, payload: Payload,
        queue: String? = nil
    ) async throws {
        let expression = try CronExpression(cron)
        let definition = ScheduleDefinition(
            name: name, cron: expression, timeZone: timeZone, job: job, payloadJSON: try JSONCodec.encode(payload),
            queue: queue ?? self.definition(job)?.options.queue ?? "default")
        let now = clock.now()
        guard let next = expression.nextFireTime(after: now, in: timeZone) else {
            throw JobStoreError.invalidInput("cron expression \"\(cron)\" never fires")
        }
        _ = try await store.upsertSchedule(
            UpsertScheduleParams(
                name: name, cron: expression.description, timeZone: timeZone.identifier, job: job,
                payloadJSON: definition.payloadJSON, queue: definition.queue, nextFireAt: next, now: now))
        scheduleDefinitions.withLock { $0[name] = definition }
    }

    /// The schedules stored in the database, with their next fire times.
    public func schedules() async throws -> [ScheduleRecord] {
        try await store.listSchedules()
    }

    /// Fires every registered schedule that is due. Safe to call from any number of engines at once.
    func fireDueSchedules() async {
        let definitions = scheduleDefinitions.withLock { $0 }
        guard !definitions.isEmpty else { return }
        do {
            let now = clock.now()
            for record in try await store.listSchedules() where record.nextFireAt <= now {
                guard let definition = definitions[record.name] else { continue }
                // Catch-up: only the latest missed fire time runs.
                let fireAt =
                    definition.cron.previousFireTime(atOrBefore: now, in: definition.timeZone)
                    ?? record.nextFireAt
                guard let next = definition.cron.nextFireTime(after: now, in: definition.timeZone) else { continue }
                let iso = ISO8601DateFormatter().string(from: fireAt)
                let run = CreateRunParams(
                    id: Identifier.run(at: now), job: record.job, queue: record.queue,
                    payloadJSON: record.payloadJSON,
                    retryPolicy: self.definition(record.job)?.options.retryPolicy,
                    idempotencyKey: "schedule:\(record.name):\(iso)", now: now)
                if try await store.fireSchedule(
                    FireScheduleParams(
                        name: record.name, expectedNextFireAt: record.nextFireAt, fireAt: fireAt, nextFireAt: next,
                        run: run)) != nil
                {
                    wakeWorkers()
                }
            }
        } catch {
            logger.error("could not fire schedules: \(error)")
        }
    }
}
