/// Durations collected by a benchmark, summarised as percentiles.
public struct LatencySample: Sendable {
    private var values: [Double] = []

    /// An empty sample.
    public init() {}

    /// A sample holding `values` (in milliseconds).
    public init(milliseconds values: [Double]) { self.values = values }

    /// Adds one duration.
    public mutating func append(_ duration: Duration) {
        let parts = duration.components
        values.append(Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15)
    }

    /// Adds one duration given in milliseconds.
    public mutating func append(milliseconds: Double) { values.append(milliseconds) }

    /// How many durations the sample holds.
    public var count: Int { values.count }

    /// The `p`th percentile (0–100) in milliseconds, nearest-rank; NaN for an empty sample.
    public func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int(saturating: (p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The median in milliseconds.
    public var p50: Double { percentile(50) }
    /// The 99th percentile in milliseconds.
    public var p99: Double { percentile(99) }
}
