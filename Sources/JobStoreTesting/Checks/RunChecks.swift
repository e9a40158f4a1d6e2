import Foundation
import JobStore
import Testing

/// Creating runs: status from `runAt`, stored fields, queues, idempotency.
enum RunChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("createRun: a run due now is queued and stored as returned") { store in
            let policy = RetryPolicy(maxAttempts: 3, initialDelay: 2, maxDelay: 60, multiplier: 3, jitter: 0.1)
            let params = Fixtures.createRun(
                job: "send-email", queue: "emails", payloadJSON: #"{"to":"a@example.com"}"#, priority: 7,
                runAt: at(-5), retryPolicy: policy, idempotencyKey: "verify:1", now: at(0))
            let result = try await store.createRun(params)
            #expect(!result.deduplicated)
            let run = try #require(result.run)
            #expect(run.id == params.id)
            #expect(run.status == .queued)
            #expect(run.job == "send-email" && run.queue == "emails" && run.priority == 7)
            #expect(run.payloadJSON == #"{"to":"a@example.com"}"#)
            #expect(run.attempt == 0 && run.failures == 0)
            #expect(run.maxAttempts == 3)
            #expect(run.retryPolicy == policy)
            #expect(run.idempotencyKey == "verify:1")
            #expect(run.createdAt == at(0) && run.updatedAt == at(0))
            #expect(run.startedAt == nil && run.finishedAt == nil && run.leaseOwner == nil && run.wait == nil)
            #expect(!run.cancelRequested)
            let detail = try await store.detail(run.id)
            #expect(detail.run == run)
            #expect(detail.attempts.isEmpty && detail.steps.isEmpty && detail.logs.isEmpty)
            let created = try #require(detail.timeline.first)
            #expect(detail.timeline.count == 1)
            #expect(created.kind == .created && created.status == .queued && created.runId == run.id)
            #expect(created.at == at(0))
        },
        ConformanceCheck("createRun: without a policy of its own a run takes its queue's stored default") { store in
            let queueDefault = RetryPolicy(maxAttempts: 7, initialDelay: 1, maxDelay: 10, multiplier: 2, jitter: 0)
            _ = try await store.configureQueue(
                ConfigureQueueParams(name: "emails", concurrencyLimit: nil, retryPolicy: queueDefault, now: at(0)))
            let inherited = try await store.createRun(Fixtures.createRun(queue: "emails", retryPolicy: nil, now: at(1)))
            #expect(inherited.run?.retryPolicy == queueDefault && inherited.run?.maxAttempts == 7)
            let fewer = try await store.createRun(
                Fixtures.createRun(queue: "emails", retryPolicy: nil, maxAttempts: 2, now: at(2)))
            #expect(
                fewer.run?.maxAttempts == 2 && fewer.run?.retryPolicy.initialDelay == 1, "the override keeps the rest")
            let own = try await store.createRun(Fixtures.createRun(queue: "emails", retryPolicy: .never, now: at(3)))
            #expect(own.run?.retryPolicy == .never, "a run's own policy wins over the queue's")
            let elsewhere = try await store.createRun(Fixtures.createRun(queue: "other", retryPolicy: nil, now: at(4)))
            #expect(elsewhere.run?.retryPolicy == .standard, "a queue without a default gives the standard policy")
        },
        ConformanceCheck("createRun: a future runAt makes the run scheduled") { store in
            let run = try await store.makeRun(at: 0, runAt: 60)
            #expect(run.status == .scheduled)
            #expect(run.runAt == at(60))
            let entry = try #require(try await store.detail(run.id).timeline.first)
            #expect(entry.kind == .created && entry.status == .scheduled)
            let now = try await store.makeRun(at: 0, runAt: 0)
            #expect(now.status == .queued, "a runAt equal to now is due")
        },
        ConformanceCheck("createRun: creates its queue, unpaused and unlimited") { store in
            try await store.makeRun(queue: "reports")
            let summaries = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(-3600)))
            let reports = try #require(summaries.first { $0.queue.name == "reports" })
            #expect(!reports.queue.paused)
            #expect(reports.queue.concurrencyLimit == nil)
            #expect(reports.count(.queued) == 1)
        },
        ConformanceCheck("createRun: refuses empty names and malformed payload JSON") { store in
            await expectStoreError(isInvalidInput) {
                _ = try await store.createRun(Fixtures.createRun(job: ""))
            }
            await expectStoreError(isInvalidInput) {
                _ = try await store.createRun(Fixtures.createRun(queue: ""))
            }
            await expectStoreError(isInvalidInput) {
                _ = try await store.createRun(Fixtures.createRun(payloadJSON: "{not json"))
            }
            let runs = try await store.allRuns()
            #expect(runs.isEmpty, "a refused start writes nothing")
        },
        ConformanceCheck("idempotency: a held key returns the existing run and records the duplicate") { store in
            let first = try await store.createRun(Fixtures.createRun(idempotencyKey: "order:1", now: at(0)))
            let second = try await store.createRun(
                Fixtures.createRun(payloadJSON: #"{"other":1}"#, idempotencyKey: "order:1", now: at(5)))
            #expect(second.deduplicated)
            #expect(second.runId == first.runId)
            #expect(second.run?.payloadJSON == "{}")
            #expect(try await store.allRuns().count == 1)
            let timeline = try await store.detail(first.runId).timeline
            #expect(timeline.map(\.kind) == [.created, .deduplicated])
            #expect(timeline.last?.at == at(5))
            #expect(timeline.last?.status == .queued)
            let other = try await store.createRun(Fixtures.createRun(idempotencyKey: "order:2", now: at(6)))
            #expect(!other.deduplicated, "another key is another run")
        },
        ConformanceCheck("idempotency: the key is released when it expires") { store in
            let first = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "k", idempotencyExpiresAt: at(60), now: at(0)))
            let held = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "k", idempotencyExpiresAt: at(90), now: at(59)))
            #expect(held.deduplicated && held.runId == first.runId)
            let fresh = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "k", idempotencyExpiresAt: at(120), now: at(60)))
            #expect(!fresh.deduplicated, "a key is released at its expiry time")
            #expect(fresh.runId != first.runId)
            let again = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "k", idempotencyExpiresAt: at(200), now: at(61)))
            #expect(again.deduplicated && again.runId == fresh.runId, "the key now points at the new run")
            #expect(try await store.allRuns().count == 2)
        },
        ConformanceCheck("idempotency: 8 tasks × 200 concurrent starts with one key create exactly one run") { store in
            let results = try await withThrowingTaskGroup(of: [CreateRunResult].self) { group in
                for task in 0..<8 {
                    group.addTask {
                        var results: [CreateRunResult] = []
                        for index in 0..<200 {
                            let now = at(Double(task * 200 + index) / 1000)
                            results.append(
                                try await store.createRun(Fixtures.createRun(idempotencyKey: "same-key", now: now)))
                        }
                        return results
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(results.count == 1600)
            #expect(results.filter { !$0.deduplicated }.count == 1)
            #expect(Set(results.map(\.runId)).count == 1)
            let runs = try await store.allRuns()
            #expect(runs.count == 1)
            let timeline = try await store.detail(try #require(runs.first).id).timeline
            #expect(timeline.filter { $0.kind == .deduplicated }.count == 1599)
        },
    ]
}
