import Foundation
import JobStore
import Testing

/// Run activity: the per-minute counts every status change adds to, in the transaction of the change, read
/// back in buckets of whole minutes, by queue, since a time.
enum ActivityChecks {
    /// The activity from `since` to `now` (seconds after the base date).
    static func activity(
        _ store: any JobStore, since: TimeInterval, now: TimeInterval, bucketSeconds: Int = 60, queue: String? = nil
    ) async throws -> [ActivityBucket] {
        try await store.runActivity(
            RunActivityQuery(since: at(since), now: at(now), bucketSeconds: bucketSeconds, queue: queue))
    }

    /// A bucket of `job` on the `default` queue starting `seconds` after the base date.
    static func bucket(
        _ seconds: TimeInterval, job: String = "job", queue: String = "default", started: Int = 0,
        completed: Int = 0, failed: Int = 0, retried: Int = 0, canceled: Int = 0, latencies: [Int64] = []
    ) -> ActivityBucket {
        var latency = LatencyHistogram()
        for millis in latencies { latency.record(millis: millis) }
        return ActivityBucket(
            start: at(seconds), job: job, queue: queue, started: started, completed: completed, failed: failed,
            retried: retried, canceled: canceled, latency: latency)
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck(
            "runActivity: a run counts as started in the minute it was created, completed in the minute it ended, "
                + "its start→end time in its latency bucket"
        ) { store in
            // 2.5 s from creation to completion, across a minute boundary; 2.5 s is the lower bound of its bucket.
            try await store.makeRun(at: 58)
            let slow = try await store.claimOne(at: 59)
            try await store.finish(slow.lease, .completed(resultJSON: "null"), at: 60.5)
            // 4 ms, in the first bucket.
            try await store.makeRun(at: 61)
            let fast = try await store.claimOne(at: 61)
            try await store.finish(fast.lease, .completed(resultJSON: "null"), at: 61.004)

            let rows = try await activity(store, since: 0, now: 120)
            #expect(
                rows == [
                    bucket(0, started: 1), bucket(60, started: 1, completed: 2, latencies: [2_500, 4]),
                ])
            let latency = try #require(rows.last?.latency)
            #expect(latency.counts[LatencyHistogram.bucket(millis: 2_500)] == 1)
            #expect(latency.counts[0] == 1 && latency.total == 2)
            let slowest = try #require(latency.quantile(1))
            #expect(slowest >= 2.5 && slowest <= 5, "within the bucket of 2.5 s: \(slowest)")
            let fastest = try #require(latency.quantile(0.25))
            #expect(fastest >= 0 && fastest <= 0.005, "within the bucket of 4 ms: \(fastest)")
            #expect(try await activity(store, since: 120, now: 180).isEmpty, "minutes with nothing are left out")
        },
        ConformanceCheck(
            "runActivity: a failed try with a retry and a recovered lease count as retried, a final failure as "
                + "failed, a cancel as canceled; a released run is not retried"
        ) { store in
            // Fails its first try (retry at 30 s), then for good at 75 s.
            try await store.makeRun("flaky", at: 0)
            let first = try await store.claimOne(jobs: ["flaky"], at: 1)
            try await store.finish(first.lease, .retry(Fixtures.error(), at: at(30)), at: 5)
            let second = try await store.claimOne(jobs: ["flaky"], at: 70)
            try await store.finish(second.lease, .failed(Fixtures.error()), at: 75)
            // Canceled while queued at 65 s, and while running (at a step boundary) at 70 s.
            let queued = try await store.makeRun("cancel", at: 0)
            _ = try await store.cancelRun(CancelRunParams(runId: queued.id, now: at(65)))
            let running = try await store.makeRun("stop", at: 0)
            let stopping = try await store.claimOne(jobs: ["stop"], at: 2, leaseSeconds: 300)
            _ = try await store.cancelRun(CancelRunParams(runId: running.id, now: at(60)))
            try await store.finish(stopping.lease, .canceled, at: 70)
            // Its worker stops heartbeating; the lease is recovered at 130 s and the run queued again.
            try await store.makeRun("lease", at: 0)
            _ = try await store.claimOne(jobs: ["lease"], at: 3, leaseSeconds: 5)
            #expect(try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(130))).count == 1)
            // Its worker hands it back unfinished: not a failure.
            try await store.makeRun("release", at: 0)
            let released = try await store.claimOne(jobs: ["release"], at: 4)
            try await store.finish(released.lease, .released, at: 10)

            let rows = try await activity(store, since: 0, now: 180)
            #expect(
                rows == [
                    bucket(0, job: "cancel", started: 1), bucket(0, job: "flaky", started: 1, retried: 1),
                    bucket(0, job: "lease", started: 1), bucket(0, job: "release", started: 1),
                    bucket(0, job: "stop", started: 1),
                    bucket(60, job: "cancel", canceled: 1), bucket(60, job: "flaky", failed: 1),
                    bucket(60, job: "stop", canceled: 1),
                    bucket(120, job: "lease", retried: 1),
                ])
        },
        ConformanceCheck(
            "runActivity: a failed run retried by hand that then completes counts failed, then completed, and "
                + "started once"
        ) { store in
            let run = try await store.makeRun(at: 0, policy: .never)
            let first = try await store.claimOne(at: 1)
            try await store.finish(first.lease, .failed(Fixtures.error()), at: 2)
            _ = try await store.retryRun(RetryRunParams(runId: run.id, now: at(60)))
            let second = try await store.claimOne(at: 61)
            try await store.finish(second.lease, .completed(resultJSON: "null"), at: 62)

            let rows = try await activity(store, since: 0, now: 120)
            #expect(
                rows == [
                    bucket(0, started: 1, failed: 1), bucket(60, completed: 1, latencies: [62_000]),
                ], "the latency runs from creation, across the retry")
        },
        ConformanceCheck(
            "runActivity: buckets of 5 minutes sum their minutes and start on multiples of 5 minutes since 1970"
        ) { store in
            // The base date is a multiple of 5 minutes.
            for seconds: TimeInterval in [-200, -10, 0, 100, 299, 300] {
                try await store.makeRun(at: seconds)
            }
            // The oldest run, created at -200 s, completes at 302 s.
            let lease = try await store.claimOne(at: 301).lease
            try await store.finish(lease, .completed(resultJSON: "null"), at: 302)

            let rows = try await activity(store, since: -120, now: 400, bucketSeconds: 300)
            #expect(
                rows == [
                    bucket(-300, started: 2), bucket(0, started: 3),
                    bucket(300, started: 1, completed: 1, latencies: [502_000]),
                ], "since is rounded down to its bucket: the minutes before it in that bucket count")
            #expect(rows.allSatisfy { $0.start.timeIntervalSince1970.truncatingRemainder(dividingBy: 300) == 0 })
            // The same counts, minute by minute.
            let minutes = try await activity(store, since: -300, now: 400)
            #expect(minutes.count == 6)
            var summed = ActivityBucket(start: at(0), job: "job", queue: "default")
            for minute in minutes { summed.merge(minute) }
            var total = ActivityBucket(start: at(0), job: "job", queue: "default")
            for row in rows { total.merge(row) }
            #expect(summed == total)
            // Hours: one bucket from the start of the hour.
            let hours = try await activity(store, since: -120, now: 400, bucketSeconds: 3600)
            #expect(hours.map(\.started) == [2, 4] && hours.map(\.start) == [at(-3600), at(0)])
        },
        ConformanceCheck("runActivity: one queue, or every queue, each bucket per job and queue") { store in
            try await store.makeRun("send", queue: "mail", at: 0)
            try await store.makeRun("send", queue: "mail", at: 1)
            try await store.makeRun("send", queue: "sms", at: 2)
            try await store.makeRun("bill", queue: "mail", at: 3)

            #expect(
                try await activity(store, since: 0, now: 60) == [
                    bucket(0, job: "bill", queue: "mail", started: 1),
                    bucket(0, job: "send", queue: "mail", started: 2),
                    bucket(0, job: "send", queue: "sms", started: 1),
                ])
            #expect(
                try await activity(store, since: 0, now: 60, queue: "mail") == [
                    bucket(0, job: "bill", queue: "mail", started: 1),
                    bucket(0, job: "send", queue: "mail", started: 2),
                ])
            #expect(
                try await activity(store, since: 0, now: 60, queue: "sms") == [
                    bucket(0, job: "send", queue: "sms", started: 1)
                ])
            #expect(try await activity(store, since: 0, now: 60, queue: "push").isEmpty)
        },
        ConformanceCheck("runActivity: minutes before since are not read") { store in
            for seconds: TimeInterval in [-61, -1, 0] { try await store.makeRun(at: seconds) }
            #expect(try await activity(store, since: -30, now: 60).map(\.start) == [at(-60), at(0)])
            #expect(try await activity(store, since: 0, now: 60) == [bucket(0, started: 1)])
            #expect(try await activity(store, since: 59.999, now: 60) == [bucket(0, started: 1)])
            #expect(try await activity(store, since: 60, now: 60).isEmpty)
            #expect(try await activity(store, since: -120, now: 60).map(\.started) == [1, 1, 1])
        },
        ConformanceCheck(
            "runActivity: a bucket that is not whole minutes from 1 to 1,440, a window over 7 days or ending "
                + "before it starts is refused"
        ) { store in
            try await store.makeRun(at: 0)
            for seconds in [90, 30, 0, -60, 86_460] {
                await expectStoreError(isInvalidInput) {
                    _ = try await activity(store, since: 0, now: 60, bucketSeconds: seconds)
                }
            }
            await expectStoreError(isInvalidInput) { _ = try await activity(store, since: 0, now: 7 * 86_400 + 60) }
            await expectStoreError(isInvalidInput) { _ = try await activity(store, since: 60, now: 0) }
            // The limits themselves are allowed.
            let week = try await activity(store, since: 0, now: 7 * 86_400, bucketSeconds: 86_400)
            #expect(week == [bucket(0, started: 1)])
        },
    ]
}
