import Console
import Foundation
import JobStore

extension Fixtures {
    /// The minute `minutesAgo` minutes before ``now``, as the store's buckets start.
    static func minute(_ minutesAgo: Int) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60 - Double(minutesAgo) * 60)
    }

    /// A histogram with `count` completions of `millis` each.
    static func latency(_ millis: Int64, count: Int) -> LatencyHistogram {
        var histogram = LatencyHistogram()
        for _ in 0..<count { histogram.record(millis: millis) }
        return histogram
    }

    /// An hour of activity, per minute: steady emails and webhooks, and provisioning that fails for ten
    /// minutes (an outage 20 to 11 minutes ago) and retries through it.
    static var activity: [ActivityBucket] {
        var buckets: [ActivityBucket] = []
        for minutesAgo in 0..<60 {
            let start = minute(minutesAgo)
            let wave = (minutesAgo * 7) % 5
            buckets.append(
                ActivityBucket(
                    start: start, job: "sendVerificationEmail", queue: "emails", started: 30 + wave,
                    completed: 29 + wave, latency: latency(180 + Int64(wave) * 20, count: 29 + wave)))
            buckets.append(
                ActivityBucket(
                    start: start, job: "syncCRM", queue: "webhooks", started: 12, completed: 12,
                    latency: latency(40, count: 12)))
            let outage = (11...20).contains(minutesAgo)
            buckets.append(
                ActivityBucket(
                    start: start, job: "provisionCustomer", queue: "payments", started: 6,
                    completed: outage ? 1 : 6, failed: outage ? 3 : 0, retried: outage ? 9 : 0,
                    latency: latency(outage ? 45_000 : 2_400, count: outage ? 1 : 6)))
        }
        return buckets
    }

    /// One problem of every kind, most urgent first, as `Operations.attention()` ranks them.
    static let attention: [AttentionItem] = [
        AttentionItem(
            kind: .failures,
            summary: "provisionCustomer · provision-customer-resources · ProviderError: 502 Bad Gateway from "
                + "<id>: 37 failures in 12 runs in the last hour",
            target: "provisionCustomer · provision-customer-resources · ProviderError: 502 Bad Gateway from <id>",
            since: ago(1_200), count: 37),
        AttentionItem(
            kind: .orphanedLock,
            summary: "lock imports:42 is orphaned: held by run \(runs[11].id), which failed; it lapses by itself in "
                + "15s",
            target: "imports:42", runId: runs[11].id, since: ago(30)),
        AttentionItem(
            kind: .expiredLease,
            summary: "run \(runs[0].id) (sendVerificationEmail) is running on an expired lease from w-dead-1: it "
                + "is recovered at the next sweep",
            target: runs[0].id, runId: runs[0].id, since: ago(40)),
        AttentionItem(
            kind: .pausedQueue, summary: "queue imports is paused with 37 runs queued", target: "imports",
            since: ago(86_400), count: 37),
        AttentionItem(
            kind: .nearMissWait,
            summary: "run \(runs[1].id) has waited 3m for payment.confirmed key pay_123; an event with key PAY_123 "
                + "nearly matches",
            target: runs[1].id, runId: runs[1].id, since: ago(182), count: 2),
        AttentionItem(
            kind: .queueBehind,
            summary: "queue emails is behind: its oldest queued run has waited 6m (12 queued)", target: "emails",
            since: ago(360), count: 12),
        AttentionItem(
            kind: .silentWorker, summary: "worker w-api-91aa has sent no heartbeat for 3m", target: "w-api-91aa",
            since: ago(180)),
    ]

    /// The overview's data over the last hour, in one-minute buckets.
    static func overviewData(attention: [AttentionItem] = attention) -> OverviewData {
        OverviewData(
            activity: activity, query: RunActivityQuery(since: ago(3540), now: now, bucketSeconds: 60),
            attention: attention, queues: queues, workers: workers, runsInHand: runsInHand, workerLiveness: 60)
    }

    /// The console on its overview, loaded.
    static func overviewState(
        width: Int = 80, height: Int = 24, attention: [AttentionItem] = attention, themeName: String = "default"
    ) -> ConsoleState {
        var state = ConsoleState(
            width: width, height: height, now: now, themeName: themeName,
            themeNames: ["default", "light", "high-contrast", "colorblind", "monochrome"],
            storeLabel: "/var/lib/stackshift/jobs.sqlite")
        _ = state.reduce(.started)
        _ = state.reduce(.changesArrived([], latestSequence: 48_213, runQueues: [:]))
        _ = state.reduce(.overviewLoaded(overviewData(attention: attention), at: now))
        return state
    }
}
