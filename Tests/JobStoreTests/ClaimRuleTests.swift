import Foundation
import JobStore
import Testing

@Suite("Claim and promotion rules")
struct ClaimRuleTests {
    private func params(limit: Int = 10, queues: [String] = ["default"], jobs: [String] = ["job"]) -> ClaimRunsParams {
        ClaimRunsParams(
            workerId: "w2", queues: queues, jobs: jobs, limit: limit, leaseExpiresAt: RecordFixtures.at(40),
            now: RecordFixtures.at(10))
    }

    @Test("a claim starts the next attempt under the worker's lease, counting the budget in its entry")
    func claimedRun() {
        var run = RecordFixtures.run(.queued, attempt: 2, failures: 1)
        run.wait = WaitCondition(step: "nap", since: RecordFixtures.at(1))
        run.currentStep = "stale"
        let update = run.claimed(by: "w2", leaseExpiresAt: RecordFixtures.at(40), now: RecordFixtures.at(10))
        #expect(update.run.status == .running && update.run.attempt == 3)
        #expect(update.run.leaseOwner == "w2" && update.run.leaseExpiresAt == RecordFixtures.at(40))
        #expect(update.run.startedAt == RecordFixtures.at(10), "the first start is now")
        #expect(update.run.updatedAt == RecordFixtures.at(10))
        #expect(update.run.wait == nil && update.run.currentStep == nil)
        #expect(update.timelineKind == .started)
        #expect(update.message == "attempt 3 started on worker w2 (failures 1/5)")
    }

    @Test("a run started before keeps its first start")
    func claimKeepsStart() {
        var run = RecordFixtures.run(.queued, attempt: 1)
        run.startedAt = RecordFixtures.at(2)
        #expect(
            run.claimed(by: "w2", leaseExpiresAt: .now, now: RecordFixtures.at(10)).run.startedAt
                == RecordFixtures.at(2))
    }

    @Test("candidates are picked by priority, then queue time, then id, up to the limit")
    func pickingOrder() {
        let candidates = [
            ClaimCandidate(run: RecordFixtures.run(.queued, id: "run_c", priority: 0), queuedAt: RecordFixtures.at(1)),
            ClaimCandidate(run: RecordFixtures.run(.queued, id: "run_b", priority: 0), queuedAt: RecordFixtures.at(1)),
            ClaimCandidate(run: RecordFixtures.run(.queued, id: "run_a", priority: 0), queuedAt: RecordFixtures.at(2)),
            ClaimCandidate(run: RecordFixtures.run(.queued, id: "run_z", priority: 5), queuedAt: RecordFixtures.at(9)),
        ]
        #expect(params(limit: 3).picking(candidates).map(\.id) == ["run_z", "run_b", "run_c"])
        #expect(params(limit: 0).picking(candidates).isEmpty)
    }

    @Test("a queue gives its free slots, never more than the claim's limit")
    func slots() {
        #expect(params(limit: 10).slots(concurrencyLimit: nil, running: 50) == 10, "unlimited")
        #expect(params(limit: 10).slots(concurrencyLimit: 4, running: 1) == 3)
        #expect(params(limit: 2).slots(concurrencyLimit: 4, running: 1) == 2)
        #expect(params(limit: 10).slots(concurrencyLimit: 4, running: 6) == 0, "over the limit: none")
    }

    @Test("queues keep their first order without repeats; a claim for nothing is recognised")
    func queuesAndNothing() {
        #expect(params(queues: ["b", "a", "b", "c", "a"]).distinctQueues == ["b", "a", "c"])
        #expect(!params().claimsNothing)
        #expect(params(limit: 0).claimsNothing)
        #expect(params(queues: []).claimsNothing)
        #expect(params(jobs: []).claimsNothing)
    }

    @Test("a due scheduled run joins its queue at its due time")
    func dueScheduledRun() {
        var run = RecordFixtures.run(.scheduled)
        run.runAt = RecordFixtures.at(50)
        let update = run.becomingDue(now: RecordFixtures.at(70))
        #expect(update.run.status == .queued && update.run.updatedAt == RecordFixtures.at(70))
        #expect(update.queuedAt == RecordFixtures.at(50), "ordered by when it became due, not when it was seen")
        #expect(update.timelineKind == .queued && update.step == nil)
        #expect(update.message == "due at 2026-01-01T00:00:50Z; queued")
    }

    @Test("a sleep that ended and a wait that timed out say so, naming the step")
    func dueWaitingRuns() {
        var sleeping = RecordFixtures.run(.waiting, attempt: 1)
        sleeping.wait = WaitCondition(step: "nap", until: RecordFixtures.at(60), since: RecordFixtures.at(1))
        sleeping.runAt = RecordFixtures.at(60)
        let woke = sleeping.becomingDue(now: RecordFixtures.at(61))
        #expect(woke.message == "sleep nap ended; queued to resume" && woke.step == "nap")
        #expect(woke.run.wait == nil)

        var waiting = sleeping
        waiting.wait = WaitCondition(
            step: "confirm", eventName: "paid", eventKey: "k1", until: RecordFixtures.at(60),
            since: RecordFixtures.at(1))
        let timedOut = waiting.becomingDue(now: RecordFixtures.at(61))
        #expect(timedOut.message == "wait for paid key k1 timed out at 2026-01-01T00:01:00Z; queued to resume")
        #expect(timedOut.step == "confirm" && timedOut.queuedAt == RecordFixtures.at(60))
    }
}
