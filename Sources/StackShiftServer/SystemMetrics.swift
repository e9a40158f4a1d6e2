import DurableJobs
import Foundation
import JobStore
import Prometheus

/// The Prometheus text `/metrics` answers: gauges of the whole system, read from the database through
/// ``Operations`` on every scrape, so one server shows the work of every worker on every machine.
///
/// Each scrape makes the operations' cheapest reads side by side (queue summaries, live run counts, the
/// per-minute activity counts of the summary window, failure groups, workers, locks, the newest waits), each
/// over an index and bounded: by a limit (failure groups, waits), or by what it lists (queues, the (queue, job,
/// status) groups of live runs, registered workers and their running runs, held locks). It renders them into
/// a fresh registry: a queue, job or worker that is gone is gone from the next scrape. Label values are stored
/// names; the registry escapes them (`\`, `"` and line feeds). Series per scrape are bounded: failure groups
/// are the largest ``failureGroupLimit`` with labels cut to ``labelLength`` characters, and heartbeat ages are
/// those of the ``workerLimit`` most recently heard workers.
enum SystemMetrics {
    /// The largest failure groups given series of their own.
    static let failureGroupLimit = 50
    /// The most characters of a failure group's step and signature kept in a label.
    static let labelLength = 100
    /// The workers (most recent heartbeat first) given a heartbeat age series of their own.
    static let workerLimit = 100
    /// The waiting runs (the newest) examined for the oldest wait.
    static let waitsExamined = 1000

    /// The statuses counted as they are now; the others count runs that finished in the summary window.
    static let liveStatuses: [RunStatus] = [.scheduled, .queued, .running, .waiting]
    /// The finished statuses, counted over the summary window.
    static let finishedStatuses: [RunStatus] = [.completed, .failed, .canceled]

