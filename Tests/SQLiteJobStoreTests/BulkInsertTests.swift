import Foundation
import JobStore
import SQLiteJobStore
import Testing

@Suite("SQLiteJobStore bulk insert for benchmarks")
struct BulkInsertTests {
    /// 2025-03-14 12:00:00 UTC, whole milliseconds so records read back equal.
    static let now = Date(timeIntervalSince1970: 1_741_953_600)
    static let statuses: [RunStatus] = [
        .completed, .completed, .completed, .failed, .canceled, .queued, .scheduled, .waiting, .running,
    ]

    /// Run `index`, one second apart, cycling through queues, jobs and statuses.
    static func run(_ index: Int, count: Int) -> RunRecord {
        let created = now.addingTimeInterval(Double(index - count))
        let status = statuses[index % statuses.count]
        var run = RunRecord(
            id: Identifier.run(at: created), job: "job-\(index % 5)", queue: "queue-\(index % 4)", status: status,
            payloadJSON: #"{"n":\#(index)}"#, maxAttempts: 3, retryPolicy: RetryPolicy(maxAttempts: 3),
            createdAt: created, updatedAt: created)
        let started = created.addingTimeInterval(0.5)
        switch status {
        case .completed:
            run.attempt = index % 2 + 1
            run.failures = run.attempt - 1
            run.startedAt = started
            run.finishedAt = started.addingTimeInterval(1)
            run.updatedAt = started.addingTimeInterval(1)
            run.resultJSON = #"{"ok":true}"#
        case .failed:
            run.attempt = 3
            run.failures = 3
            run.error = ErrorDetail(type: "ProviderError", message: "card declined \(index % 3)")
            run.startedAt = started
            run.finishedAt = started.addingTimeInterval(2)
            run.updatedAt = started.addingTimeInterval(2)
        case .canceled:
            run.finishedAt = started
            run.updatedAt = started
        case .scheduled:
            run.attempt = 1
            run.failures = 1
            run.startedAt = started
            run.updatedAt = started.addingTimeInterval(1)
            run.runAt = now.addingTimeInterval(60)
            run.error = ErrorDetail(type: "Timeout", message: "try later")
        case .waiting:
            run.attempt = 1
            run.startedAt = started
            run.updatedAt = started.addingTimeInterval(1)
            run.wait = WaitCondition(
                step: "confirm", eventName: "payment.confirmed", eventKey: "pay_\(index)",
                until: now.addingTimeInterval(3600), since: started.addingTimeInterval(1))
            run.runAt = run.wait?.until
        case .running:
            run.attempt = 1
            run.startedAt = started
            run.updatedAt = started
            run.leaseOwner = "w-test"
            run.leaseExpiresAt = now.addingTimeInterval(30)
        case .queued:
            break
        }
        return run
    }

    static func seeded(_ count: Int) async throws -> (SQLiteJobStore, [RunRecord]) {
        let store = try SQLiteJobStore.inMemory()
        let runs = (0..<count).map { run($0, count: count) }
        for first in stride(from: 0, to: count, by: 1000) {
            try await store.insertRunsForBenchmark(Array(runs[first..<min(count, first + 1000)]))
        }
        return (store, runs)
    }

    @Test("listRuns and countRuns read the inserted runs exactly, newest first")
    func listsAndCounts() async throws {
        let (store, runs) = try await Self.seeded(3000)
        let newest = try await store.listRuns(RunQuery(limit: 500))
        #expect(newest == Array(runs.reversed().prefix(500)))
        let failed = try await store.listRuns(RunQuery(statuses: [.failed], queue: "queue-3", limit: 5000))
        #expect(failed == runs.filter { $0.status == .failed && $0.queue == "queue-3" }.reversed())
        let counts = try await store.countRuns(RunCountParams())
        #expect(counts.reduce(0) { $0 + $1.count } == 3000)
        for status in RunStatus.allCases {
            let counted = counts.filter { $0.status == status }.reduce(0) { $0 + $1.count }
            #expect(counted == runs.filter { $0.status == status }.count, "\(status)")
        }
    }

    @Test("queueSummaries count active runs, recently finished ones and the oldest queued run per queue")
    func queueSummaries() async throws {
        let (store, runs) = try await Self.seeded(3000)
        let since = Self.now.addingTimeInterval(-600)
        let summaries = try await store.queueSummaries(QueueSummaryParams(finishedSince: since))
        #expect(summaries.map(\.queue.name) == ["queue-0", "queue-1", "queue-2", "queue-3"])
        for summary in summaries {
            let mine = runs.filter { $0.queue == summary.queue.name }
            for status in RunStatus.allCases {
                let expected = mine.filter {
                    $0.status == status && (!status.isTerminal || ($0.finishedAt ?? .distantPast) >= since)
                }.count
                #expect(summary.count(status) == expected, "\(summary.queue.name) \(status)")
            }
            #expect(summary.oldestQueuedAt == mine.filter { $0.status == .queued }.map(\.createdAt).min())
            #expect(!summary.queue.paused && summary.queue.concurrencyLimit == nil)
        }
    }

