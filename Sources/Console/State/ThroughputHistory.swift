import Foundation

/// Finished runs per queue in fixed time buckets, kept for a few minutes to draw throughput sparklines.
///
/// Runs are placed by the time they finished (from the change feed), not by when the console heard of
/// them, so a late poll does not distort the graph.
public struct ThroughputHistory: Sendable, Hashable {
    /// Seconds per bucket.
    public static let bucketSeconds: TimeInterval = 10
    /// Buckets kept (10 minutes).
    public static let bucketCount = 60

    /// Finished runs per queue per bucket number.
    public private(set) var counts: [String: [Int64: Int]] = [:]

    /// Creates an empty history.
    public init() {}

    /// The bucket number a time falls in.
    public static func bucket(of date: Date) -> Int64 {
        Int64(saturating: (date.timeIntervalSince1970 / bucketSeconds).rounded(.down))
    }

    /// Counts one finished run of a queue at a time.
    public mutating func record(queue: String, at date: Date) {
        counts[queue, default: [:]][Self.bucket(of: date), default: 0] += 1
    }

    /// Drops buckets too old to draw.
    public mutating func prune(now: Date) {
        let oldest = Self.bucket(of: now) - Int64(Self.bucketCount)
        for queue in counts.keys {
            counts[queue] = counts[queue]?.filter { $0.key > oldest }
        }
    }

    /// The last `length` bucket counts of a queue, oldest first; the last is the bucket holding `now`.
    public func series(queue: String, now: Date, length: Int) -> [Int] {
        guard length > 0 else { return [] }
        let newest = Self.bucket(of: now)
        let buckets = counts[queue] ?? [:]
        return (0..<length).map { offset in buckets[newest - Int64(length - 1 - offset), default: 0] }
    }

    /// Finished runs of a queue per minute over the last `minutes`.
    public func ratePerMinute(queue: String, now: Date, minutes: Int = 1) -> Double {
        let length = Int(saturating: (Double(minutes) * 60 / Self.bucketSeconds).rounded())
        return Double(series(queue: queue, now: now, length: length).reduce(0, +)) / Double(max(1, minutes))
    }
}
