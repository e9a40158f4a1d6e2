import Foundation
import JobStore

/// The overview's chart data: the store's activity buckets summed over jobs and queues into one column per
/// bucket of the window, with no bucket missing (a quiet minute is a zero, not a gap).
public struct ActivitySeries: Sendable, Hashable {
    /// One column per bucket, oldest first.
    public var points: [ActivityChart.Point]
    /// The start of the first bucket.
    public var firstStart: Date
    /// The length of a bucket.
    public var bucketSeconds: Int
    /// The window's totals.
    public var totals: ActivityChart.Point

    /// The series for a window's activity.
    public init(_ activity: [ActivityBucket], query: RunActivityQuery) {
        bucketSeconds = query.bucketMinutes * 60
        let first = query.firstMinute
        firstStart = query.bucketStart(minute: first)
        let nowMinute = Int64(saturating: (query.now.timeIntervalSince1970 / 60).rounded(.down))
        let last = query.bucketMinute(nowMinute)
        let perBucket = Int64(clamping: query.bucketMinutes)
        // Bounded by the query's own limits (a week of minutes at most), whatever the clock says.
        let span = min(10_079, max(0, Self.buckets(from: first, to: last, per: perBucket) ?? 0))
        let count = Int(clamping: span) + 1
        var points = Array(repeating: ActivityChart.Point(), count: count)
        var totals = ActivityChart.Point()
        for bucket in activity {
            let minute = Int64(saturating: (bucket.start.timeIntervalSince1970 / 60).rounded(.down))
            let point = ActivityChart.Point(
                started: bucket.started, completed: bucket.completed, failed: bucket.failed, retried: bucket.retried)
            totals.add(point)
            // A stored time far outside the window (a damaged row) is drawn nowhere; it must not trap the subtraction.
            guard let offset = Self.buckets(from: first, to: minute, per: perBucket) else { continue }
            let index = Int(clamping: offset)
            guard points.indices.contains(index) else { continue }
            points[index].add(point)
        }
        self.points = points
        self.totals = totals
    }

    /// Whole buckets of `per` minutes from minute `first` to minute `minute`; nil when the difference overflows.
    static func buckets(from first: Int64, to minute: Int64, per: Int64) -> Int64? {
        let (difference, overflow) = minute.subtractingReportingOverflow(first)
        return overflow ? nil : difference / max(1, per)
    }
}
