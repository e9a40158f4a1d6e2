import Foundation
import JobStore
import Testing

@Suite("Event wait and sleep rules")
struct WaitRuleTests {
    private let run = RecordFixtures.running(attempt: 2)

    private func eventWait(timeout: TimeInterval?, at now: TimeInterval = 10) -> AwaitEventParams {
        AwaitEventParams(
            lease: RecordFixtures.lease(attempt: 2), step: "confirm", eventName: "paid", eventKey: "k1",
            timeoutAt: timeout.map(RecordFixtures.at), now: RecordFixtures.at(now))
    }

    private func stored(_ status: StepStatus, until: TimeInterval?, result: String? = nil) -> StepRecord {
        StepRecord(
            runId: "run_1", name: "confirm", kind: .waitForEvent, status: status, attempt: 1, failures: 1,
            startedAt: RecordFixtures.at(3), resultJSON: result, eventName: "paid", eventKey: "k1",
            until: until.map(RecordFixtures.at))
    }

    @Test("a replay returns what the wait resolved to before, and nothing for a wait still open")
    func replays() {
        #expect(
            eventWait(timeout: nil).replayedOutcome(stored(.completed, until: nil, result: "7"))
                == .resumed(payloadJSON: "7"))
        #expect(eventWait(timeout: nil).replayedOutcome(stored(.timedOut, until: 5)) == .timedOut)
        #expect(eventWait(timeout: nil).replayedOutcome(stored(.waiting, until: 50)) == nil)
        #expect(eventWait(timeout: nil).replayedOutcome(nil) == nil)
    }

    @Test("a matching event completes the step with its payload and is consumed")
    func matches() {
        let change = eventWait(timeout: 100).resolving(run, existing: nil, match: EventMatch(id: 9, payloadJSON: "{}"))
        #expect(change.step.status == .completed && change.step.resultJSON == "{}")
        #expect(change.step.endedAt == RecordFixtures.at(10) && change.step.startedAt == RecordFixtures.at(10))
        #expect(change.step.attempt == 2 && change.step.kind == .waitForEvent)
        #expect(change.consumedEventId == 9 && change.suspendedRun == nil)
        #expect(change.outcome == .resumed(payloadJSON: "{}"))
        #expect(change.timelineKind == .eventReceived && change.message == "event paid key k1 (#9) matched the wait")
    }

    @Test("with no event the run suspends until the deadline, its lease released")
    func suspends() throws {
        let change = eventWait(timeout: 100).resolving(run, existing: nil, match: nil)
        #expect(change.step.status == .waiting && change.step.until == RecordFixtures.at(100))
        let suspended = try #require(change.suspendedRun)
        #expect(suspended.status == .waiting && suspended.runAt == RecordFixtures.at(100))
        #expect(suspended.leaseOwner == nil && suspended.leaseExpiresAt == nil && suspended.currentStep == nil)
        #expect(
            suspended.wait
                == WaitCondition(
                    step: "confirm", eventName: "paid", eventKey: "k1", until: RecordFixtures.at(100),
                    since: RecordFixtures.at(10)))
        #expect(change.outcome == .suspended && change.timelineKind == .waitingForEvent)
        #expect(change.message == "waiting for paid key k1 until 2026-01-01T00:01:40Z")
        #expect(eventWait(timeout: nil).resolving(run, existing: nil, match: nil).message == "waiting for paid key k1")
    }

    @Test("the deadline stored when the wait began survives replays, even no deadline")
    func deadlineKept() {
        let replay = eventWait(timeout: 500).resolving(run, existing: stored(.waiting, until: 100), match: nil)
        #expect(replay.step.until == RecordFixtures.at(100) && replay.suspendedRun?.runAt == RecordFixtures.at(100))
        #expect(replay.step.startedAt == RecordFixtures.at(3) && replay.step.failures == 1)
        let forever = eventWait(timeout: 500).resolving(run, existing: stored(.waiting, until: nil), match: nil)
        #expect(forever.step.until == nil && forever.suspendedRun?.runAt == nil)
    }

    @Test("a deadline reached to the millisecond times the wait out")
    func timesOut() {
        let change = eventWait(timeout: 10.0004, at: 10).resolving(run, existing: nil, match: nil)
        #expect(change.outcome == .timedOut && change.step.status == .timedOut && change.suspendedRun == nil)
        #expect(change.message == "wait for paid key k1 timed out at 2026-01-01T00:00:10Z")
        #expect(eventWait(timeout: 11, at: 10).resolving(run, existing: nil, match: nil).outcome == .suspended)
    }

    @Test("a sleep suspends until its stored wake-up time, then ends")
    func sleeps() throws {
        let first = SleepParams(
            lease: RecordFixtures.lease(attempt: 2), step: "nap", wakeAt: RecordFixtures.at(60),
            now: RecordFixtures.at(10))
        #expect(first.replayedOutcome(nil) == nil)
        let change = first.resolving(run, existing: nil)
        #expect(
            change.step.kind == .sleep && change.step.status == .sleeping && change.step.until == RecordFixtures.at(60))
        let suspended = try #require(change.suspendedRun)
        #expect(
            suspended.wait == WaitCondition(step: "nap", until: RecordFixtures.at(60), since: RecordFixtures.at(10)))
        #expect(change.timelineKind == .sleeping && change.message == "sleeping until 2026-01-01T00:01:00Z")

        let replay = SleepParams(
            lease: RecordFixtures.lease(attempt: 3), step: "nap", wakeAt: RecordFixtures.at(900),
            now: RecordFixtures.at(61))
        let ended = replay.resolving(run, existing: change.step)
        #expect(ended.outcome == .resumed(payloadJSON: nil) && ended.step.status == .completed)
        #expect(ended.timelineKind == .stepCompleted && ended.message == "sleep nap ended at 2026-01-01T00:01:00Z")
        #expect(replay.replayedOutcome(ended.step) == .resumed(payloadJSON: nil))
    }
}
