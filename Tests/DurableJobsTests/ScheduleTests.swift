import Foundation
import JobStore
import Testing

@testable import DurableJobs

@Suite("Cron schedules")
struct ScheduleTests {
    @Test("two engines on one database create exactly one run per fire time")
    func exactlyOncePerFireTime() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
        let engine = try TestEngine(manualClock: true, at: start)
        let clock = try #require(engine.clock)
        let other = try engine.sibling()
        for client in [engine.stackshift, other] {
            client.job("cleanup") { (_: JobContext<Item>) in }
            try await client.schedule(
                "nightly-cleanup", cron: "*/5 * * * *", timeZone: try utc(), job: "cleanup",
                payload: Item(id: "c"))
        }
        let fireTimes = (1...6).map { start.addingTimeInterval(Double($0) * 300) }
        try await TestEngine.withWorker(engine.stackshift) {
            try await TestEngine.withWorker(other) {
                for (index, fireTime) in fireTimes.enumerated() {
                    clock.set(fireTime)
                    // Both engines tick repeatedly at this fire time; only one run may come of it.
                    try await eventually("fire \(index + 1) to run") {
                        try await engine.stackshift.runs(RunQuery(job: "cleanup", limit: 100)).count == index + 1
                    }
                }
                // More ticks of both engines at the last fire time (the workers' own, and these, driven
                // here so they certainly happen): no extra run.
                for _ in 0..<3 {
                    await engine.stackshift.tick()
                    await other.tick()
                }
            }
        }
        let runs = try await engine.stackshift.runs(RunQuery(job: "cleanup", limit: 100))
        #expect(runs.count == 6)
        let keys = Set(runs.compactMap(\.idempotencyKey))
        #expect(keys.count == 6)
        let schedule = try #require(try await engine.stackshift.schedules().first)
        #expect(schedule.nextFireAt == start.addingTimeInterval(7 * 300))
        #expect(schedule.lastFireAt == fireTimes.last)
    }

    @Test("fires missed while nothing ran produce one catch-up run at start-up")
    func oneCatchUpRun() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let engine = try TestEngine(manualClock: true, at: start)
        let clock = try #require(engine.clock)
        engine.stackshift.job("report") { (_: JobContext<Item>) in }
        try await engine.stackshift.schedule(
            "hourly-report", cron: "0 * * * *", timeZone: try utc(), job: "report",
            payload: Item(id: "r"))
        // Five hours pass with no worker running.
        clock.advance(by: 5 * 3600 + 60)
        try await engine.withWorker {
            try await eventually("the catch-up run") {
                try await engine.stackshift.runs(RunQuery(job: "report")).count == 1
            }
            // Later ticks at the same time, driven here so they certainly happen, fire nothing more.
            for _ in 0..<3 { await engine.stackshift.tick() }
        }
        let runs = try await engine.stackshift.runs(RunQuery(job: "report"))
        #expect(runs.count == 1)
        let schedule = try #require(try await engine.stackshift.schedules().first)
        #expect(schedule.lastFireAt == start.addingTimeInterval(5 * 3600), "it stands for the latest missed time")
        #expect(schedule.nextFireAt == start.addingTimeInterval(6 * 3600))
    }

    @Test("an invalid expression is an error naming the bad field")
    func invalidExpression() async throws {
        let engine = try TestEngine()
        #expect(throws: CronExpressionError.self) {
            try CronExpression("0 25 * * *")
        }
        do {
            try await engine.stackshift.schedule("bad", cron: "0 9 * JANUARY MON", job: "x", payload: Item(id: "x"))
            Issue.record("expected an error")
        } catch let error as CronExpressionError {
            #expect(error.field == "month")
            #expect(String(describing: error).contains("month field \"JANUARY\""))
        }
        #expect(try await engine.stackshift.schedules().isEmpty, "nothing is stored")
    }
}

/// The UTC time zone, or a failure (never a crash) if the system does not know it.
private func utc() throws -> TimeZone {
    try #require(TimeZone(identifier: "UTC"))
}
