import Foundation

/// How timeline messages write times and budgets, the same in every driver.
public enum TimelineText {
    /// An instant as ISO 8601, or `never`.
    public static func time(_ date: Date?) -> String {
        guard let date else { return "never" }
        return date.formatted(.iso8601)
    }

    /// The run's failure budget as used so far: `failures 1/3`.
    public static func failures(_ run: RunRecord) -> String {
        "failures \(run.failures)/\(run.maxAttempts)"
    }
}
