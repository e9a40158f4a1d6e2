import Foundation

/// What one run status change adds to the per-minute run activity (see ``ActivityBucket``): an end (a
/// completion with its start→end time, a failure, a cancel) or a retry, counted in the minute it happened.
///
/// PostgreSQL counts with triggers (`run_activity_changed`); SQLite counts in the transaction that writes the
/// change, from this rule, since a trigger there cost every run update a few microseconds even when it counted
/// nothing. Both follow the same definition, which the conformance suite checks.
package enum RunActivityCount: Equatable, Sendable {
    /// The run ended with `status` (`completed`, `failed` or `canceled`) in `minute`; a completion's
    /// start→end time falls in ``LatencyHistogram`` bucket `latencyBucket`.
    case ended(minute: Int64, status: RunStatus, latencyBucket: Int?)
    /// A running try failed and the run will try again (a retry scheduled, or a crash recovered), in `minute`.
    case retried(minute: Int64)

    /// What changing `previous` into `run` counts; nil when it counts nothing (no change of status, a claim,
    /// a wait, a release without a failure).
    package init?(_ run: RunRecord, after previous: RunRecord) {
        guard run.status != previous.status else { return nil }
        if run.status.isTerminal {
            let ended = (run.finishedAt ?? run.updatedAt).millis
            // Saturating: stored instants span all of Int64, and a difference of two must not trap.
            let (took, overflow) = ended.subtractingReportingOverflow(run.createdAt.millis)
            let latency =
                run.status == .completed
                ? LatencyHistogram.bucket(millis: overflow ? (took < 0 ? .max : .min) : took) : nil
            self = .ended(minute: Self.minute(ended), status: run.status, latencyBucket: latency)
        } else if previous.status == .running, run.status == .scheduled || run.status == .queued,
            run.failures > previous.failures
        {
            self = .retried(minute: Self.minute(run.updatedAt.millis))
        } else {
            return nil
        }
    }

    /// The minute since 1970 (rounded down) of a time in milliseconds.
    package static func minute(_ millis: Int64) -> Int64 {
        millis.flooredQuotient(dividingBy: 60_000)
    }

    /// The columns of `run_activity` this count adds one to, besides the minute, job and queue of the row.
    package var columns: [String] {
        switch self {
        case .ended(_, let status, let latencyBucket):
            [status.rawValue] + (latencyBucket.map { [ActivityColumns.latency[$0]] } ?? [])
        case .retried:
            ["retried"]
        }
    }

    /// The minute counted in.
    package var minute: Int64 {
        switch self {
        case .ended(let minute, _, _), .retried(let minute): minute
        }
    }
}
