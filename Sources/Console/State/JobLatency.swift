import Foundation
import JobStore

/// One job's start→completion times over the overview's window: how many completed and failed, the median
/// and 95th percentile, and the 95th percentile's trend across the window.
public struct JobLatency: Sendable, Hashable {
    /// The job.
    public var job: String
    /// Runs that completed in the window.
    public var completed: Int
    /// Runs that failed for good in the window.
    public var failed: Int
    /// The median start→completion time, in seconds; nil when none completed.
    public var p50: TimeInterval?
    /// The 95th percentile, in seconds; nil when none completed.
    public var p95: TimeInterval?
    /// The 95th percentile per equal slice of the window, oldest first, in milliseconds (0 where none completed).
    public var trend: [Int]

    /// The rows for a window's activity: one per job that completed or failed a run, the busiest first (then by
    /// name, so equal rows keep their order between reloads).
    static func rows(_ activity: [ActivityBucket], query: RunActivityQuery, slices: Int) -> [JobLatency] {
        let start = query.bucketStart(minute: query.firstMinute)
        let length = max(1, query.now.timeIntervalSince(start))
        var totals: [String: (histogram: LatencyHistogram, completed: Int, failed: Int)] = [:]
        var sliced: [String: [LatencyHistogram]] = [:]
        for bucket in activity where bucket.completed > 0 || bucket.failed > 0 {
            var total = totals[bucket.job] ?? (LatencyHistogram(), 0, 0)
            total.histogram.merge(bucket.latency)
            total.completed += bucket.completed
            total.failed += bucket.failed
            totals[bucket.job] = total
            let offset = bucket.start.timeIntervalSince(start) / length * Double(slices)
            let slice = min(slices - 1, max(0, Int(saturating: offset)))
            var histograms = sliced[bucket.job] ?? Array(repeating: LatencyHistogram(), count: slices)
            histograms[slice].merge(bucket.latency)
            sliced[bucket.job] = histograms
        }
        return totals.map { job, total in
            JobLatency(
                job: job, completed: total.completed, failed: total.failed, p50: total.histogram.quantile(0.5),
                p95: total.histogram.quantile(0.95),
                trend: (sliced[job] ?? []).map { Int(saturating: ($0.quantile(0.95) ?? 0) * 1000) })
        }
        .sorted { ($0.completed + $0.failed, $1.job) > ($1.completed + $1.failed, $0.job) }
    }
}
