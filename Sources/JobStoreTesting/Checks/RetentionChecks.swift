import Foundation
import JobStore
import Testing

/// Retention: finished runs older than their queue's policy are deleted with everything that belongs to
/// them, in bounded batches; live runs never are; idempotency keys outlive their runs.
enum RetentionChecks {
    /// A run of `queue` created at `seconds`, claimed and ended at `ended` with `end`, with a step and a log line.
    static func finishedRun(
        _ store: any JobStore, queue: String = "default", at seconds: TimeInterval, ended: TimeInterval,
        _ end: AttemptEnd = .completed(resultJSON: "null"), key: String? = nil
    ) async throws -> RunRecord {
        let created = try await store.createRun(
            Fixtures.createRun(
                queue: queue, idempotencyKey: key, idempotencyExpiresAt: key.map { _ in at(10_000) }, now: at(seconds)))
        let run = try #require(created.run)
        let claimed = try await store.claimOne(queues: [queue], at: seconds)
        try await store.complete("charge", lease: claimed.lease, at: seconds)
        try await store.appendLogs(
            AppendLogsParams(lines: [
                LogRecord(runId: run.id, attempt: 1, level: .info, message: "charged", at: at(seconds))
            ]))
        return try await store.finish(claimed.lease, end, at: ended)
    }

