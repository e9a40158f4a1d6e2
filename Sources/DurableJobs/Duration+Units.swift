import Foundation

extension Duration {
    /// A duration of whole or fractional minutes.
    public static func minutes(_ minutes: Double) -> Duration { .milliseconds(Int64(minutes * 60_000)) }
    /// A duration of whole or fractional hours.
    public static func hours(_ hours: Double) -> Duration { .milliseconds(Int64(hours * 3_600_000)) }
    /// A duration of whole or fractional days.
    public static func days(_ days: Double) -> Duration { .milliseconds(Int64(days * 86_400_000)) }

    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
