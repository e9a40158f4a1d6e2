import DurableJobs
import Foundation
import JobStore

/// The `nightly-cleanup` schedule, fired by the demo at its own pace.
///
/// The engine fires cron schedules on the real wall clock, whose finest step is a minute; the demo's
/// cleanup fires every minute of *scenario* time (six real seconds at speed 10). So the demo keeps the
/// schedule itself: it stores it like any other (the Schedules view shows it, with its real next fire time)
/// and fires it through the store's exactly-once ``JobStore/fireSchedule(_:)``, without registering it
/// with the engine, whose own firing would put it back on real minutes.
struct CleanupSchedule: Sendable {
    private let store: any JobStore
    private let pace: DemoPace

    /// How often it fires, in scenario time: the ``DemoJobs/cleanupCron`` `* * * * *`.
    static let interval = DemoDuration.minutes(1)

    init(store: any JobStore, pace: DemoPace) {
        self.store = store
        self.pace = pace
    }

    /// Stores the schedule, due one scenario minute from now, and returns when it is due. A database kept
    /// from an earlier demo keeps its stored fire time, so a schedule overdue there fires at once, as a catch-up.
    func register(now: Date) async throws -> Date {
        let record = try await store.upsertSchedule(
            UpsertScheduleParams(
                name: DemoJobs.cleanupSchedule, cron: DemoJobs.cleanupCron, timeZone: "UTC",
                job: DemoJob.nightlyCleanup.rawValue, payloadJSON: try Self.payloadJSON(),
                queue: DemoJob.nightlyCleanup.queue.rawValue, nextFireAt: next(after: now), now: now))
        return record.nextFireAt
    }

    /// Fires the schedule that was due at `due`, creating one `nightlyCleanup` run, and returns when it is
    /// due next.
    func fire(due: Date, now: Date) async throws -> Date {
        let stamp = ISO8601DateFormatter.string(
            from: now, timeZone: TimeZone(identifier: "UTC") ?? .current,
            formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        let run = CreateRunParams(
            id: Identifier.run(at: now), job: DemoJob.nightlyCleanup.rawValue,
            queue: DemoJob.nightlyCleanup.queue.rawValue, payloadJSON: try Self.payloadJSON(),
            retryPolicy: pace.real(DemoJob.nightlyCleanup.retryPolicy),
            idempotencyKey: "schedule:\(DemoJobs.cleanupSchedule):\(stamp)", now: now)
        let next = next(after: now)
        let fired = try await store.fireSchedule(
            FireScheduleParams(
                name: DemoJobs.cleanupSchedule, expectedNextFireAt: due, fireAt: now, nextFireAt: next, run: run))
        guard fired == nil else { return next }
        // Someone else moved it (another demo on the same database): take the stored time.
        return try await store.listSchedules().first { $0.name == DemoJobs.cleanupSchedule }?.nextFireAt ?? next
    }

    private func next(after now: Date) -> Date {
        now.addingTimeInterval(pace.realSeconds(Self.interval.seconds))
    }

    private static func payloadJSON() throws -> String {
        // The engine's own JSON form (sorted keys), as a schedule registered with it would store.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(DemoJobs.progressRetention), as: UTF8.self)
    }
}
