import Foundation
import JobStore
import Testing

@Suite("Step save rules")
struct StepRuleTests {
    private func params(
        _ status: StepStatus, result: String? = nil, error: ErrorDetail? = nil, name: String = "charge"
    ) -> SaveStepParams {
        SaveStepParams(
            lease: RecordFixtures.lease(attempt: 2), name: name, status: status, resultJSON: result, error: error,
            startedAt: RecordFixtures.at(5), now: RecordFixtures.at(6))
    }

    @Test("only completed and failed steps are saved", arguments: [StepStatus.waiting, .sleeping, .timedOut])
    func refusesOtherStatuses(_ status: StepStatus) {
        #expect(
            throws: JobStoreError.invalidInput(
                "saveStep records completed or failed steps, not \(status.rawValue) ones")
        ) {
            try params(status).validate()
        }
    }

    @Test("a first success stores its result as a run step of this attempt")
    func firstSuccess() throws {
        try params(.completed).validate()
        let save = params(.completed, result: "42", name: "fetch").saving(over: nil)
        #expect(
            save.step
                == StepRecord(
                    runId: "run_1", name: "fetch", kind: .run, status: .completed, attempt: 2, failures: 0,
                    startedAt: RecordFixtures.at(5), endedAt: RecordFixtures.at(6), resultJSON: "42"))
        #expect(save.timelineKind == .stepCompleted && save.message == "step fetch completed")
    }

    @Test("a failure counts, stores no result and names its count and error")
    func failureCounts() {
        let existing = StepRecord(
            runId: "run_1", name: "charge", status: .failed, attempt: 1, failures: 2, startedAt: RecordFixtures.at(1),
            error: RecordFixtures.error("old"))
        let save = params(.failed, result: "ignored", error: RecordFixtures.error("declined")).saving(over: existing)
        #expect(save.step.failures == 3 && save.step.resultJSON == nil)
        #expect(save.step.error == RecordFixtures.error("declined"))
        #expect(save.timelineKind == .stepFailed)
        #expect(save.message == "step charge failed (failure 3): TestError: declined")
    }

    @Test("a failure without an error keeps the last one and says none was recorded")
    func failureWithoutError() {
        let existing = StepRecord(
            runId: "run_1", name: "charge", status: .failed, attempt: 1, failures: 1, startedAt: RecordFixtures.at(1),
            error: RecordFixtures.error("old"))
        let save = params(.failed).saving(over: existing)
        #expect(save.step.error == RecordFixtures.error("old"))
        #expect(save.message == "step charge failed (failure 2): no error recorded")
    }

    @Test("a later success keeps the failures count, the last error and the step's kind")
    func successAfterFailures() {
        let existing = StepRecord(
            runId: "run_1", name: "charge", kind: .sleep, status: .failed, attempt: 1, failures: 2,
            startedAt: RecordFixtures.at(1), error: RecordFixtures.error("old"))
        let save = params(.completed, result: "1").saving(over: existing)
        #expect(save.step.failures == 2 && save.step.error == RecordFixtures.error("old"))
        #expect(save.step.kind == .sleep && save.step.resultJSON == "1")
    }

    @Test("the parts a one-statement driver writes around the count make the same message")
    func messageParts() {
        let failed = params(.failed, error: RecordFixtures.error("x"))
        #expect(failed.failuresAdded == 1 && failed.storedResultJSON == nil)
        #expect(failed.message == StepMessage(head: "step charge failed (failure ", tail: "): TestError: x"))
        #expect(failed.message.text(failures: 7) == "step charge failed (failure 7): TestError: x")
        let completed = params(.completed, result: "2")
        #expect(completed.failuresAdded == 0 && completed.storedResultJSON == "2")
        #expect(completed.message.tail == nil && completed.message.text(failures: 7) == "step charge completed")
    }
}
