import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

/// Options given to one start: when it runs, and how it is retried.
@Suite("Start options")
struct StartOptionsTests {
    @Test("runAt schedules the run for that instant, wins over delay, and a past runAt queues it at once")
    func runAt() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        engine.stackshift.job("report") { (_: JobContext<Item>) in }
        let at = clock.now().addingTimeInterval(3600)
        let started = try await engine.stackshift.start(
            "report", payload: Item(id: "r"), options: StartOptions(delay: .seconds(5), runAt: at))
        #expect(started.status == .scheduled)
        #expect(started.run?.runAt == at, "runAt wins over delay")
        let past = try await engine.stackshift.start(
            "report", payload: Item(id: "p"), options: StartOptions(runAt: clock.now().addingTimeInterval(-60)))
        #expect(past.status == .queued)
        try await engine.withWorker {
            #expect(try await engine.stackshift.waitForRun(past.id, timeout: .testPatience).status == .completed)
            clock.advance(by: 3599)
            try await engine.probe()
            #expect(try await engine.stackshift.run(started.id)?.run.status == .scheduled, "not before its time")
            clock.advance(by: 1)
            let run = try await engine.stackshift.waitForRun(started.id, timeout: .testPatience)
            #expect(run.status == .completed)
            #expect(run.startedAt == at)
        }
    }

    @Test("a start's own retryPolicy wins over the job's: it sets the run's attempts and delays")
    func perStartRetryPolicy() async throws {
        let engine = try TestEngine()
        let failures = Mutex<[String: Int]>([:])
        engine.stackshift.job("sync", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) in
            let failed = failures.withLock { $0[ctx.payload.id, default: 0] }
            if failed < 2 {
                failures.withLock { $0[ctx.payload.id, default: 0] += 1 }
                throw JobError("upstream busy")
            }
        }
        let policy = RetryPolicy(maxAttempts: 3, initialDelay: 0, jitter: 0)
        let patient = try await engine.stackshift.start(
            "sync", payload: Item(id: "patient"), options: StartOptions(retryPolicy: policy))
        let plain = try await engine.stackshift.start("sync", payload: Item(id: "plain"))
        #expect(patient.run?.retryPolicy == policy && patient.run?.maxAttempts == 3)
        #expect(plain.run?.retryPolicy == .never && plain.run?.maxAttempts == 1)
        try await engine.withWorker {
            let retried = try await engine.stackshift.waitForRun(patient.id, timeout: .testPatience)
            #expect(retried.status == .completed)
            #expect(retried.attempt == 3 && retried.failures == 2)
            let failed = try await engine.stackshift.waitForRun(plain.id, timeout: .testPatience)
            #expect(failed.status == .failed)
            #expect(failed.attempt == 1 && failed.error?.message == "upstream busy")
        }
    }
}
