import Foundation
import JobStore
import Testing

/// Steps: results and failures are stored per attempt and handed back for replay.
enum StepChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("saveStep: results and failures are stored and handed to the next claim in order") { store in
            let run = try await store.makeRun(at: 0)
            let first = try await store.claimOne(at: 1).lease
            let saved = try await store.complete("fetch", result: #"{"rows":3}"#, lease: first, at: 2)
            #expect(!saved.cancelRequested)
            #expect(saved.step.status == .completed && saved.step.resultJSON == #"{"rows":3}"#)
            #expect(saved.step.kind == .run && saved.step.attempt == 1 && saved.step.failures == 0)
            #expect(saved.step.startedAt == at(2) && saved.step.endedAt == at(2))
            let failure = try await store.saveStep(
                SaveStepParams(
                    lease: first, name: "charge", status: .failed, error: Fixtures.error("card declined"),
                    startedAt: at(3), now: at(4)))
            #expect(failure.step.status == .failed && failure.step.failures == 1)
            #expect(failure.step.error == Fixtures.error("card declined"))
            #expect(failure.step.startedAt == at(3) && failure.step.endedAt == at(4))
            try await store.finish(first, .retry(Fixtures.error("card declined"), at: at(10)), at: 5)

            let replay = try await store.claimOne(at: 10)
            #expect(replay.run.attempt == 2)
            #expect(replay.steps.map(\.name) == ["fetch", "charge"])
            #expect(replay.steps.map(\.status) == [.completed, .failed])
            #expect(replay.steps.first?.resultJSON == #"{"rows":3}"#)
            let charged = try await store.complete("charge", result: #""ch_1""#, lease: replay.lease, at: 11)
            #expect(charged.step.status == .completed && charged.step.attempt == 2)
            #expect(charged.step.failures == 1, "a later success keeps the failure count")
            #expect(charged.step.error == Fixtures.error("card declined"), "and the error that explains it")
            try await store.complete("ship", lease: replay.lease, at: 12)
            let detail = try await store.detail(run.id)
            #expect(detail.steps.map(\.name) == ["fetch", "charge", "ship"], "steps keep their first-run order")
            #expect(detail.steps[1].resultJSON == #""ch_1""#)
            let stepEntries = detail.timeline.filter { $0.step != nil }
            #expect(stepEntries.map(\.kind) == [.stepCompleted, .stepFailed, .stepCompleted, .stepCompleted])
            #expect(stepEntries.map(\.step) == ["fetch", "charge", "charge", "ship"])
            #expect(stepEntries.allSatisfy { $0.status == .running })
        },
        ConformanceCheck("saveStep: returns each step as it reads back, at sub-millisecond instants") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let failed = try await store.saveStep(
                SaveStepParams(
                    lease: lease, name: "charge", status: .failed, error: Fixtures.error("card declined"),
                    startedAt: at(2.0004), now: at(2.0006)))
            #expect(try await store.detail(run.id).steps == [failed.step])
            #expect(
                failed.step.startedAt == at(2.0004).storedInstant && failed.step.endedAt == at(2.0006).storedInstant)
            // A later save of the step keeps its failure count and error: returned as the read gives them.
            let saved = try await store.saveStep(
                SaveStepParams(
                    lease: lease, name: "charge", status: .completed, resultJSON: #""ch_1""#, startedAt: at(3.0001),
                    now: at(3.0009)))
            #expect(try await store.detail(run.id).steps == [saved.step])
            #expect(saved.step.failures == 1 && saved.step.error == Fixtures.error("card declined"))
        },
        ConformanceCheck("saveStep: tells the handler when cancel was requested") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(try await store.complete("a", lease: lease, at: 2).cancelRequested == false)
            let result = try await store.cancelRun(CancelRunParams(runId: run.id, reason: "operator", now: at(3)))
            guard case .cancelRequested(let asked) = result else {
                Issue.record("a running run is asked to cancel, not canceled: \(result)")
                return
            }
            #expect(asked.cancelRequested && asked.status == .running)
            #expect(try await store.complete("b", lease: lease, at: 4).cancelRequested)
            let canceled = try await store.finish(lease, .canceled, at: 5)
            #expect(canceled.status == .canceled && canceled.finishedAt == at(5))
            let detail = try await store.detail(run.id)
            #expect(detail.attempts.first?.outcome == .canceled)
            #expect(
                detail.timeline.map(\.kind).suffix(4) == [.stepCompleted, .cancelRequested, .stepCompleted, .canceled])
        },
    ]
}
