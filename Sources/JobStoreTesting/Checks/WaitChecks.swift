import Foundation
import JobStore
import Testing

/// Event waits and durable sleeps: matching, suspension, timeouts, stored deadlines.
enum WaitChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("awaitEvent: suspends the run; sendEvent resumes it with the payload") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(worker: "w1", at: 1).lease
            let outcome = try await store.wait("confirm", key: "pay_1", timeout: 100, lease: lease, at: 2)
            #expect(outcome == .suspended)
            let waiting = try await store.detail(run.id)
            #expect(waiting.run.status == .waiting)
            #expect(
                waiting.run.wait
                    == WaitCondition(
                        step: "confirm", eventName: "payment.confirmed", eventKey: "pay_1", until: at(100), since: at(2)
                    ))
            #expect(waiting.run.runAt == at(100))
            #expect(waiting.run.leaseOwner == nil && waiting.run.leaseExpiresAt == nil)
            #expect(waiting.attempts.first?.outcome == .suspended && waiting.attempts.first?.endedAt == at(2))
            let step = try #require(waiting.steps.first)
            #expect(step.kind == .waitForEvent && step.status == .waiting)
            #expect(step.eventName == "payment.confirmed" && step.eventKey == "pay_1" && step.until == at(100))
            #expect(waiting.timeline.last?.kind == .waitingForEvent && waiting.timeline.last?.status == .waiting)
            #expect(try await store.claim(at: 3).isEmpty, "a waiting run is not claimable")

            let sent = try await store.send(key: "pay_1", payload: #"{"amount":5}"#, at: 10)
            #expect(sent.resumed == [run.id])
            #expect(sent.event.consumedBy == [run.id])
            let resumed = try await store.detail(run.id)
            #expect(resumed.run.status == .queued && resumed.run.wait == nil)
            #expect(resumed.steps.first?.status == .completed)
            #expect(resumed.steps.first?.resultJSON == #"{"amount":5}"#)
            #expect(resumed.timeline.last?.kind == .eventReceived && resumed.timeline.last?.status == .queued)

            let replay = try await store.claimOne(at: 11)
            #expect(replay.run.attempt == 2)
            #expect(replay.steps.first?.status == .completed)
            let again = try await store.wait("confirm", key: "pay_1", timeout: 100, lease: replay.lease, at: 12)
            #expect(again == .resumed(payloadJSON: #"{"amount":5}"#))
            #expect(try await store.record(run.id).status == .running)
        },
        ConformanceCheck("awaitEvent: an event sent before the wait still matches") { store in
            let run = try await store.makeRun(at: 0)
            let early = try await store.send(key: "pay_2", payload: #"{"early":true}"#, at: 1)
            #expect(early.resumed.isEmpty)
            let lease = try await store.claimOne(at: 2).lease
            let outcome = try await store.wait("confirm", key: "pay_2", lease: lease, at: 3)
            #expect(outcome == .resumed(payloadJSON: #"{"early":true}"#))
            let detail = try await store.detail(run.id)
            #expect(detail.run.status == .running)
            #expect(detail.steps.first?.status == .completed && detail.steps.first?.resultJSON == #"{"early":true}"#)
            #expect(detail.timeline.last?.kind == .eventReceived && detail.timeline.last?.status == .running)
            let events = try await store.listEvents(EventQuery(now: at(4)))
            #expect(events.first?.consumedBy == [run.id])
        },
        ConformanceCheck("awaitEvent: an event older than the run does not match") { store in
            try await store.send(key: "pay_3", at: 0)
            let run = try await store.makeRun(at: 1)
            let lease = try await store.claimOne(at: 2).lease
            #expect(try await store.wait("confirm", key: "pay_3", lease: lease, at: 3) == .suspended)
            #expect(try await store.record(run.id).status == .waiting)
            let unconsumed = try await store.listEvents(EventQuery(unconsumedOnly: true, now: at(4)))
            #expect(unconsumed.count == 1)
        },
        ConformanceCheck("awaitEvent: a run waiting twice on one pair needs two events") { store in
            let run = try await store.makeRun(at: 0)
            try await store.send(key: "k", payload: "1", at: 1)
            let lease = try await store.claimOne(at: 2).lease
            #expect(try await store.wait("first", key: "k", lease: lease, at: 3) == .resumed(payloadJSON: "1"))
            #expect(try await store.wait("second", key: "k", lease: lease, at: 4) == .suspended)
            let sent = try await store.send(key: "k", payload: "2", at: 5)
            #expect(sent.resumed == [run.id])
            let replay = try await store.claimOne(at: 6).lease
            #expect(try await store.wait("first", key: "k", lease: replay, at: 7) == .resumed(payloadJSON: "1"))
            #expect(try await store.wait("second", key: "k", lease: replay, at: 8) == .resumed(payloadJSON: "2"))
        },
        ConformanceCheck("awaitEvent: the earliest unconsumed event matches first") { store in
            try await store.makeRun(at: 0)
            try await store.send(key: "k", payload: "1", at: 1)
            try await store.send(key: "k", payload: "2", at: 2)
            let lease = try await store.claimOne(at: 3).lease
            #expect(try await store.wait("a", key: "k", lease: lease, at: 4) == .resumed(payloadJSON: "1"))
            #expect(try await store.wait("b", key: "k", lease: lease, at: 5) == .resumed(payloadJSON: "2"))
        },
        ConformanceCheck("awaitEvent: an expired event does not match") { store in
            try await store.makeRun(at: 0)
            try await store.send(key: "k", at: 1, retention: 10)
            let lease = try await store.claimOne(at: 2).lease
            #expect(try await store.wait("a", key: "k", lease: lease, at: 11) == .suspended)
        },
        ConformanceCheck("awaitEvent: a timeout wakes the run and the replay reports it") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", timeout: 30, lease: lease, at: 2) == .suspended)
            #expect(try await store.claim(at: 29).isEmpty)
            let woke = try await store.claimOne(at: 30)
            #expect(woke.run.id == run.id && woke.run.attempt == 2)
            // The deadline stored at the first wait wins over the later one a replay computes.
            let outcome = try await store.wait("confirm", key: "k", timeout: 1000, lease: woke.lease, at: 31)
            #expect(outcome == .timedOut)
            let detail = try await store.detail(run.id)
            #expect(detail.steps.first?.status == .timedOut && detail.steps.first?.endedAt == at(31))
            #expect(detail.run.status == .running)
            #expect(detail.timeline.last?.kind == .timedOut)
            #expect(try await store.wait("confirm", key: "k", timeout: 1000, lease: woke.lease, at: 32) == .timedOut)
            #expect(try await store.send(key: "k", at: 33).resumed.isEmpty, "a timed-out wait consumes nothing")
        },
        ConformanceCheck("awaitEvent: a deadline already passed times out at once") { store in
            try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", timeout: 1, lease: lease, at: 2) == .timedOut)
        },
        ConformanceCheck("awaitEvent: the stored deadline wins over an earlier one on replay") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", timeout: 100, lease: lease, at: 2) == .suspended)
            _ = try await store.cancelRun(CancelRunParams(runId: run.id, now: at(3)))
            _ = try await store.retryRun(RetryRunParams(runId: run.id, now: at(4)))
            let replay = try await store.claimOne(at: 5).lease
            #expect(try await store.wait("confirm", key: "k", timeout: 6, lease: replay, at: 10) == .suspended)
            #expect(try await store.record(run.id).wait?.until == at(100))
        },
        ConformanceCheck("awaitEvent: without a timeout the run waits indefinitely") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            #expect(try await store.wait("confirm", key: "k", timeout: nil, lease: lease, at: 2) == .suspended)
            let waiting = try await store.record(run.id)
            #expect(waiting.runAt == nil && waiting.wait?.until == nil)
            #expect(try await store.claim(at: 10_000_000).isEmpty)
            #expect(try await store.record(run.id).status == .waiting)
        },
        ConformanceCheck("sleep: suspends until the wake-up time, which survives replays") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let outcome = try await store.sleep(SleepParams(lease: lease, step: "cool-off", wakeAt: at(60), now: at(2)))
            #expect(outcome == .suspended)
            let sleeping = try await store.detail(run.id)
            #expect(sleeping.run.status == .waiting && sleeping.run.runAt == at(60))
            #expect(sleeping.run.wait == WaitCondition(step: "cool-off", until: at(60), since: at(2)))
            #expect(sleeping.run.wait?.isSleep == true)
            #expect(sleeping.steps.first?.kind == .sleep && sleeping.steps.first?.status == .sleeping)
            #expect(sleeping.attempts.first?.outcome == .suspended)
            #expect(sleeping.timeline.last?.kind == .sleeping)
            #expect(try await store.claim(at: 59).isEmpty)
            let woke = try await store.claimOne(at: 60)
            let replay = try await store.sleep(
                SleepParams(lease: woke.lease, step: "cool-off", wakeAt: at(120), now: at(61)))
            #expect(replay == .resumed(payloadJSON: nil))
            let detail = try await store.detail(run.id)
            #expect(detail.steps.first?.status == .completed && detail.run.status == .running)
            let again = try await store.sleep(
                SleepParams(lease: woke.lease, step: "cool-off", wakeAt: at(500), now: at(62)))
            #expect(again == .resumed(payloadJSON: nil))
        },
        ConformanceCheck("sleep: a wake-up time already passed resumes at once") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let outcome = try await store.sleep(SleepParams(lease: lease, step: "nap", wakeAt: at(2), now: at(2)))
            #expect(outcome == .resumed(payloadJSON: nil))
            let detail = try await store.detail(run.id)
            #expect(detail.run.status == .running)
            #expect(detail.steps.first?.status == .completed && detail.steps.first?.kind == .sleep)
        },
    ]
}