    @Test("runDetail shows each run's attempts and timeline as the engine would have left them")
    func details() async throws {
        let (store, runs) = try await Self.seeded(90)
        let retried = try #require(runs.first { $0.status == .completed && $0.attempt == 2 })
        let detail = try #require(try await store.runDetail(RunDetailParams(runId: retried.id)))
        #expect(detail.run == retried)
        #expect(detail.attempts.map(\.outcome) == [.failed, .completed])
        #expect(detail.timeline.map(\.kind) == [.created, .started, .retryScheduled, .queued, .started, .completed])
        #expect(detail.timeline.last?.status == .completed && detail.timeline.last?.attempt == 2)

        let failed = try #require(runs.first { $0.status == .failed })
        let failedDetail = try #require(try await store.runDetail(RunDetailParams(runId: failed.id)))
        #expect(failedDetail.attempts.map(\.outcome) == [.failed, .failed, .failed])
        #expect(failedDetail.attempts.allSatisfy { $0.error == failed.error })
        #expect(failedDetail.timeline.last?.kind == .failed)

        let waiting = try #require(runs.first { $0.status == .waiting })
        let waitingDetail = try #require(try await store.runDetail(RunDetailParams(runId: waiting.id)))
        #expect(waitingDetail.attempts.map(\.outcome) == [.suspended])
        #expect(
            waitingDetail.steps.map(\.status) == [.waiting]
                && waitingDetail.steps.first?.eventKey == waiting.wait?.eventKey)
        #expect(waitingDetail.timeline.map(\.kind) == [.created, .started, .waitingForEvent])

        let canceled = try #require(runs.first { $0.status == .canceled })
        let canceledDetail = try #require(try await store.runDetail(RunDetailParams(runId: canceled.id)))
        #expect(canceledDetail.attempts.isEmpty && canceledDetail.timeline.map(\.kind) == [.created, .canceled])

        let running = try #require(runs.first { $0.status == .running })
        let runningDetail = try #require(try await store.runDetail(RunDetailParams(runId: running.id)))
        #expect(runningDetail.attempts.map(\.outcome) == [.running] && runningDetail.attempts.first?.endedAt == nil)
        #expect(runningDetail.attempts.first?.workerId == "w-test")
    }

    @Test("the engine carries on with inserted runs: a queued one is claimed and completed, a lease is honoured")
    func engineContinues() async throws {
        let (store, runs) = try await Self.seeded(90)
        let oldestQueued = try #require(runs.first { $0.status == .queued && $0.queue == "queue-1" })
        let claimed = try await store.claimRuns(
            ClaimRunsParams(
                workerId: "w-next", queues: ["queue-1"], jobs: (0..<5).map { "job-\($0)" }, limit: 1,
                leaseExpiresAt: Self.now.addingTimeInterval(30), now: Self.now))
        #expect(claimed.map(\.run.id) == [oldestQueued.id], "claimed in queued_at order")
        let lease = try #require(claimed.first?.lease)
        let done = try await store.finishAttempt(
            FinishAttemptParams(lease: lease, end: .completed(resultJSON: "1"), now: Self.now))
        #expect(done.status == .completed && done.attempt == 1)

        let running = try #require(runs.first { $0.status == .running })
        let finished = try await store.finishAttempt(
            FinishAttemptParams(
                lease: RunLease(runId: running.id, attempt: 1, workerId: "w-test"), end: .completed(resultJSON: "2"),
                now: Self.now))
        #expect(finished.status == .completed)
    }

    @Test("a run missing what its status needs is refused, naming the run and what it lacks; its batch writes nothing")
    func refusesInvalidRuns() async throws {
        let store = try SQLiteJobStore.inMemory()
        var broken = Self.run(8, count: 10)
        broken.leaseOwner = nil
        await #expect(
            throws: JobStoreError.invalidInput("running run \(broken.id) needs an attempt and a lease owner")
        ) {
            try await store.insertRunsForBenchmark([Self.run(0, count: 10), broken])
        }
        var unnamed = Self.run(0, count: 10)
        unnamed.queue = ""
        await #expect(throws: JobStoreError.invalidInput("run \(unnamed.id) needs a job and a queue name")) {
            try await store.insertRunsForBenchmark([unnamed])
        }
        #expect(try await store.listRuns(RunQuery()).isEmpty)
        #expect(try await store.queueSummaries(QueueSummaryParams(finishedSince: Self.now)).isEmpty)
    }

    @Test("run activity counts each inserted run as started, and an ended one as completed, failed or canceled")
    func activity() async throws {
        let (store, runs) = try await Self.seeded(600)
        func minute(_ date: Date) -> Int64 { Int64(saturating: (date.timeIntervalSince1970 / 60).rounded(.down)) }
        var expected: [String: ActivityBucket] = [:]
        func count(_ run: RunRecord, at date: Date, _ add: (inout ActivityBucket) -> Void) {
            let start = Date(timeIntervalSince1970: Double(minute(date)) * 60)
            let key = "\(start.timeIntervalSince1970) \(run.job) \(run.queue)"
            add(&expected[key, default: ActivityBucket(start: start, job: run.job, queue: run.queue)])
        }
        for run in runs {
            count(run, at: run.createdAt) { $0.started += 1 }
            let ended = run.finishedAt ?? run.updatedAt
            switch run.status {
            case .completed:
                count(run, at: ended) { bucket in
                    bucket.completed += 1
                    bucket.latency.record(millis: ended.millis - run.createdAt.millis)
                }
            case .failed: count(run, at: ended) { $0.failed += 1 }
            case .canceled: count(run, at: ended) { $0.canceled += 1 }
            default: break
            }
        }
        let sorted = expected.values.sorted { ($0.start, $0.job, $0.queue) < ($1.start, $1.job, $1.queue) }
        let activity = try await store.runActivity(
            RunActivityQuery(since: Self.now.addingTimeInterval(-3600), now: Self.now))
        #expect(activity == sorted)
        #expect(activity.reduce(0) { $0 + $1.completed } == runs.filter { $0.status == .completed }.count)
        #expect(activity.contains { $0.latency.counts[LatencyHistogram.bucket(millis: 1_500)] > 0 })
    }
}
