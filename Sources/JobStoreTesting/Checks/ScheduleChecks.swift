import Foundation
import JobStore
import Testing

/// Recurring schedules: definitions keep their fire times, and each fire time creates exactly one run.
enum ScheduleChecks {
    static func upsert(
        _ store: any JobStore, _ name: String, cron: String = "0 3 * * *", zone: String = "UTC",
        next: TimeInterval, at seconds: TimeInterval
    ) async throws -> ScheduleRecord {
        try await store.upsertSchedule(
            UpsertScheduleParams(
                name: name, cron: cron, timeZone: zone, job: "nightly-report", payloadJSON: #"{"kind":"nightly"}"#,
                queue: "reports", nextFireAt: at(next), now: at(seconds)))
    }

    static func fire(
        _ store: any JobStore, _ name: String, expected: TimeInterval, next: TimeInterval
    ) async throws -> RunRecord? {
        try await store.fireSchedule(
            FireScheduleParams(
                name: name, expectedNextFireAt: at(expected), fireAt: at(expected), nextFireAt: at(next),
                run: Fixtures.createRun(job: "nightly-report", queue: "reports", now: at(expected))))
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("schedules: redefining keeps fire times unless the cron or zone changes") { store in
            let created = try await upsert(store, "nightly", next: 100, at: 0)
            #expect(created.nextFireAt == at(100) && created.lastFireAt == nil && created.lastRunId == nil)
            #expect(created.job == "nightly-report" && created.queue == "reports" && created.timeZone == "UTC")
            let run = try #require(try await fire(store, "nightly", expected: 100, next: 200))
            let same = try await upsert(store, "nightly", next: 150, at: 101)
            #expect(same.nextFireAt == at(200) && same.lastFireAt == at(100) && same.lastRunId == run.id)
            #expect(same.updatedAt == at(101))
            let moved = try await upsert(store, "nightly", cron: "0 4 * * *", next: 300, at: 102)
            #expect(moved.nextFireAt == at(300) && moved.cron == "0 4 * * *")
            let rezoned = try await upsert(
                store, "nightly", cron: "0 4 * * *", zone: "Europe/Paris", next: 400, at: 103)
            #expect(rezoned.nextFireAt == at(400))
            _ = try await upsert(store, "a-first", next: 500, at: 104)
            #expect(try await store.listSchedules().map(\.name) == ["a-first", "nightly"])
        },
        ConformanceCheck("schedules: a fire time creates exactly one run, even with two concurrent callers") { store in
            _ = try await upsert(store, "nightly", next: 100, at: 0)
            let fired = try await withThrowingTaskGroup(of: RunRecord?.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await fire(store, "nightly", expected: 100, next: 200) }
                }
                return try await group.reduce(into: [RunRecord]()) { if let run = $1 { $0.append(run) } }
            }
            #expect(fired.count == 1)
            let run = try #require(fired.first)
            #expect(run.job == "nightly-report" && run.queue == "reports" && run.status == .queued)
            #expect(try await store.allRuns().map(\.id) == [run.id])
            let schedule = try #require(try await store.listSchedules().first)
            #expect(schedule.nextFireAt == at(200) && schedule.lastFireAt == at(100) && schedule.lastRunId == run.id)
            #expect(try await fire(store, "nightly", expected: 100, next: 200) == nil, "a stale fire time is refused")
            #expect(try await fire(store, "nightly", expected: 200, next: 300) != nil)
            #expect(try await store.allRuns().count == 2)
        },
        ConformanceCheck("schedules: firing an unknown schedule is an error") { store in
            await #expect(throws: JobStoreError.scheduleNotFound("ghost")) {
                _ = try await fire(store, "ghost", expected: 0, next: 1)
            }
            let runs = try await store.allRuns()
            #expect(runs.isEmpty)
        },
    ]
}
