import Foundation

// Out-of-range arguments never trap: `nan` counts as zero and values past Int64 milliseconds saturate.
extension Duration {
    /// A duration of whole or fractional minutes.
    public static func minutes(_ minutes: Double) -> Duration { .milliseconds(Int64(saturating: minutes * 60_000)) }
    /// A duration of whole or fractional hours.
    public static func hours(_ hours: Double) -> Duration { .milliseconds(Int64(saturating: hours * 3_600_000)) }
    /// A duration of whole or fractional days.
    public static func days(_ days: Double) -> Duration { .milliseconds(Int64(saturating: days * 86_400_000)) }

    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
