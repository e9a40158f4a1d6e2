import Foundation
import JobStore
import Testing

/// Ending attempts: completed, retry, failed, canceled, released.
enum FinishChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("claims and attempt ends return the run as it reads back, at sub-millisecond instants") {
            store in
            // A store keeps whole milliseconds: what a write returns must be what a read gives, not the
            // caller's finer instants.
            let run = try await store.makeRun(at: 0.0004)
            let first = try await store.claimOne(at: 1.0006)
            #expect(first.run == (try await store.record(run.id)) && first.run.startedAt == at(1.0006).storedInstant)
            let retried = try await store.finish(first.lease, .retry(Fixtures.error(), at: at(2.5003)), at: 2.0007)
            #expect(retried == (try await store.record(run.id)) && retried.runAt == at(2.5003).storedInstant)
            let second = try await store.claimOne(at: 3.0002)
            #expect(second.run == (try await store.record(run.id)))
            let completed = try await store.finish(second.lease, .completed(resultJSON: "1"), at: 4.0009)
            #expect(completed == (try await store.record(run.id)) && completed.finishedAt == at(4.0009).storedInstant)
        },
        ConformanceCheck("finishAttempt: completed stores the result and ends the attempt") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let done = try await store.finish(lease, .completed(resultJSON: #"{"ok":true}"#), at: 5)
            #expect(done.status == .completed && done.resultJSON == #"{"ok":true}"#)
            #expect(done.finishedAt == at(5) && done.updatedAt == at(5) && done.failures == 0)
            #expect(done.leaseOwner == nil && done.leaseExpiresAt == nil)
            let detail = try await store.detail(run.id)
            #expect(detail.run == done)
            #expect(detail.attempts.first?.outcome == .completed && detail.attempts.first?.endedAt == at(5))
            #expect(detail.timeline.last?.kind == .completed && detail.timeline.last?.status == .completed)
        },
        ConformanceCheck("finishAttempt: retry schedules the next attempt with the error") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let error = Fixtures.error("timeout talking to provider")
            let scheduled = try await store.finish(lease, .retry(error, at: at(20)), at: 2)
            #expect(scheduled.status == .scheduled && scheduled.runAt == at(20))
            #expect(scheduled.error == error && scheduled.finishedAt == nil && scheduled.failures == 1)
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.first?.outcome == .failed && detail.attempts.first?.error == error)
            #expect(detail.timeline.last?.kind == .retryScheduled && detail.timeline.last?.status == .scheduled)
            #expect(try await store.claim(at: 19).isEmpty)
            let second = try await store.claimOne(at: 20)
            #expect(second.run.attempt == 2 && second.run.failures == 1 && second.run.startedAt == at(1))
        },
        ConformanceCheck("finishAttempt: failed ends the run with the error") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let error = Fixtures.error("invalid address", retryable: false)
            let failed = try await store.finish(lease, .failed(error), at: 3)
            #expect(failed.status == .failed && failed.error == error && failed.finishedAt == at(3))
            #expect(failed.failures == 1)
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.first?.outcome == .failed && detail.attempts.first?.error == error)
            #expect(detail.timeline.last?.kind == .failed)
        },
        ConformanceCheck("finishAttempt: released gives the run back to its queue") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(worker: "w1", at: 1).lease
            let released = try await store.finish(lease, .released, at: 2)
            #expect(released.status == .queued && released.leaseOwner == nil && released.failures == 0)
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.first?.outcome == .interrupted)
            #expect(detail.timeline.last?.kind == .released && detail.timeline.last?.status == .queued)
            #expect(try await store.claimOne(worker: "w2", at: 3).run.attempt == 2)
        },
        ConformanceCheck("cancellation: calls made from a cancelled task still complete") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            // A handler honouring task cancellation records its step and the attempt's end from that task.
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                #expect(Task.isCancelled)
                try await store.complete("first", lease: lease, at: 2)
                let detail = try await store.detail(run.id)
                return (detail, try await store.finish(lease, .canceled, at: 3))
            }
            let (detail, finished) = try await task.value
            #expect(detail.steps.map(\.name) == ["first"])
            #expect(finished.status == .canceled)
            #expect(try await store.detail(run.id).attempts.first?.outcome == .canceled)
        },
        ConformanceCheck("timeline: a run's life is recorded in order with its status after each change") { store in
            let run = try await store.makeRun(at: 0, runAt: 5)
            let first = try await store.claimOne(at: 5).lease
            try await store.complete("a", lease: first, at: 6)
            _ = try await store.wait("w", key: "k", lease: first, at: 7)
            try await store.send(key: "k", at: 8)
            let second = try await store.claimOne(at: 9).lease
            try await store.finish(second, .retry(Fixtures.error(), at: at(10)), at: 9)
            let third = try await store.claimOne(at: 10).lease
            try await store.finish(third, .completed(resultJSON: "1"), at: 11)
            let timeline = try await store.detail(run.id).timeline
            let expected: [(TimelineKind, RunStatus)] = [
                (.created, .scheduled), (.queued, .queued), (.started, .running), (.stepCompleted, .running),
                (.waitingForEvent, .waiting), (.eventReceived, .queued), (.started, .running),
                (.retryScheduled, .scheduled), (.queued, .queued), (.started, .running), (.completed, .completed),
            ]
            #expect(timeline.map(\.kind) == expected.map(\.0))
            #expect(timeline.map(\.status) == expected.map(\.1))
            #expect(timeline.map(\.attempt) == [nil, nil, 1, 1, 1, 1, 2, 2, 2, 3, 3])
            #expect(zip(timeline, timeline.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            #expect(timeline.allSatisfy { !$0.message.isEmpty && $0.runId == run.id })
        },
    ]
}
