import Foundation

/// How timeline messages write times and budgets, the same in every driver.
public enum TimelineText {
    /// An instant as ISO 8601, or `never`.
    public static func time(_ date: Date?) -> String {
        guard let date else { return "never" }
        return date.formatted(.iso8601)
    }

    /// Which try of its budget a run is on: the current one while running or waiting, the next one while
    /// queued or scheduled, the last one once it ended: `2/5`. The budget counts failures, not claims, so a
    /// run resumed from waits stays on the same try.
    public static func tries(_ run: RunRecord) -> String {
        let used = run.status == .failed ? run.failures : run.failures + 1
        return "\(min(max(used, 1), run.maxAttempts))/\(run.maxAttempts)"
    }

    /// The try each attempt was on, in the attempts' order, written as ``tries(_:)`` writes a run's: an
    /// attempt that failed or crashed used up its try, so the next one is on the next try; one that was
    /// suspended (a wait or a sleep), interrupted or canceled did not. The last attempt's try is the run's.
    public static func tries(of attempts: [AttemptRecord], maxAttempts: Int) -> [String] {
        var failures = 0
        return attempts.map { attempt in
            let text = "\(min(failures + 1, max(maxAttempts, 1)))/\(maxAttempts)"
            if attempt.outcome == .failed || attempt.outcome == .crashed { failures += 1 }
            return text
        }
    }

    /// The run's failure budget as used so far: `failures 1/3`.
    public static func failures(_ run: RunRecord) -> String {
        "failures \(run.failures)/\(run.maxAttempts)"
    }
}
