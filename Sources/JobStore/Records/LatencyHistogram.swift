import Foundation

/// How long runs took from start to completion, counted in fixed buckets, so percentiles over any window can
/// be read from per-minute sums without keeping every run (the way a Prometheus histogram does).
///
/// The bucket bounds are the one rule the drivers share: each renders ``upperBoundsMillis`` into the SQL that
/// counts a completion into its bucket, and the percentiles here read the same bounds back.
public struct LatencyHistogram: Sendable, Hashable, Codable {
    /// The upper bound of each bucket but the last, in milliseconds; a duration goes in the first bucket whose
    /// bound it is below, and the last bucket holds everything from a day up.
    ///
    /// The drivers write these bounds into their schemas once (one count column per bucket, and the trigger
    /// that picks the column): changing them needs a migration in every driver, or stored counts and new ones
    /// would disagree.
    public static let upperBoundsMillis: [Int64] = [
        5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
        1_800_000, 3_600_000, 21_600_000, 86_400_000,
    ]
    /// How many buckets there are: one more than the bounds.
    public static let bucketCount = upperBoundsMillis.count + 1

    /// Completions per bucket, ``bucketCount`` of them.
    public private(set) var counts: [Int]

    /// Creates a histogram from its bucket counts; missing buckets count zero and extra ones are refused.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` when there are more counts than buckets or a count is
    ///   negative.
    public init(counts: [Int]) throws {
        guard counts.count <= Self.bucketCount, counts.allSatisfy({ $0 >= 0 }) else {
            throw JobStoreError.invalidInput(
                "a latency histogram has \(Self.bucketCount) non-negative counts, not \(counts)")
        }
        self.counts = counts + Array(repeating: 0, count: Self.bucketCount - counts.count)
    }

    /// An empty histogram.
    public init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The bucket a duration in milliseconds belongs to.
    public static func bucket(millis: Int64) -> Int {
        upperBoundsMillis.firstIndex { millis < $0 } ?? upperBoundsMillis.count
    }

    /// How many completions it counts.
    public var total: Int { counts.reduce(0, +) }

    /// Counts one completion that took `millis`.
    public mutating func record(millis: Int64) {
        counts[Self.bucket(millis: millis)] += 1
    }

    /// Adds another histogram's counts to this one.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// The duration below which a fraction `q` (0…1) of the completions fall, in seconds, interpolated within
    /// its bucket; nil when the histogram is empty. A quantile in the last, open bucket reads as its lower
    /// bound (a day): at least that long.
    public func quantile(_ q: Double) -> TimeInterval? {
        let total = total
        guard total > 0, q.isFinite else { return nil }
        let rank = min(1, max(0, q)) * Double(total)
        var below = 0
        for (index, count) in counts.enumerated() where count > 0 {
            guard Double(below + count) >= rank else {
                below += count
                continue
            }
            let lower = index == 0 ? 0 : Double(Self.upperBoundsMillis[index - 1])
            guard index < Self.upperBoundsMillis.count else { return lower / 1000 }
            let upper = Double(Self.upperBoundsMillis[index])
            let within = (rank - Double(below)) / Double(count)
            return (lower + (upper - lower) * within) / 1000
        }
        return Double(Self.upperBoundsMillis.last ?? 0) / 1000
    }
}
