import Foundation
import JobStore
import Testing

/// Cancel in every status; manual retries.
enum CancelRetryChecks {
    static func isInvalidTransition(_ error: JobStoreError) -> Bool {
        if case .invalidTransition = error { true } else { false }
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("cancelRun: queued, scheduled and waiting runs are canceled at once") { store in
            let waiting = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(lease.runId == waiting.id)
            _ = try await store.wait("w", key: "k", lease: lease, at: 2)
            let queued = try await store.makeRun(at: 3)
            let scheduled = try await store.makeRun(at: 4, runAt: 100)
            for id in [queued.id, scheduled.id, waiting.id] {
                let result = try await store.cancelRun(CancelRunParams(runId: id, reason: "not needed", now: at(10)))
                guard case .canceled(let run) = result else {
                    Issue.record("expected \(id) canceled at once, got \(result)")
                    continue
                }
                #expect(run.status == .canceled && run.finishedAt == at(10) && run.wait == nil)
                let entry = try #require(try await store.detail(id).timeline.last)
                #expect(entry.kind == .canceled && entry.status == .canceled)
                #expect(entry.message.contains("not needed"))
            }
            #expect(try await store.send(key: "k", at: 11).resumed.isEmpty, "a canceled wait is not resumed")
            #expect(try await store.claim(at: 200).isEmpty, "canceled runs are never claimed")
        },
        ConformanceCheck("cancelRun: a running run is asked to stop; asking twice changes nothing") { store in
            let run = try await store.makeRun(at: 0)
            _ = try await store.claimOne(at: 1)
            let result = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(2)))
            #expect(result == .cancelRequested(try await store.record(run.id)))
            #expect(result.run.cancelRequested && result.run.status == .running)
            let sequence = try await store.latestSequence()
            let again = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(3)))
            #expect(again.run.cancelRequested)
            #expect(try await store.latestSequence() == sequence)
            #expect(try await store.timelineKinds(run.id).last == .cancelRequested)
        },
        ConformanceCheck("cancelRun: terminal runs refuse; unknown ids are not found") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            try await store.finish(lease, .completed(resultJSON: "1"), at: 2)
            await #expect(throws: JobStoreError.invalidTransition(runId: run.id, from: .completed, to: .canceled)) {
                _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(3)))
            }
            await #expect(throws: JobStoreError.runNotFound("run_nope")) {
                _ = try await store.cancelRun(CancelRunParams(runId: "run_nope", now: at(3)))
            }
            #expect(try await store.record(run.id).status == .completed)
        },
        ConformanceCheck("retryRun: re-queues a failed run, keeping its completed steps") { store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 3))
            let lease = try await store.claimOne(at: 1).lease
            try await store.complete("charge", result: #""ch_1""#, lease: lease, at: 2)
            try await store.finish(lease, .failed(Fixtures.error("provider down")), at: 3)
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, now: at(10)))
            #expect(retried.status == .queued)
            #expect(retried.error == nil && retried.resultJSON == nil && retried.finishedAt == nil)
            #expect(retried.maxAttempts == 3, "a run with attempts left keeps its budget")
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.first?.error == Fixtures.error("provider down"), "the old error stays visible")
            #expect(detail.timeline.last?.kind == .retried && detail.timeline.last?.status == .queued)
            let replay = try await store.claimOne(at: 11)
            #expect(replay.run.attempt == 2)
            #expect(replay.steps.map(\.name) == ["charge"] && replay.steps.first?.resultJSON == #""ch_1""#)
        },
        ConformanceCheck("retryRun: fresh forgets the steps and consumed events") { store in
            let run = try await store.makeRun(at: 0, policy: .never)
            try await store.send(key: "k", payload: "1", at: 1)
            let lease = try await store.claimOne(at: 2).lease
            #expect(try await store.wait("w", key: "k", lease: lease, at: 3) == .resumed(payloadJSON: "1"))
            try await store.complete("a", lease: lease, at: 4)
            try await store.finish(lease, .canceled, at: 5)
            _ = try await store.retryRun(RetryRunParams(runId: run.id, fresh: true, now: at(6)))
            #expect(try await store.detail(run.id).steps.isEmpty)
            let replay = try await store.claimOne(at: 7)
            #expect(replay.steps.isEmpty)
            #expect(try await store.wait("w", key: "k", lease: replay.lease, at: 8) == .resumed(payloadJSON: "1"))
        },
        ConformanceCheck("retryRun: from a step forgets it, the later steps and their consumed events") { store in
            let run = try await store.makeRun(at: 0, policy: .never)
            try await store.send(key: "k", payload: "1", at: 1)
            let lease = try await store.claimOne(at: 2).lease
            try await store.complete("a", lease: lease, at: 3)
            try await store.complete("b", lease: lease, at: 4)
            #expect(try await store.wait("w", key: "k", lease: lease, at: 5) == .resumed(payloadJSON: "1"))
            try await store.finish(lease, .failed(Fixtures.error()), at: 6)
            await #expect(throws: JobStoreError.self) {
                _ = try await store.retryRun(RetryRunParams(runId: run.id, fromStep: "nope", now: at(7)))
            }
            #expect(try await store.record(run.id).status == .failed, "a refused retry changes nothing")
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, fromStep: "b", now: at(7)))
            #expect(retried.status == .queued)
            let message = try await store.detail(run.id).timeline.last?.message
            #expect(
                message == "retried after failed (failure budget raised to 2, from step b: 2 steps cleared, 1 kept)")
            let replay = try await store.claimOne(at: 8)
            #expect(replay.steps.map(\.name) == ["a"])
            #expect(try await store.wait("w", key: "k", lease: replay.lease, at: 9) == .resumed(payloadJSON: "1"))
        },
        ConformanceCheck("retryRun: an exhausted run gets exactly one more attempt") { store in
            let run = try await store.makeRun(at: 0, policy: RetryPolicy(maxAttempts: 2))
            let first = try await store.claimOne(at: 1).lease
            try await store.finish(first, .retry(Fixtures.error(), at: at(2)), at: 1)
            let second = try await store.claimOne(at: 2).lease
            try await store.finish(second, .failed(Fixtures.error()), at: 3)
            let retried = try await store.retryRun(RetryRunParams(runId: run.id, now: at(4)))
            #expect(retried.attempt == 2 && retried.failures == 2 && retried.maxAttempts == 3)
            let third = try await store.claimOne(at: 5)
            #expect(third.run.attempt == 3 && third.run.maxAttempts == 3)
            try await store.finish(third.lease, .failed(Fixtures.error()), at: 6)
            #expect(try await store.retryRun(RetryRunParams(runId: run.id, now: at(7))).maxAttempts == 4)
            #expect(try await store.detail(run.id).attempts.map(\.number) == [1, 2, 3])
        },
        ConformanceCheck("retryRun: only failed or canceled runs; unknown ids are not found") { store in
            let queued = try await store.makeRun(at: 0)
            await #expect(throws: JobStoreError.invalidTransition(runId: queued.id, from: .queued, to: .queued)) {
                _ = try await store.retryRun(RetryRunParams(runId: queued.id, now: at(1)))
            }
            _ = try await store.claimOne(at: 2)
            await #expect(throws: JobStoreError.invalidTransition(runId: queued.id, from: .running, to: .queued)) {
                _ = try await store.retryRun(RetryRunParams(runId: queued.id, now: at(3)))
            }
            await #expect(throws: JobStoreError.runNotFound("run_nope")) {
                _ = try await store.retryRun(RetryRunParams(runId: "run_nope", now: at(3)))
            }
            #expect(try await store.record(queued.id).status == .running)
        },
    ]
}
