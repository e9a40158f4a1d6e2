import Foundation
import JobStore

/// The human-readable form of `stackshift runs show`.
struct RunDetailText {
    let detail: RunDetail
    let now: Date

    func render() -> String {
        let run = detail.run
        var lines: [String] = []
        lines.append("run \(run.id)  \(run.status.symbol) \(run.status.rawValue)")
        lines.append("  job        \(run.job)")
        lines.append("  queue      \(run.queue)   priority \(run.priority)")
        lines.append("  try        \(TimelineText.tries(run)) (\(TimelineText.failures(run)), \(run.attempt) claims)")
        lines.append("  activity   \(Formatting.activity(of: run, now: now))")
        if let key = run.idempotencyKey { lines.append("  idem. key  \(key)") }
        lines.append("  created    \(Formatting.timestamp(run.createdAt))")
        if let runAt = run.runAt { lines.append("  run at     \(Formatting.timestamp(runAt))") }
        if let finished = run.finishedAt { lines.append("  finished   \(Formatting.timestamp(finished))") }
        if let owner = run.leaseOwner {
            lines.append("  lease      \(owner) until \(Formatting.timestamp(run.leaseExpiresAt))")
        }
        lines.append("")
        lines.append("payload  \(run.payloadJSON)")
        if let result = run.resultJSON { lines.append("result   \(result)") }
        if let error = run.error {
            lines.append("error    \(error.type): \(error.message)" + (error.location.map { " (\($0))" } ?? ""))
        }
        if !detail.attempts.isEmpty {
            var table = TextTable(headers: ["ATTEMPT", "WORKER", "STARTED", "TOOK", "OUTCOME", "ERROR"])
            for attempt in detail.attempts {
                table.append([
                    "\(attempt.number)", attempt.workerId, Formatting.timestamp(attempt.startedAt),
                    attempt.endedAt.map { Formatting.duration($0.timeIntervalSince(attempt.startedAt)) } ?? "-",
                    attempt.outcome.rawValue, attempt.error.map { "\($0.type): \($0.message)" } ?? "",
                ])
            }
            lines += ["", "attempts", table.render()]
        }
        if !detail.steps.isEmpty {
            var table = TextTable(headers: ["STEP", "STATUS", "ATTEMPT", "TOOK", "RESULT / ERROR"])
            for step in detail.steps {
                let outcome = step.error.map { "\($0.type): \($0.message)" } ?? step.resultJSON ?? ""
                table.append([
                    step.name, step.status.rawValue, "\(step.attempt)",
                    step.endedAt.map { Formatting.duration($0.timeIntervalSince(step.startedAt)) } ?? "-",
                    String(outcome.prefix(80)),
                ])
            }
            lines += ["", "steps", table.render()]
        }
        if !detail.timeline.isEmpty {
            lines += ["", "timeline"]
            for entry in detail.timeline {
                lines.append(
                    "  #\(entry.sequence)  \(Formatting.timestamp(entry.at))  \(entry.kind.rawValue)"
                        + (entry.message.isEmpty ? "" : "  \(entry.message)"))
            }
        }
        if !detail.logs.isEmpty {
            lines += ["", "logs"]
            for log in detail.logs {
                lines.append(
                    "  \(Formatting.timestamp(log.at))  \(log.level.rawValue.uppercased())"
                        + (log.step.map { " [\($0)]" } ?? "") + "  \(log.message)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
