/// The parts of the per-minute activity table (see ``ActivityBucket``) that read the same in every SQL dialect:
/// its count columns and the expression that picks a completion's latency bucket. Each driver writes the rest
/// (its table, trigger and read) around them, so both count a duration into the same bucket.
package enum ActivityColumns {
    /// The count columns `latency_0` … `latency_20`, one per ``LatencyHistogram`` bucket.
    package static let latency = (0..<LatencyHistogram.bucketCount).map { "latency_\($0)" }

    /// The counts that end a run: every column a completion, failure or cancel adds to.
    package static let ends = ["completed", "failed", "canceled"] + latency

    /// The ``LatencyHistogram`` bucket of a duration in milliseconds, as ``LatencyHistogram/bucket(millis:)``
    /// finds it: the first bucket whose bound the duration is below.
    package static func latencyBucket(_ millis: String) -> String {
        let cases = LatencyHistogram.upperBoundsMillis.enumerated().map { "WHEN \(millis) < \($1) THEN \($0)" }
        return "CASE " + cases.joined(separator: " ") + " ELSE \(LatencyHistogram.upperBoundsMillis.count) END"
    }
}
