import Foundation
import JobStore
import Testing

/// Ending an attempt and claiming the worker's next run in the same transaction.
enum FinishAndClaimChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("finishAttempt claimingNext: the end is stored and the next queued run claimed") { store in
            let first = try await store.makeRun(at: 0)
            let second = try await store.makeRun(at: 1)
            let lease = try await store.claimOne(at: 2).lease
            #expect(lease.runId == first.id)
            let finished = try await store.finishAttempt(
                FinishAttemptParams(lease: lease, end: .completed(resultJSON: "1"), now: at(3)),
                claimingNext: Fixtures.claim(now: at(3)))
            #expect(finished.run.status == .completed && finished.run.finishedAt == at(3))
            let next = try #require(finished.claimed.first)
            #expect(finished.claimed.count == 1 && next.run.id == second.id)
            #expect(next.run.status == .running && next.run.attempt == 1 && next.run.leaseOwner == "worker-1")
            #expect(next.run.leaseExpiresAt == at(33) && next.run.startedAt == at(3))
            #expect(try await store.detail(first.id).run == finished.run)
            let detail = try await store.detail(second.id)
            #expect(detail.run == next.run && detail.attempts.map(\.number) == [1])
            #expect(detail.timeline.last?.kind == .started)
            // The claim's lease is as good as one claimRuns granted.
            #expect(try await store.finish(next.lease, .completed(resultJSON: "2"), at: 4).status == .completed)
        },
        ConformanceCheck("finishAttempt claimingNext: nothing claimable claims nothing") { store in
            let run = try await store.makeRun(at: 0)
            try await store.makeRun("other-job", at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let finished = try await store.finishAttempt(
                FinishAttemptParams(lease: lease, end: .completed(resultJSON: "1"), now: at(2)),
                claimingNext: Fixtures.claim(now: at(2)))
            #expect(finished.run.id == run.id && finished.run.status == .completed && finished.claimed.isEmpty)
        },
        ConformanceCheck("finishAttempt claimingNext: a lost lease writes nothing and claims nothing") { store in
            let first = try await store.makeRun(at: 0)
            let second = try await store.makeRun(at: 1)
            let lease = try await store.claimOne(at: 2, leaseSeconds: 5).lease
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(10))) == [first.id])
            let before = try await store.detail(first.id)
            await expectStoreError({ if case .leaseLost = $0 { true } else { false } }) {
                _ = try await store.finishAttempt(
                    FinishAttemptParams(lease: lease, end: .completed(resultJSON: "1"), now: at(11)),
                    claimingNext: Fixtures.claim(now: at(11)))
            }
            #expect(try await store.detail(first.id) == before)
            #expect(try await store.record(second.id).status == .queued)
        },
        ConformanceCheck("finishAttempt claimingNext: the ending run's slot counts for a concurrency limit") { store in
            _ = try await store.configureQueue(ConfigureQueueParams(name: "api", concurrencyLimit: 1, now: at(0)))
            try await store.makeRun(queue: "api", at: 0)
            let waiting = try await store.makeRun(queue: "api", at: 1)
            let lease = try await store.claimOne(worker: "a", queues: ["api"], at: 2).lease
            #expect(try await store.claim(worker: "b", queues: ["api"], at: 3).isEmpty)
            let finished = try await store.finishAttempt(
                FinishAttemptParams(lease: lease, end: .failed(Fixtures.error()), now: at(4)),
                claimingNext: Fixtures.claim(workerId: "a", queues: ["api"], limit: 2, now: at(4)))
            #expect(finished.run.status == .failed && finished.claimed.map(\.run.id) == [waiting.id])
            #expect(try await store.claim(worker: "b", queues: ["api"], at: 5).isEmpty)
        },
        ConformanceCheck("finishAttempt claimingNext: a retry due at once is claimed again as its next attempt") {
            store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let finished = try await store.finishAttempt(
                FinishAttemptParams(lease: lease, end: .retry(Fixtures.error(), at: at(2)), now: at(2)),
                claimingNext: Fixtures.claim(now: at(2)))
            let again = try #require(finished.claimed.first)
            #expect(finished.run.status == .scheduled && finished.run.failures == 1)
            #expect(again.run.id == run.id && again.run.attempt == 2 && again.run.status == .running)
            #expect(again.lease != lease)
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.map(\.outcome) == [.failed, .running])
        },
    ]
}
