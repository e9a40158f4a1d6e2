import Foundation
import JobStore
import Testing

/// Claiming: promotion of due runs, ordering, paused queues, concurrency limits, job and queue filters.
enum ClaimChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("claim: starts an attempt with a lease") { store in
            let run = try await store.makeRun(at: 0)
            let claimed = try await store.claimOne(worker: "w1", at: 10, leaseSeconds: 30)
            #expect(claimed.run.id == run.id)
            #expect(claimed.run.status == .running)
            #expect(claimed.run.attempt == 1)
            #expect(claimed.run.leaseOwner == "w1")
            #expect(claimed.run.leaseExpiresAt == at(40))
            #expect(claimed.run.startedAt == at(10))
            #expect(claimed.steps.isEmpty)
            #expect(claimed.lease == RunLease(runId: run.id, attempt: 1, workerId: "w1"))
            let detail = try await store.detail(run.id)
            #expect(detail.run == claimed.run)
            #expect(
                detail.attempts == [
                    AttemptRecord(runId: run.id, number: 1, workerId: "w1", startedAt: at(10), outcome: .running)
                ])
            let started = try #require(detail.timeline.last)
            #expect(started.kind == .started && started.status == .running && started.attempt == 1)
            #expect(try await store.claim(at: 11).isEmpty, "a running run is not claimed twice")
        },
        ConformanceCheck("claim: highest priority first, then the earliest ready") { store in
            let low = try await store.makeRun(at: 0, priority: 0)
            let high = try await store.makeRun(at: 1, priority: 5)
            let mid = try await store.makeRun(at: 2, priority: 1)
            let laterHigh = try await store.makeRun(at: 3, priority: 5)
            var order: [RunID] = []
            for second in 10..<14 {
                order.append(try await store.claimOne(at: Double(second)).run.id)
            }
            #expect(order == [high.id, laterHigh.id, mid.id, low.id])
        },
        ConformanceCheck("claim: priority decides across queues; limit caps the batch") { store in
            let first = try await store.makeRun(queue: "q1", at: 0, priority: 1)
            let urgent = try await store.makeRun(queue: "q2", at: 1, priority: 9)
            try await store.makeRun(queue: "q1", at: 2, priority: 0)
            let batch = try await store.claim(queues: ["q1", "q2"], limit: 2, at: 5)
            #expect(batch.map(\.run.id) == [urgent.id, first.id])
            #expect(try await store.claim(queues: ["q1", "q2"], limit: 0, at: 6).isEmpty)
        },
        ConformanceCheck("claim: a paused queue is skipped until resumed") { store in
            let run = try await store.makeRun(queue: "emails")
            _ = try await store.setQueuePaused(SetQueuePausedParams(name: "emails", paused: true, now: at(1)))
            #expect(try await store.claim(queues: ["emails"], at: 2).isEmpty)
            #expect(try await store.record(run.id).status == .queued)
            _ = try await store.setQueuePaused(SetQueuePausedParams(name: "emails", paused: false, now: at(3)))
            #expect(try await store.claim(queues: ["emails"], at: 4).map(\.run.id) == [run.id])
        },
        ConformanceCheck("claim: a queue's concurrency limit holds across workers") { store in
            _ = try await store.configureQueue(ConfigureQueueParams(name: "api", concurrencyLimit: 2, now: at(0)))
            for second in 0..<5 { try await store.makeRun(queue: "api", at: Double(second)) }
            let first = try await store.claim(worker: "a", queues: ["api"], limit: 5, at: 10)
            #expect(first.count == 2)
            #expect(try await store.claim(worker: "b", queues: ["api"], limit: 5, at: 11).isEmpty)
            try await store.finish(try #require(first.first).lease, .completed(resultJSON: "1"), at: 12)
            let second = try await store.claim(worker: "b", queues: ["api"], limit: 5, at: 13)
            #expect(second.count == 1)
            let running = try await store.listRuns(RunQuery(statuses: [.running], queue: "api"))
            #expect(running.count == 2)
            _ = try await store.configureQueue(ConfigureQueueParams(name: "api", concurrencyLimit: nil, now: at(14)))
            #expect(try await store.claim(worker: "b", queues: ["api"], limit: 5, at: 15).count == 2)
        },
        ConformanceCheck("claim: only jobs the worker handles, only queues it serves") { store in
            let email = try await store.makeRun("email", at: 0)
            let report = try await store.makeRun("report", at: 1)
            let other = try await store.makeRun("email", queue: "other", at: 2)
            let claimed = try await store.claim(jobs: ["report"], at: 5)
            #expect(claimed.map(\.run.id) == [report.id])
            #expect(try await store.claim(jobs: [], at: 6).isEmpty)
            #expect(try await store.claim(queues: [], jobs: ["email"], at: 6).isEmpty)
            #expect(try await store.claim(jobs: ["email"], at: 7).map(\.run.id) == [email.id])
            #expect(try await store.record(other.id).status == .queued)
        },
        ConformanceCheck("claim: promotes due scheduled runs; later ones stay scheduled") { store in
            let due = try await store.makeRun(at: 0, runAt: 10)
            let later = try await store.makeRun(at: 0, runAt: 100)
            #expect(try await store.claim(at: 9).isEmpty)
            let claimed = try await store.claim(at: 50)
            #expect(claimed.map(\.run.id) == [due.id])
            #expect(try await store.record(later.id).status == .scheduled)
            let kinds = try await store.timelineKinds(due.id)
            #expect(kinds == [.created, .queued, .started])
            let queued = try #require(try await store.detail(due.id).timeline.dropFirst().first)
            #expect(queued.status == .queued && queued.at == at(50))
        },
        ConformanceCheck("claim: promotion happens even when nothing can be claimed") { store in
            let run = try await store.makeRun(at: 0, runAt: 10)
            #expect(try await store.claim(jobs: ["unrelated"], at: 20).isEmpty)
            #expect(try await store.record(run.id).status == .queued)
        },
    ]
}
