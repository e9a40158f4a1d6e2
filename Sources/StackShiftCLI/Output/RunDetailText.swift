import Foundation
import JobStore

/// The human-readable form of `stackshift runs show`.
///
/// One-line fields (names, keys, errors, log lines) have their line breaks escaped with every other control
/// character, so a stored value cannot start a line that looks like one of the report's own.
struct RunDetailText {
    let detail: RunDetail
    let now: Date

    func render() -> String {
        let run = detail.run
        var lines: [String] = []
        lines.append("run \(run.id)  \(run.status.symbol) \(run.status.rawValue)")
        lines.append("  job        \(line(run.job))")
        lines.append("  queue      \(line(run.queue))   priority \(run.priority)")
        lines.append(
            "  try        \(TimelineText.tries(run)) (\(TimelineText.failures(run)), "
                + "\(run.attempt) \(run.attempt == 1 ? "attempt" : "attempts"))")
        lines.append("  activity   \(line(Formatting.activity(of: run, now: now)))")
        if let key = run.idempotencyKey { lines.append("  idem. key  \(line(key))") }
        lines.append("  created    \(Formatting.timestamp(run.createdAt))")
        if let runAt = run.runAt { lines.append("  run at     \(Formatting.timestamp(runAt))") }
        if let finished = run.finishedAt { lines.append("  finished   \(Formatting.timestamp(finished))") }
        if let owner = run.leaseOwner {
            lines.append("  lease      \(line(owner)) until \(Formatting.timestamp(run.leaseExpiresAt))")
        }
        lines.append("")
        lines.append("payload  \(run.payloadJSON)")
        if let result = run.resultJSON { lines.append("result   \(result)") }
        if let error = run.error {
            // A completed run keeps the error of a try that failed before it: it explains the failure count,
            // but it is not the run's outcome.
            let earlier = run.status == .completed
            lines.append(
                (earlier ? "earlier  " : "error    ")
                    + line("\(error.type): \(error.message)" + (error.location.map { " (\($0))" } ?? ""))
                    + (earlier ? " — from a try before the run completed" : ""))
        }
        if !detail.attempts.isEmpty {
            var table = TextTable(headers: ["ATTEMPT", "TRY", "WORKER", "STARTED", "TOOK", "OUTCOME", "ERROR"])
            let tries = TimelineText.tries(of: detail.attempts, maxAttempts: run.maxAttempts)
            for (attempt, tryText) in zip(detail.attempts, tries) {
                table.append([
                    "\(attempt.number)", tryText, attempt.workerId, Formatting.timestamp(attempt.startedAt),
                    attempt.endedAt.map { Formatting.duration($0.timeIntervalSince(attempt.startedAt)) } ?? "-",
                    attempt.outcome.rawValue, attempt.error.map { "\($0.type): \($0.message)" } ?? "",
                ])
            }
            lines += ["", "attempts", table.render()]
        }
        if !detail.steps.isEmpty {
            var table = TextTable(headers: ["STEP", "STATUS", "ATTEMPT", "TOOK", "RESULT / ERROR"])
            for step in detail.steps {
                // A completed step shows its result; the error of an earlier failure of it is that
                // attempt's (in the attempts table), and only its count is said here.
                let earlier =
                    step.failures > 0 ? " (after \(step.failures) failed \(step.failures == 1 ? "try" : "tries"))" : ""
                let outcome =
                    step.status == .completed
                    ? String((step.resultJSON ?? "").prefix(80)) + earlier
                    : String((step.error.map { "\($0.type): \($0.message)" } ?? step.resultJSON ?? "").prefix(80))
                table.append([
                    step.name, step.status.rawValue, "\(step.attempt)",
                    step.endedAt.map { Formatting.duration($0.timeIntervalSince(step.startedAt)) } ?? "-", outcome,
                ])
            }
            lines += ["", "steps", table.render()]
        }
        if !detail.timeline.isEmpty {
            lines += ["", "timeline"]
            for entry in detail.timeline {
                lines.append(
                    "  #\(entry.sequence)  \(Formatting.timestamp(entry.at))  \(entry.kind.rawValue)"
                        + (entry.message.isEmpty ? "" : "  \(line(entry.message))"))
            }
        }
        if !detail.logs.isEmpty {
            lines += ["", "logs"]
            for log in detail.logs {
                lines.append(
                    "  \(Formatting.timestamp(log.at))  \(log.level.rawValue.uppercased())"
                        + line((log.step.map { " [\($0)]" } ?? "") + "  \(log.message)"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ text: String) -> String { TerminalText.escaped(text) }
}
