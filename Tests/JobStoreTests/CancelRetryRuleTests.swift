import Foundation
import JobStore
import Testing

@Suite("Cancel and retry rules")
struct CancelRetryRuleTests {
    @Test(
        "a queued, scheduled or waiting run is canceled at once, with the reason",
        arguments: [
            RunStatus.queued, .scheduled, .waiting,
        ])
    func cancelsAtOnce(_ status: RunStatus) throws {
        var run = RecordFixtures.run(status)
        run.wait = WaitCondition(step: "nap", until: RecordFixtures.at(50), since: RecordFixtures.at(1))
        let update = try #require(try run.canceling(reason: "customer left", now: RecordFixtures.at(9)))
        #expect(update.run.status == .canceled)
        #expect(update.run.finishedAt == RecordFixtures.at(9) && update.run.updatedAt == RecordFixtures.at(9))
        #expect(update.run.wait == nil)
        #expect(update.timelineKind == .canceled)
        #expect(update.message == "canceled while \(status.rawValue): customer left")
        #expect(update.queuedAt == nil)
    }

    @Test("a running run is flagged once, naming its worker; asking again changes nothing")
    func flagsRunningRun() throws {
        let run = RecordFixtures.running()
        let update = try #require(try run.canceling(reason: nil, now: RecordFixtures.at(9)))
        #expect(update.run.status == .running && update.run.cancelRequested)
        #expect(update.run.finishedAt == nil)
        #expect(update.timelineKind == .cancelRequested)
        #expect(update.message == "cancel requested; w1 stops the run at its next step")
        #expect(try update.run.canceling(reason: "again", now: RecordFixtures.at(10)) == nil)
        #expect(CancelRunResult(update.run) == .cancelRequested(update.run))
    }

    @Test("a running run without a lease owner names its worker generically")
    func flagsUnownedRun() throws {
        var run = RecordFixtures.running()
        run.leaseOwner = nil
        let update = try #require(try run.canceling(reason: "x", now: RecordFixtures.at(9)))
        #expect(update.message == "cancel requested: x; its worker stops the run at its next step")
    }

    @Test("an ended run cannot be canceled", arguments: [RunStatus.completed, .failed, .canceled])
    func endedRunRefused(_ status: RunStatus) {
        #expect(throws: JobStoreError.invalidTransition(runId: "run_1", from: status, to: .canceled)) {
            try RecordFixtures.run(status).canceling(reason: nil, now: RecordFixtures.at(9))
        }
    }

    @Test("a retry clears the outcome and lease, queues the run now and keeps the steps")
    func retryResetsFields() throws {
        var run = RecordFixtures.run(.canceled, attempt: 2, failures: 1)
        run.error = RecordFixtures.error("boom")
        run.resultJSON = "1"
        run.finishedAt = RecordFixtures.at(5)
        run.runAt = RecordFixtures.at(4)
        run.cancelRequested = true
        run.leaseOwner = "w1"
        run.leaseExpiresAt = RecordFixtures.at(6)
        run.currentStep = "fetch"
        let change = try run.retrying(fresh: false, now: RecordFixtures.at(9))
        let after = change.update.run
        #expect(after.status == .queued && after.updatedAt == RecordFixtures.at(9))
        #expect(after.error == nil && after.resultJSON == nil && after.finishedAt == nil && after.runAt == nil)
        #expect(!after.cancelRequested && after.leaseOwner == nil && after.leaseExpiresAt == nil)
        #expect(after.currentStep == nil && after.wait == nil)
        #expect(after.attempt == 2 && after.failures == 1 && after.maxAttempts == 5, "counts are kept")
        #expect(change.update.queuedAt == RecordFixtures.at(9))
        #expect(change.update.timelineKind == .retried)
        #expect(change.update.message == "retried after canceled (completed steps kept)")
        #expect(change.forgottenSteps == .none)
    }

    @Test("an exhausted run gets exactly one more try; a fresh retry forgets its steps")
    func retryRaisesBudget() throws {
        let run = RecordFixtures.run(.failed, attempt: 4, failures: 3, maxAttempts: 3)
        let change = try run.retrying(fresh: true, now: RecordFixtures.at(9))
        #expect(change.update.run.maxAttempts == 4)
        #expect(change.update.message == "retried after failed (failure budget raised to 4, steps cleared)")
        #expect(change.forgottenSteps == .all)
    }

    @Test("a run with budget left keeps its budget")
    func retryKeepsBudget() throws {
        let change = try RecordFixtures.run(.failed, failures: 1, maxAttempts: 3).retrying(fresh: false, now: .now)
        #expect(change.update.run.maxAttempts == 3)
    }

    @Test(
        "only failed or canceled runs are retried",
        arguments: [
            RunStatus.scheduled, .queued, .running, .waiting, .completed,
        ])
    func retryRefused(_ status: RunStatus) {
        #expect(throws: JobStoreError.invalidTransition(runId: "run_1", from: status, to: .queued)) {
            try RecordFixtures.run(status).retrying(fresh: false, now: RecordFixtures.at(9))
        }
    }

    @Test("a retry from a step forgets that step and every later one, keeping the earlier ones")
    func retryFromStep() throws {
        let steps = ["verify", "provision", "await-confirmation", "notify"].map { name in
            StepRecord(runId: "run_1", name: name, kind: .run, status: .completed, attempt: 1, startedAt: .now)
        }
        let change = try RecordFixtures.run(.failed, failures: 1)
            .retrying(fresh: false, fromStep: "provision", steps: steps, now: RecordFixtures.at(9))
        #expect(change.forgottenSteps == .named(["provision", "await-confirmation", "notify"]))
        #expect(change.update.message == "retried after failed (from step provision: 3 steps cleared, 1 kept)")
        #expect(change.update.run.status == .queued)
    }

    @Test("a retry from a step the run does not have, or together with fresh, is refused")
    func retryFromUnknownStep() throws {
        let steps = [
            StepRecord(runId: "run_1", name: "verify", kind: .run, status: .completed, attempt: 1, startedAt: .now)
        ]
        #expect(throws: JobStoreError.invalidInput("run run_1 has no step named nope (its steps: verify)")) {
            try RecordFixtures.run(.failed).retrying(fresh: false, fromStep: "nope", steps: steps, now: .now)
        }
        #expect(throws: JobStoreError.invalidInput("run run_1 has no step named nope (it has no steps yet)")) {
            try RecordFixtures.run(.failed).retrying(fresh: false, fromStep: "nope", steps: [], now: .now)
        }
        #expect(throws: JobStoreError.invalidInput("a retry starts over clean or from a step, not both")) {
            try RecordFixtures.run(.failed).retrying(fresh: true, fromStep: "verify", steps: steps, now: .now)
        }
    }
}