    /// The system's gauges in Prometheus text format (0.0.4).
    static func render(_ operations: Operations) async throws -> String {
        let now = operations.now()
        let window = finishedWindow(operations.settings)
        let since = now.addingTimeInterval(-window)
        async let queues = operations.queues(finishedSince: since)
        async let live = operations.countRuns(RunCountParams(statuses: Set(liveStatuses)))
        async let activity = operations.runActivity(since: since)
        async let failures = operations.failureGroups(
            window: .seconds(AttentionItem.failureWindow), limit: failureGroupLimit)
        async let workers = operations.workers()
        async let locks = operations.locks()
        async let waits = operations.runs(RunQuery(statuses: [.waiting], limit: waitsExamined))

        let registry = PrometheusCollectorRegistry()
        addRuns(live: try await live, activity: try await activity, window: window, to: registry)
        addQueues(try await queues, now: now, to: registry)
        addWaits(try await queues, waits: try await waits, now: now, to: registry)
        addFailures(try await failures, to: registry)
        addWorkers(try await workers, now: now, to: registry)
        registry.gauge("stackshift_locks", help: "Locks held now.").set(Double(try await locks.count))

        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The window finished runs are counted over: the settings' queue summary window, in whole minutes from
    /// one minute to a week (the span the activity counts are kept for).
    static func finishedWindow(_ settings: EngineSettings) -> TimeInterval {
        let minutes = (settings.queueSummaryWindow.timeInterval / 60).rounded(.up)
        return min(max(minutes, 1) * 60, RunActivityQuery.maximumWindowSeconds)
    }

    /// `stackshift_runs{queue,job,status}`: every status of every (queue, job) with live runs or finished ones
    /// in the window, zero included, so a series does not vanish when its count drops to zero while the job is
    /// active.
    private static func addRuns(
        live: [RunCount], activity: [ActivityBucket], window: TimeInterval, to registry: PrometheusCollectorRegistry
    ) {
        struct Pair: Hashable {
            var queue: String
            var job: String
        }
        var counts: [Pair: [RunStatus: Int]] = [:]
        for count in live {
            counts[Pair(queue: count.queue, job: count.job), default: [:]][count.status, default: 0] += count.count
        }
        for bucket in activity {
            var byStatus = counts[Pair(queue: bucket.queue, job: bucket.job), default: [:]]
            byStatus[.completed, default: 0] += bucket.completed
            byStatus[.failed, default: 0] += bucket.failed
            byStatus[.canceled, default: 0] += bucket.canceled
            counts[Pair(queue: bucket.queue, job: bucket.job)] = byStatus
        }
        let help =
            "Runs by queue, job and status: scheduled, queued, running and waiting count the runs in that status "
            + "now; completed, failed and canceled count the runs that ended so in the last "
            + "\(DurationText.format(window)) (by whole minutes)."
        for (pair, byStatus) in counts {
            for status in liveStatuses + finishedStatuses {
                registry.gauge(
                    "stackshift_runs", labels: [("queue", pair.queue), ("job", pair.job), ("status", status.rawValue)],
                    help: help
                ).set(Double(byStatus[status, default: 0]))
            }
        }
    }

    /// Per queue: depth, running, oldest queued age, paused, and the concurrency limit where one is set.
    private static func addQueues(_ queues: [QueueSummary], now: Date, to registry: PrometheusCollectorRegistry) {
        for summary in queues {
            let labels = [("queue", summary.queue.name)]
            registry.gauge(
                "stackshift_queue_depth", labels: labels, help: "Runs queued: ready and waiting for a worker."
            ).set(Double(summary.count(.queued)))
            registry.gauge("stackshift_queue_running", labels: labels, help: "Runs running now.")
                .set(Double(summary.count(.running)))
            registry.gauge(
                "stackshift_queue_oldest_queued_seconds", labels: labels,
                help: "How long the oldest queued run has been queued; 0 when none is queued."
            ).set(summary.oldestQueuedAt.map { age(of: $0, now: now) } ?? 0)
            registry.gauge(
                "stackshift_queue_paused", labels: labels, help: "1 when the queue is paused, else 0."
            ).set(summary.queue.paused ? 1.0 : 0.0)
            if let limit = summary.queue.concurrencyLimit {
                registry.gauge(
                    "stackshift_queue_concurrency_limit", labels: labels,
                    help: "The most runs of the queue running at once across all workers (only queues with a limit)."
                ).set(Double(limit))
            }
        }
    }

    /// The waiting runs (exact, from the queue summaries) and the longest of the newest waits.
    private static func addWaits(
        _ queues: [QueueSummary], waits: [RunRecord], now: Date, to registry: PrometheusCollectorRegistry
    ) {
        let waiting = queues.reduce(0) { $0 + $1.count(.waiting) }
        registry.gauge("stackshift_runs_waiting", help: "Runs waiting for an event or a durable sleep.")
            .set(Double(waiting))
        let oldest = waits.compactMap { $0.wait.map { age(of: $0.since, now: now) } }.max() ?? 0
        registry.gauge(
            "stackshift_oldest_wait_seconds",
            help: "How long the longest current wait has lasted, among the newest \(waitsExamined) waiting runs; "
                + "0 when none waits."
        ).set(oldest)
    }

    /// The failure groups of the last hour: how many, and the runs and failures of each of the largest.
    private static func addFailures(_ groups: [FailureGroup], to registry: PrometheusCollectorRegistry) {
        registry.gauge(
            "stackshift_failure_groups",
            help: "Causes (failure signatures) of the attempts that failed or crashed in the last hour, at most "
                + "\(failureGroupLimit) counted."
        ).set(Double(groups.count))
        struct Key: Hashable {
            var job: String
            var step: String
            var signature: String
        }
        // Labels are cut short, so two groups may come to share a series: their counts are summed.
        var totals: [Key: (runs: Int, failures: Int)] = [:]
        for group in groups.prefix(failureGroupLimit) {
            let key = Key(
                job: group.job, step: label(group.example.location ?? "—"), signature: label(group.signature))
            let total = totals[key, default: (0, 0)]
            totals[key] = (total.runs + group.runs, total.failures + group.failures)
        }
        for (key, total) in totals {
            let labels = [("job", key.job), ("step", key.step), ("signature", key.signature)]
            registry.gauge(
                "stackshift_failure_group_runs", labels: labels,
                help: "Runs with an attempt that failed or crashed with this signature in the last hour (the "
                    + "\(failureGroupLimit) largest groups; step and signature cut to \(labelLength) characters)."
            ).set(Double(total.runs))
            registry.gauge(
                "stackshift_failure_group_failures", labels: labels,
                help: "Attempts that failed or crashed with this signature in the last hour (the "
                    + "\(failureGroupLimit) largest groups; step and signature cut to \(labelLength) characters)."
            ).set(Double(total.failures))
        }
    }

    /// Registered workers, the silent ones, and the heartbeat age of the most recently heard.
    private static func addWorkers(_ activity: WorkerActivity, now: Date, to registry: PrometheusCollectorRegistry) {
        registry.gauge("stackshift_workers", help: "Registered workers, silent ones included.")
            .set(Double(activity.workers.count))
        registry.gauge(
            "stackshift_workers_silent", help: "Registered workers not heard from within the liveness window."
        ).set(Double(activity.silent.count))
        for worker in activity.workers.prefix(workerLimit) {
            registry.gauge(
                "stackshift_worker_heartbeat_age_seconds", labels: [("worker", worker.id)],
                help: "Seconds since the worker's last heartbeat (the \(workerLimit) most recently heard workers)."
            ).set(age(of: worker.heartbeatAt, now: now))
        }
    }

    /// Seconds from `date` to `now`; 0 for a time ahead of this clock (another machine's clock runs ahead).
    static func age(of date: Date, now: Date) -> Double {
        max(0, now.timeIntervalSince(date))
    }

    /// A label value cut to ``labelLength`` Unicode scalars (the last of them `…` when it was cut), so a long
    /// signature costs a bounded line.
    static func label(_ value: String) -> String {
        guard value.unicodeScalars.count > labelLength else { return value }
        var cut = String.UnicodeScalarView(value.unicodeScalars.prefix(labelLength - 1))
        cut.append("…")
        return String(cut)
    }
}

extension PrometheusCollectorRegistry {
    /// The gauge `name` with these labels, registered with `help`: the same help for every series of a name.
    fileprivate func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }
}