    /// A run canceled at `seconds` while queued.
    static func canceledRun(
        _ store: any JobStore, queue: String = "default", at seconds: TimeInterval
    ) async throws
        -> RunID
    {
        let run = try await store.makeRun(queue: queue, at: seconds)
        _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(seconds)))
        return run.id
    }

    static func prune(
        _ store: any JobStore, at seconds: TimeInterval, age: PruneRunsParams.Age = .retention,
        statuses: Set<RunStatus> = PruneRunsParams.finished, queue: String? = nil, limit: Int = 500,
        dryRun: Bool = false
    ) async throws -> PruneResult {
        try await store.pruneRuns(
            PruneRunsParams(
                age: age, statuses: statuses, queue: queue, limit: limit, dryRun: dryRun, now: at(seconds)))
    }

    static let failed = AttemptEnd.failed(ErrorDetail(type: "JobError", message: "card declined", retryable: false))

    static let all: [ConformanceCheck] = [
        ConformanceCheck(
            "pruneRuns: a finished run older than its retention goes with its attempts, steps, logs and timeline; "
                + "scheduled, queued, running and waiting runs never go"
        ) { store in
            _ = try await store.setRetention(SetRetentionParams(policy: RetentionPolicy(all: 100), now: at(0)))
            let done = try await finishedRun(store, at: 0, ended: 10)
            let failedRun = try await finishedRun(store, at: 1, ended: 11, failed)
            let canceled = try await canceledRun(store, at: 12)
            let scheduled = try await store.makeRun(at: 2, runAt: 100_000)
            let queued = try await store.makeRun(at: 3)
            let running = try await store.makeRun(queue: "busy", at: 4)
            _ = try await store.claimOne(queues: ["busy"], at: 4, leaseSeconds: 100_000)
            let waiting = try await store.makeRun(queue: "wait", at: 5)
            let waitClaim = try await store.claimOne(queues: ["wait"], at: 5)
            _ = try await store.wait("approve", key: "k", lease: waitClaim.lease, at: 5)

            #expect(try await prune(store, at: 110) == PruneResult(), "10 s is not older than 100 s before 110 s")
            let result = try await prune(store, at: 10_000)
            #expect(Set(result.runIds) == [done.id, failedRun.id, canceled] && result.count == 3 && !result.more)
            for id in [done.id, failedRun.id, canceled] {
                #expect(try await store.runDetail(RunDetailParams(runId: id)) == nil)
            }
            let left = try await store.allRuns().map(\.id)
            #expect(Set(left) == [scheduled.id, queued.id, running.id, waiting.id])
            let feed = try await store.changes(ChangesParams(after: 0, limit: 10_000))
            #expect(!feed.contains { [done.id, failedRun.id, canceled].contains($0.runId) }, "timeline entries go too")
            #expect(feed.contains { $0.runId == waiting.id })
            #expect(try await prune(store, at: 1_000_000) == PruneResult(), "live runs are never pruned")
        },
        ConformanceCheck("pruneRuns: each status keeps its own period, and a queue's policy replaces the store's") {
            store in
            _ = try await store.setRetention(
                SetRetentionParams(policy: RetentionPolicy(completed: 100, failed: 1000, canceled: 50), now: at(0)))
            _ = try await store.setRetention(
                SetRetentionParams(queue: "audit", policy: RetentionPolicy(all: 5000), now: at(0)))
            let done = try await finishedRun(store, at: 0, ended: 10)
            let failedRun = try await finishedRun(store, at: 1, ended: 10, failed)
            let canceled = try await canceledRun(store, at: 10)
            let kept = try await finishedRun(store, queue: "audit", at: 2, ended: 10)

            #expect(try await prune(store, at: 70).runIds == [canceled], "canceled after 50 s")
            #expect(try await prune(store, at: 120).runIds == [done.id], "completed after 100 s")
            #expect(try await prune(store, at: 2000).runIds == [failedRun.id], "failed after 1000 s")
            #expect(try await prune(store, at: 5000).runIds.isEmpty, "the audit queue keeps its runs 5000 s")
            #expect(try await prune(store, at: 5011).runIds == [kept.id])
        },
        ConformanceCheck("pruneRuns: at most limit runs a call, oldest finished first; more says whether any remain") {
            store in
            var ids: [RunID] = []
            for index in 0..<5 {
                ids.append(try await finishedRun(store, at: Double(index), ended: Double(10 + index)).id)
            }
            let age = PruneRunsParams.Age.finishedBefore(60)
            let dry = try await prune(store, at: 100, age: age, limit: 2, dryRun: true)
            #expect(dry == PruneResult(runIds: Array(ids.prefix(2)), count: 5, more: true), "a dry run counts all")
            #expect(try await store.allRuns().count == 5, "a dry run deletes nothing")
            #expect(
                try await prune(store, at: 100, age: age, limit: 2)
                    == PruneResult(runIds: [ids[0], ids[1]], count: 2, more: true))
            #expect(
                try await prune(store, at: 100, age: age, limit: 2)
                    == PruneResult(runIds: [ids[2], ids[3]], count: 2, more: true))
            #expect(
                try await prune(store, at: 100, age: age, limit: 2)
                    == PruneResult(runIds: [ids[4]], count: 1, more: false))
        },
        ConformanceCheck("pruneRuns: an explicit age ignores retention and keeps to the statuses and queue named") {
            store in
            let done = try await finishedRun(store, at: 0, ended: 10)
            let failedRun = try await finishedRun(store, at: 1, ended: 10, failed)
            let other = try await finishedRun(store, queue: "emails", at: 2, ended: 10)
            let young = try await finishedRun(store, at: 3, ended: 95)
            let age = PruneRunsParams.Age.finishedBefore(60)
            #expect(try await prune(store, at: 100, age: age, statuses: [.failed]).runIds == [failedRun.id])
            #expect(try await prune(store, at: 100, age: age, queue: "emails").runIds == [other.id])
            #expect(try await prune(store, at: 100, age: age).runIds == [done.id])
            #expect(try await store.allRuns().map(\.id) == [young.id])
        },
        ConformanceCheck("pruneRuns: an idempotency key outlives its pruned run, so a late duplicate is still one") {
            store in
            let run = try await finishedRun(store, at: 0, ended: 10, key: "order-7")
            #expect(try await prune(store, at: 100, age: .finishedBefore(60)).runIds == [run.id])
            let late = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "order-7", idempotencyExpiresAt: at(20_000), now: at(200)))
            #expect(late.deduplicated && late.runId == run.id && late.run == nil)
            #expect(try await store.allRuns().isEmpty, "no run was created")
            _ = try await store.sweepExpired(SweepParams(now: at(10_000)))
            let fresh = try await store.createRun(Fixtures.createRun(idempotencyKey: "order-7", now: at(10_001)))
            #expect(!fresh.deduplicated && fresh.run != nil && fresh.runId != run.id, "after the key's expiry")
        },
        ConformanceCheck("pruneRuns: the history and the pruned counter count what went; a dry run counts nothing") {
            store in
            let before = try await store.changeCounters()
            let first = try await finishedRun(store, at: 0, ended: 10)
            let second = try await finishedRun(store, at: 5, ended: 10)
            _ = try await prune(store, at: 100, age: .finishedBefore(60), dryRun: true)
            #expect(try await store.retentionSettings().history == PruneHistory())
            #expect(try await store.changeCounters().pruned == before.pruned)
            _ = try await prune(store, at: 100, age: .finishedBefore(60))
            let history = try await store.retentionSettings().history
            #expect(history == PruneHistory(runs: 2, newestCreatedAt: second.createdAt, lastPrunedAt: at(100)))
            #expect(history.covers(first.id) && history.covers(second.id))
            #expect(!history.covers(Identifier.run(at: at(6))) && !history.covers("not-a-run"))
            #expect(try await store.changeCounters().pruned == before.pruned + 2)
        },
        ConformanceCheck("setRetention: a queue's policy shows on the queue; the store's is the standard until set") {
            store in
            let start = try await store.retentionSettings()
            #expect(start.policy == .standard && !start.isSet)
            let policy = RetentionPolicy(completed: 3600, failed: 86_400, canceled: 60)
            let set = try await store.setRetention(SetRetentionParams(policy: policy, now: at(1)))
            #expect(set.policy == policy && set.isSet)
            _ = try await store.configureQueue(ConfigureQueueParams(name: "emails", concurrencyLimit: 3, now: at(1)))
            _ = try await store.setRetention(SetRetentionParams(queue: "emails", policy: policy, now: at(2)))
            let queues = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(0)))
            let emails = try #require(queues.first { $0.queue.name == "emails" }?.queue)
            #expect(emails.retention == policy && emails.concurrencyLimit == 3, "the limit is kept")
            _ = try await store.configureQueue(ConfigureQueueParams(name: "emails", concurrencyLimit: 4, now: at(3)))
            let reconfigured = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(0)))
            #expect(reconfigured.first { $0.queue.name == "emails" }?.queue.retention == policy, "configure keeps it")
            _ = try await store.setRetention(SetRetentionParams(queue: "emails", policy: nil, now: at(4)))
            let cleared = try await store.setRetention(SetRetentionParams(policy: nil, now: at(4)))
            #expect(cleared.policy == .standard && !cleared.isSet)
            let after = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(0)))
            #expect(after.first { $0.queue.name == "emails" }?.queue.retention == nil)
        },
        ConformanceCheck("sweepExpired: activity older than the longest chart window and a day more is deleted") {
            store in
            try await store.makeRun(at: 0)
            let horizon = SweepParams.activityHorizon
            #expect(try await store.sweepExpired(SweepParams(now: at(horizon))).activityRows == 0, "still charted")
            #expect(try await store.sweepExpired(SweepParams(now: at(horizon + 120))).activityRows >= 1)
            #expect(try await store.sweepExpired(SweepParams(now: at(horizon + 180))).activityRows == 0)
        },
        ConformanceCheck("retention input: periods that are not finite or out of range, live statuses, bad limits") {
            store in
            for seconds in [Double.nan, .infinity, 0, -5, 1e300] {
                await expectStoreError({ if case .invalidInput = $0 { true } else { false } }) {
                    _ = try await store.setRetention(
                        SetRetentionParams(policy: RetentionPolicy(all: seconds), now: at(0)))
                }
            }
            for statuses: Set<RunStatus> in [[.queued], [.running, .completed], []] {
                await expectStoreError({ if case .invalidInput = $0 { true } else { false } }) {
                    _ = try await prune(store, at: 0, statuses: statuses)
                }
            }
            for limit in [0, -1, PruneRunsParams.maximumLimit + 1] {
                await expectStoreError({ if case .invalidInput = $0 { true } else { false } }) {
                    _ = try await prune(store, at: 0, limit: limit)
                }
            }
            await expectStoreError({ if case .invalidInput = $0 { true } else { false } }) {
                _ = try await prune(store, at: 0, age: .finishedBefore(.nan))
            }
            let settings = try await store.retentionSettings()
            #expect(settings.policy == .standard, "nothing was stored")
        },
    ]
}
