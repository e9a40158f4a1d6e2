import Foundation
import JobStore
import Testing

@Suite("Read filter and ordering rules")
struct ReadRuleTests {
    @Test("search text becomes a contains-pattern with its own wildcards escaped")
    func searchPattern() {
        #expect(RunQuery(text: "bucket").searchPattern == "%bucket%")
        #expect(RunQuery(text: #"50%_off\now"#).searchPattern == #"%50\%\_off\\now%"#)
        #expect(RunQuery(text: "").searchPattern == nil)
        #expect(RunQuery().searchPattern == nil)
    }

    @Test("statuses are matched by their sorted stored names")
    func statusNames() {
        #expect(RunQuery(statuses: [.waiting, .failed, .queued]).statusNames == ["failed", "queued", "waiting"])
        #expect(RunCountParams(statuses: [.running, .canceled]).statusNames == ["canceled", "running"])
        #expect(RunQuery().statusNames.isEmpty)
    }

    @Test("counts are reported by queue, job, then status in lifecycle order")
    func countOrder() {
        let counts = [
            RunCount(job: "b", queue: "q1", status: .failed, count: 1),
            RunCount(job: "a", queue: "q2", status: .queued, count: 1),
            RunCount(job: "b", queue: "q1", status: .scheduled, count: 1),
            RunCount(job: "a", queue: "q1", status: .completed, count: 1),
        ]
        let ordered = RunCount.inReportOrder(counts).map { "\($0.queue)/\($0.job)/\($0.status.rawValue)" }
        #expect(ordered == ["q1/a/completed", "q1/b/scheduled", "q1/b/failed", "q2/a/queued"])
    }

    @Test("summaries list every queue by name, defaulting those known only from runs")
    func summaries() {
        let paused = QueueRecord(name: "b", paused: true, updatedAt: RecordFixtures.at(1))
        let idle = QueueRecord(name: "c", concurrencyLimit: 2, updatedAt: RecordFixtures.at(1))
        let counts = [
            QueueStatusCount(queue: "b", status: .queued, count: 3, oldestQueuedAt: RecordFixtures.at(5)),
            QueueStatusCount(queue: "b", status: .running, count: 1, oldestQueuedAt: RecordFixtures.at(2)),
            QueueStatusCount(queue: "a", status: .completed, count: 7),
        ]
        let summaries = QueueSummary.summaries(queues: [paused, idle], counts: counts)
        #expect(summaries.map(\.queue.name) == ["a", "b", "c"])
        #expect(summaries[0].queue == QueueRecord(name: "a", updatedAt: Date(timeIntervalSince1970: 0)))
        #expect(summaries[0].counts == [.completed: 7])
        #expect(summaries[1].queue == paused && summaries[1].counts == [.queued: 3, .running: 1])
        #expect(summaries[1].oldestQueuedAt == RecordFixtures.at(5), "the oldest queued, not the oldest running")
        #expect(summaries[2].counts.isEmpty && summaries[2].oldestQueuedAt == nil)
    }

    @Test("a timeline entry names the run's attempt only once it has one")
    func timelineEntry() {
        let created = TimelineEntry(
            recording: RecordFixtures.run(.queued), at: RecordFixtures.at(1), kind: .created, message: "m")
        #expect(
            created.attempt == nil && created.queue == "default" && created.job == "job" && created.status == .queued)
        let started = TimelineEntry(
            recording: RecordFixtures.running(attempt: 2), at: RecordFixtures.at(1), kind: .started, step: "s",
            message: "m")
        #expect(started.attempt == 2 && started.step == "s" && started.sequence == 0)
    }
}

@Suite("Run activity query buckets")
struct RunActivityQueryTests {
    @Test("buckets start at whole multiples of their length since 1970, before 1970 as after")
    func bucketStarts() {
        let query = RunActivityQuery(since: Date(timeIntervalSince1970: 0), now: Date(), bucketSeconds: 300)
        #expect(query.bucketMinute(0) == 0 && query.bucketMinute(4) == 0 && query.bucketMinute(5) == 5)
        #expect(query.bucketMinute(-1) == -5 && query.bucketMinute(-5) == -5 && query.bucketMinute(-6) == -10)
    }

    @Test("a finite but absurd since (-1e300 s) that validation lets through reads from Int64.min, without trapping")
    func absurdSince() throws {
        let since = Date(timeIntervalSince1970: -1e300)
        let query = RunActivityQuery(since: since, now: since.addingTimeInterval(3600), bucketSeconds: 300)
        try query.validate()
        #expect(query.firstMinute == .min)
        #expect(query.bucketMinute(.min + 1) == .min && query.bucketMinute(.min + 3) == .min + 3)
    }
}
