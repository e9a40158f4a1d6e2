import DurableJobs
import Foundation
import JobStore
import Testing

@testable import Demo

/// The demo's speed shortens its waits and never reaches a stored time: on the old demo clock, a demo at
/// speed 20 stored times up to 20× further from its start than real time had gone, most of them in the future.
@Suite("Real time in the demo", .serialized, .timeLimit(.minutes(3)))
struct RealTimeTests {
    /// The demo's speed in these tests: high, so retries come quickly, and far from 1, so a time or a delay
    /// left in scenario terms is far outside every bound checked.
    static let speed = 20.0

    @Test("every stored time lies between the demo's start and now, and a retry waits the scenario's delay / speed")
    func storedTimesAreReal() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        // The store keeps milliseconds: compare from the millisecond the demo started in.
        let before = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        let demo = try await DemoSystem.start(options: testOptions("incident.yaml", speed: Self.speed), store: store)
        do {
            // The incident's flaky provider fails most provisioning calls: wait for two retries that happened.
            try await eventually("two runs were retried after a failed attempt", timeout: .seconds(60)) {
                try await Self.retryGaps(in: store).count >= 2
            }
        } catch {
            await demo.stop()
            throw error
        }
        await demo.stop()
        let summary = try await demo.summary()
        let after = Date()

        let check = { (what: String, date: Date?) in
            guard let date else { return }
            #expect(date >= before, "\(what) is \(date), before the demo started at \(before)")
            #expect(date <= after, "\(what) is \(date), after now (\(after)): in the future")
        }
        check("the summary's start", summary.startedAt)
        check("the summary's time", summary.takenAt)
        let runs = try await allRuns(store)
        #expect(runs.count > 10)
        for run in runs {
            let detail = try #require(try await store.runDetail(RunDetailParams(runId: run.id)))
            check("run \(run.id) createdAt", run.createdAt)
            check("run \(run.id) updatedAt", run.updatedAt)
            check("run \(run.id) startedAt", run.startedAt)
            check("run \(run.id) finishedAt", run.finishedAt)
            check("run \(run.id) waiting since", run.wait?.since)
            // Some runs rightly name a time ahead: a scheduled run's start (an upload set for later, a retry's
            // backoff), a waiting run's timeout, a canceled upload's start that never came.
            if run.status != .scheduled && run.status != .waiting && run.startedAt != nil {
                check("run \(run.id) runAt", run.runAt)
            }
            for attempt in detail.attempts {
                check("run \(run.id) attempt \(attempt.number) start", attempt.startedAt)
                check("run \(run.id) attempt \(attempt.number) end", attempt.endedAt)
            }
            for step in detail.steps {
                check("run \(run.id) step \(step.name) start", step.startedAt)
                check("run \(run.id) step \(step.name) end", step.endedAt)
            }
            for line in detail.logs { check("run \(run.id) log line", line.at) }
            for entry in detail.timeline { check("run \(run.id) timeline entry", entry.at) }
        }
        let events = try await demo.stackshift.events(limit: 100_000)
        #expect(!events.isEmpty)
        for event in events { check("event \(event.id) receivedAt", event.receivedAt) }
        for schedule in try await store.listSchedules() {
            check("schedule \(schedule.name) last fire", schedule.lastFireAt)
            check("schedule \(schedule.name) updatedAt", schedule.updatedAt)
        }
        for entry in try await store.listState(StateQuery(prefix: "", limit: 10_000, now: after)) {
            check("state \(entry.key) updatedAt", entry.updatedAt)
        }
        for lock in try await store.listLocks(LockQuery(prefix: "", now: after)) {
            check("lock \(lock.key) acquiredAt", lock.acquiredAt)
        }
        let flakyUntil = try #require(demo.faults.flakyUntil)
        let outage = try #require(demo.scenario.faults.flakyProvider).lasts
        // The outage ends its scenario length, at the demo's pace, after the real start.
        #expect(abs(flakyUntil.timeIntervalSince(demo.pace.startedAt) - outage.seconds / Self.speed) < 0.001)

        try await checkBackoff(in: store)
        try await store.close()
    }

    /// Each gap between a failed attempt and the next, in runs whose attempts never crashed (a crash waits for
    /// its lease to expire, not for the backoff).
    struct RetryGap {
        var run: RunRecord
        /// The failure's number in the run's retry budget, from 1.
        var failure: Int
        /// From the failed attempt's end to the next attempt's start.
        var gap: TimeInterval
    }

    static func retryGaps(in store: any JobStore) async throws -> [RetryGap] {
        var gaps: [RetryGap] = []
        for run in try await allRuns(store) where run.failures > 0 {
            guard let detail = try await store.runDetail(RunDetailParams(runId: run.id)),
                !detail.attempts.contains(where: { $0.outcome == .crashed })
            else { continue }
            let attempts = detail.attempts.sorted { $0.number < $1.number }
            var failures = 0
            for (failed, next) in zip(attempts, attempts.dropFirst()) {
                guard failed.outcome == .failed, let ended = failed.endedAt else { continue }
                failures += 1
                gaps.append(RetryGap(run: run, failure: failures, gap: next.startedAt.timeIntervalSince(ended)))
            }
        }
        return gaps
    }

    /// The backoff the engine waited is the scenario's policy with its delays divided by the speed: never
    /// shorter than the jitter allows, and for some retry within the time a worker takes to notice it is due,
    /// which is far shorter than the scenario's own delay.
    private func checkBackoff(in store: any JobStore) async throws {
        // The worker polls every 100 ms; on a busy 2-core machine, claiming can take much longer than that.
        let claimSlack: TimeInterval = 1
        // The engine reads the time for the backoff a moment before it stores the attempt's end.
        let bookkeeping: TimeInterval = 0.025
        let gaps = try await Self.retryGaps(in: store)
        #expect(gaps.count >= 2)
        var withinSlack = 0
        for retry in gaps {
            let job = try #require(DemoJob(rawValue: retry.run.job))
            let scenario = job.retryPolicy
            // The run keeps the policy it was started with: the scenario's, its delays converted to real time.
            let kept = retry.run.retryPolicy
            #expect(
                kept.initialDelay == scenario.initialDelay / Self.speed
                    && kept.maxDelay == scenario.maxDelay / Self.speed)
            #expect(kept.multiplier == scenario.multiplier && kept.jitter == scenario.jitter)
            let exponent = Double(retry.failure - 1)
            let scenarioDelay = min(scenario.maxDelay, scenario.initialDelay * pow(scenario.multiplier, exponent))
            let delay = scenarioDelay / Self.speed
            // Jitter takes up to `jitter` of the delay off, never more; it never adds.
            let shortest = delay * (1 - scenario.jitter) - bookkeeping
            #expect(
                retry.gap >= shortest,
                "run \(retry.run.id) retried \(retry.gap)s after failure \(retry.failure), under \(shortest)s")
            // Had the delay stayed in scenario time, even its jittered minimum would exceed this bound.
            #expect(delay + claimSlack < scenarioDelay * (1 - scenario.jitter), "the bound must tell them apart")
            if retry.gap <= delay + claimSlack { withinSlack += 1 }
        }
        #expect(
            withinSlack > 0,
            "no retry came within \(claimSlack)s of its delay / speed: \(gaps.map { ($0.run.job, $0.gap) })")
    }
}
