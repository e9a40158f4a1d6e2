import Foundation
import JobStore

/// The run view's top block: a headline saying what the run is doing, then labelled facts in a grid.
enum RunOverview {
    static func draw(_ detail: RunDetail, state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let run = detail.run
        let top = layout.bodyTop
        buffer.draw(headline(run, state: state), x: 1, y: top, width: buffer.width - 2)

        let facts = facts(detail, state: state)
        let columns = buffer.width >= 120 ? 3 : 2
        let gridRows = layout.runOverviewHeight - 2
        let columnWidth = (buffer.width - 2) / columns
        for (index, fact) in facts.prefix(columns * gridRows).enumerated() {
            let row = index / columns
            let column = index % columns
            var line = StyledLine(TextFit.pad(fact.label, to: 9), .dim)
            line.spans += fact.value.spans
            buffer.draw(line, x: 1 + column * columnWidth, y: top + 1 + row, width: columnWidth - 2)
        }
        buffer.draw(footnote(run, state: state), x: 1, y: top + layout.runOverviewHeight - 1, width: buffer.width - 2)
    }

    /// `✘ failed  send-verification-email  on emails · attempt 3/5` and what is next.
    static func headline(_ run: RunRecord, state: ConsoleState) -> StyledLine {
        let now = state.displayNow
        var line = StyledLine(
            run.status.symbol + " " + run.status.rawValue, CellStyle(.status(run.status), emphasis: .bold))
        line.append("  ", .text)
        line.append(run.job, CellStyle(.ui(.accent), emphasis: .bold))
        line.append("  on ", .dim)
        line.append(run.queue, .text)
        line.append(" · try ", .dim)
        line.append(TimelineText.tries(run), run.failures > 0 ? CellStyle(.ui(.warning)) : .text)
        switch run.status {
        case .scheduled:
            let due =
                run.runAt.map {
                    "in " + Format.duration($0.timeIntervalSince(now)) + " at "
                        + Format.clock($0, utcOffset: state.utcOffsetSeconds)
                } ?? ""
            line.append(run.attempt > 0 ? " · retrying \(due)" : " · starts \(due)", CellStyle(.status(.scheduled)))
        case .running:
            if let step = run.currentStep {
                line.append(" · in step ", .dim)
                line.append(step, CellStyle(.status(.running)))
            }
            if run.cancelRequested { line.append(" · cancel requested", CellStyle(.ui(.warning))) }
        case .completed, .failed, .canceled:
            if let finished = run.finishedAt {
                line.append(
                    " · took " + Format.duration(finished.timeIntervalSince(run.startedAt ?? run.createdAt)), .dim)
            }
        case .queued, .waiting:
            break
        }
        return line
    }

    static func facts(_ detail: RunDetail, state: ConsoleState) -> [(label: String, value: StyledLine)] {
        let run = detail.run
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        func time(_ date: Date?) -> StyledLine {
            guard let date else { return StyledLine("—", .dim) }
            var line = StyledLine(Format.moment(date, now: now, utcOffset: offset), .text)
            line.append(" (" + Format.duration(now.timeIntervalSince(date)) + " ago)", .dim)
            return line
        }
        let policy = run.retryPolicy
        let retry =
            "\(policy.maxAttempts)× · \(Format.duration(policy.initialDelay))×\(formatNumber(policy.multiplier))"
            + " ≤\(Format.duration(policy.maxDelay))"
        var result: [(String, StyledLine)] = [
            ("id", StyledLine(run.id, .text)),
            ("key", StyledLine(run.idempotencyKey ?? "—", run.idempotencyKey == nil ? .dim : .text)),
            ("created", time(run.createdAt)),
            ("started", time(run.startedAt)),
        ]
        if let finished = run.finishedAt {
            result.append(("finished", time(finished)))
        } else {
            result.append(("age", StyledLine(Format.duration(now.timeIntervalSince(run.createdAt)), .text)))
        }
        let worker = run.leaseOwner ?? detail.attempts.last?.workerId
        result.append(("worker", StyledLine(worker ?? "—", worker == nil ? .dim : .text)))
        if let expires = run.leaseExpiresAt, run.status == .running {
            let left = expires.timeIntervalSince(now)
            let style = left < 0 ? CellStyle(.ui(.error)) : CellStyle.text
            result.append(
                (
                    "lease",
                    StyledLine(
                        left < 0 ? "expired \(Format.duration(-left)) ago" : "renews, \(Format.duration(left)) left",
                        style)
                ))
        } else {
            result.append(("priority", StyledLine(String(run.priority), .text)))
        }
        result.append(("retries", StyledLine(retry, .text)))
        result.append(
            (
                "steps",
                StyledLine("\(detail.steps.filter { $0.status == .completed }.count)/\(detail.steps.count) done", .text)
            ))
        return result
    }

    /// The last overview line: the error, the wait, or where the run stands.
    static func footnote(_ run: RunRecord, state: ConsoleState) -> StyledLine {
        let now = state.displayNow
        if run.status == .waiting, let wait = run.wait {
            var line = StyledLine("waiting  ", .dim)
            if let event = wait.eventName {
                line.append("for event ", .text)
                line.append(event, CellStyle(.status(.waiting), emphasis: .bold))
                line.append(" key ", .text)
                line.append(wait.eventKey ?? "—", CellStyle(.ui(.accent)))
            } else {
                line.append("sleeping in step \(wait.step)", .text)
            }
            line.append(" for " + Format.duration(now.timeIntervalSince(wait.since)), .dim)
            if let until = wait.until {
                let verb = wait.isSleep ? "wakes" : "times out"
                line.append(" · \(verb) in " + Format.duration(until.timeIntervalSince(now)), .dim)
            }
            return line
        }
        if let error = run.error {
            // A completed run's stored error is a try's before it, not the run's outcome: it is said so, quietly.
            let completed = run.status == .completed
            var line = StyledLine(run.status == .failed ? "error    " : completed ? "earlier  " : "last err ", .dim)
            if completed { line.append("a try before it completed: ", .dim) }
            line.append(error.type + ": ", CellStyle(completed ? .ui(.dim) : .ui(.error), emphasis: .bold))
            line.append(error.message, CellStyle(completed ? .ui(.dim) : .ui(.error)))
            if let location = error.location { line.append("  at " + location, .dim) }
            if !error.retryable { line.append("  (not retryable)", CellStyle(.ui(.warning))) }
            return line
        }
        return StyledLine()
    }

    static func formatNumber(_ value: Double) -> String {
        value == value.rounded() ? String(Int(saturating: value)) : String(format: "%.1f", value)
    }
}
