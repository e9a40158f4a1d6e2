import Foundation
import JobStore
import Testing

@Suite("Creation, event and schedule rules")
struct CreationRuleTests {
    private func params(job: String = "job", queue: String = "default", runAt: Date? = nil) -> CreateRunParams {
        CreateRunParams(
            id: "run_1", job: job, queue: queue, payloadJSON: "{}", runAt: runAt, now: RecordFixtures.at(10))
    }

    @Test("a run needs a job and a queue")
    func validation() throws {
        #expect(throws: JobStoreError.invalidInput("a run needs a job name")) { try params(job: "").validate() }
        #expect(throws: JobStoreError.invalidInput("a run needs a queue name")) { try params(queue: "").validate() }
        try params().validate()
    }

    @Test("a run due later than now, to the stored millisecond, starts scheduled")
    func initialStatus() {
        #expect(params().initialStatus == .queued && params().initialQueuedAt == RecordFixtures.at(10))
        #expect(params(runAt: RecordFixtures.at(9)).initialStatus == .queued)
        #expect(params(runAt: RecordFixtures.at(10.0004)).initialStatus == .queued, "the same millisecond")
        let later = params(runAt: RecordFixtures.at(10.001))
        #expect(later.initialStatus == .scheduled && later.initialQueuedAt == nil)
    }

    @Test("the created and deduplicated entries read exactly")
    func creationMessages() {
        var run = RecordFixtures.run(.queued)
        #expect(run.creationMessage == "created on queue default")
        run.status = .scheduled
        run.runAt = RecordFixtures.at(50)
        #expect(run.creationMessage == "created on queue default, scheduled for 2026-01-01T00:00:50Z")
        #expect(run.deduplicationMessage(key: "order-1") == "a start with idempotency key order-1 returned this run")
    }

    @Test("an arriving event queues its waiting run at once to resume")
    func resumes() throws {
        var run = RecordFixtures.run(.waiting, attempt: 1)
        run.wait = WaitCondition(step: "confirm", eventName: "paid", eventKey: "k1", since: RecordFixtures.at(1))
        let event = EventRecord(
            id: 4, name: "paid", key: "k1", payloadJSON: "{}", receivedAt: RecordFixtures.at(9),
            expiresAt: RecordFixtures.at(99))
        let update = try #require(run.resuming(with: event, now: RecordFixtures.at(9)))
        #expect(update.run.status == .queued && update.run.wait == nil)
        #expect(update.run.runAt == RecordFixtures.at(9) && update.queuedAt == RecordFixtures.at(9))
        #expect(update.timelineKind == .eventReceived && update.step == "confirm")
        #expect(update.message == "event paid key k1 (#4) arrived; queued to resume")
        run.wait = nil
        #expect(run.resuming(with: event, now: RecordFixtures.at(9)) == nil)
        #expect(throws: JobStoreError.invalidInput("an event needs a name")) {
            try SendEventParams(name: "", key: "k", payloadJSON: "{}", expiresAt: .now, now: .now).validate()
        }
    }

    @Test("a redefined schedule keeps its next fire time only while its timing is unchanged")
    func scheduleTiming() throws {
        let params = UpsertScheduleParams(
            name: "nightly", cron: "0 3 * * *", timeZone: "UTC", job: "job", payloadJSON: "{}", queue: "default",
            nextFireAt: RecordFixtures.at(500), now: RecordFixtures.at(10))
        var stored = ScheduleRecord(
            name: "nightly", cron: "0 3 * * *", timeZone: "UTC", job: "job", payloadJSON: "{}", queue: "default",
            nextFireAt: RecordFixtures.at(100), updatedAt: RecordFixtures.at(1))
        #expect(params.nextFireAt(keeping: nil) == RecordFixtures.at(500))
        #expect(params.nextFireAt(keeping: stored) == RecordFixtures.at(100))
        stored.timeZone = "Europe/Paris"
        #expect(params.nextFireAt(keeping: stored) == RecordFixtures.at(500))
        stored.timeZone = "UTC"
        stored.cron = "0 4 * * *"
        #expect(params.nextFireAt(keeping: stored) == RecordFixtures.at(500))
        try params.validate()
        var unnamed = params
        unnamed.queue = ""
        #expect(throws: JobStoreError.invalidInput("a schedule needs a name, a job and a queue")) {
            try unnamed.validate()
        }
    }

    @Test("a queue needs a name and a limit that is not negative")
    func queueInput() throws {
        let now = RecordFixtures.at(0)
        #expect(throws: JobStoreError.invalidInput("a queue needs a name")) {
            try ConfigureQueueParams(name: "", concurrencyLimit: nil, now: now).validate()
        }
        #expect(throws: JobStoreError.invalidInput("queue q: a concurrency limit cannot be negative (-1)")) {
            try ConfigureQueueParams(name: "q", concurrencyLimit: -1, now: now).validate()
        }
        #expect(throws: JobStoreError.invalidInput("a queue needs a name")) {
            try SetQueuePausedParams(name: "", paused: true, now: now).validate()
        }
        try ConfigureQueueParams(name: "q", concurrencyLimit: 0, now: now).validate()
    }
}
