import JobStore
import Metrics
import Synchronization

/// The metrics a worker emits through swift-metrics, to whatever backend the application bootstraps
/// (`MetricsSystem.bootstrap`); with none, swift-metrics' no-op backend takes them at the cost of a lock and a
/// dictionary lookup per call.
///
/// Every metric has the dimensions `queue` and `job`:
///
/// - `stackshift_runs_started_total`: attempts this process started (a claim: first tries, retries, and
///   resumes after a wait or a sleep).
/// - `stackshift_runs_completed_total`, `stackshift_runs_failed_total`: runs this process finished, completed
///   or failed for good (no retry left, or an error that is not retryable).
/// - `stackshift_runs_retried_total`: attempts that failed with a retry scheduled.
/// - `stackshift_attempt_duration_seconds`: a timer, from an attempt's start on this worker to its end
///   recorded (however it ended, a suspension for a wait included).
/// - `stackshift_step_duration_seconds`: a timer, how long a step's body ran (replayed steps are not timed).
/// - `stackshift_claim_latency_seconds`: a timer, from a claim request to the claimed runs, recorded once a
///   claim per queue and job among the runs it claimed (empty claims are not recorded).
///
/// A step's name is not a dimension: names may be made from data, and every distinct value would be a series
/// of its own in the backend.
///
/// The metric objects of a queue and job are made on first use and kept for the life of the process (a
/// backend bootstrapped later is not seen by them: bootstrap first, as swift-metrics asks).
enum EngineMetrics {
    /// The metrics of one job on one queue.
    final class JobMetrics: Sendable {
        let started: Counter
        let completed: Counter
        let failed: Counter
        let retried: Counter
        let attemptDuration: Metrics.Timer
        let stepDuration: Metrics.Timer
        let claimLatency: Metrics.Timer

        init(queue: String, job: String) {
            let dimensions = [("queue", queue), ("job", job)]
            started = Counter(label: "stackshift_runs_started_total", dimensions: dimensions)
            completed = Counter(label: "stackshift_runs_completed_total", dimensions: dimensions)
            failed = Counter(label: "stackshift_runs_failed_total", dimensions: dimensions)
            retried = Counter(label: "stackshift_runs_retried_total", dimensions: dimensions)
            attemptDuration = Metrics.Timer(label: "stackshift_attempt_duration_seconds", dimensions: dimensions)
            stepDuration = Metrics.Timer(label: "stackshift_step_duration_seconds", dimensions: dimensions)
            claimLatency = Metrics.Timer(label: "stackshift_claim_latency_seconds", dimensions: dimensions)
        }
    }

    private struct Key: Hashable {
        var queue: String
        var job: String
    }

    /// The metrics made so far, by queue and job: as many as the jobs a worker serves times its queues.
    private static let made = Mutex<[Key: JobMetrics]>([:])

    /// The metrics of `job` on `queue`, made on first use.
    static func of(queue: String, job: String) -> JobMetrics {
        made.withLock { made in
            let key = Key(queue: queue, job: job)
            if let metrics = made[key] { return metrics }
            let metrics = JobMetrics(queue: queue, job: job)
            made[key] = metrics
            return metrics
        }
    }

    /// A claim returned `runs` after `latency`: recorded once for each queue and job among them.
    static func claimed(_ runs: [ClaimedRun], after latency: Duration) {
        guard !runs.isEmpty else { return }
        var seen: Set<Key> = []
        for claimed in runs where seen.insert(Key(queue: claimed.run.queue, job: claimed.run.job)).inserted {
            of(queue: claimed.run.queue, job: claimed.run.job).claimLatency.record(duration: latency)
        }
    }

    /// An attempt of `run` began on this worker.
    static func attemptStarted(_ run: RunRecord) {
        of(queue: run.queue, job: run.job).started.increment()
    }

    /// An attempt of `run` ended on this worker after `duration`, however it ended.
    static func attemptEnded(_ run: RunRecord, after duration: Duration) {
        of(queue: run.queue, job: run.job).attemptDuration.record(duration: duration)
    }

    /// The end of an attempt was recorded and left the run in `status`: completed, failed for good, or
    /// scheduled for a retry are counted.
    static func attemptFinished(_ run: RunRecord, status: RunStatus) {
        let metrics = of(queue: run.queue, job: run.job)
        switch status {
        case .completed: metrics.completed.increment()
        case .failed: metrics.failed.increment()
        case .scheduled: metrics.retried.increment()
        case .queued, .running, .waiting, .canceled: break
        }
    }

    /// A step's body of `run` ran for `duration` (whether it returned or threw).
    static func stepRan(_ run: RunRecord, for duration: Duration) {
        of(queue: run.queue, job: run.job).stepDuration.record(duration: duration)
    }
}
