import Foundation
import JobStore

extension GanttChart {
    /// The chart's bars in order: time queued, then per attempt its header, its steps and the gap after it.
    static func bars(_ detail: RunDetail, now: Date, utcOffset: Int) -> [Bar] {
        let run = detail.run
        let end = run.finishedAt ?? now
        var bars: [Bar] = []
        if let first = detail.attempts.first, first.startedAt > run.createdAt {
            let label =
                run.runAt != nil && run.attempt <= 1 && first.startedAt.timeIntervalSince(run.createdAt) > 1
                ? "scheduled / queued" : "queued"
            bars.append(
                Bar(
                    label: StyledLine("○ " + label, .dim), start: run.createdAt, end: first.startedAt, glyph: "┄",
                    style: .dim))
        }
        for (index, attempt) in detail.attempts.enumerated() {
            let attemptEnd = attempt.endedAt ?? end
            let outcomeStyle = style(for: attempt.outcome)
            var header = StyledLine("Attempt \(attempt.number) ", CellStyle(.ui(.accent), emphasis: .bold))
            header.append(attempt.outcome.rawValue, outcomeStyle)
            bars.append(
                Bar(
                    label: header, start: attempt.startedAt, end: attemptEnd, glyph: "─", style: outcomeStyle,
                    note: StyledLine(attempt.workerId, .dim)))
            bars += stepBars(detail, attempt: attempt, attemptEnd: attemptEnd, now: now)
            // The gap to the next attempt says why the run paused.
            let nextStart = index + 1 < detail.attempts.count ? detail.attempts[index + 1].startedAt : nil
            if let nextStart, let ended = attempt.endedAt, nextStart > ended {
                if let gap = gapBar(after: attempt, from: ended, to: nextStart) { bars.append(gap) }
            }
        }
        if let last = detail.attempts.last, let ended = last.endedAt {
            switch run.status {
            case .scheduled:
                let due = max(run.runAt ?? now, now)
                bars.append(
                    Bar(
                        label: StyledLine("↻ backoff", CellStyle(.status(.scheduled))), start: ended, end: due,
                        glyph: "┈",
                        style: CellStyle(.status(.scheduled)),
                        note: StyledLine(
                            "try \(TimelineText.tries(run)) at \(Format.clock(due, utcOffset: utcOffset))",
                            .dim)))
            case .queued:
                bars.append(
                    Bar(
                        label: StyledLine("○ queued again", .dim), start: ended, end: now, glyph: "┄", style: .dim,
                        note: StyledLine("waiting for a worker", .dim)))
            default:
                break
            }
        }
        return bars
    }

    static func stepBars(_ detail: RunDetail, attempt: AttemptRecord, attemptEnd: Date, now: Date) -> [Bar] {
        let run = detail.run
        var bars: [(Date, Bar)] = []
        let recorded = detail.steps.filter { $0.attempt == attempt.number }
        for step in recorded {
            bars.append((step.startedAt, stepBar(step, attemptEnd: attemptEnd, now: now)))
        }
        // Failures of steps that later succeeded live only on the timeline; show them in their attempt.
        let recordedNames = Set(recorded.map(\.name))
        let entries = detail.timeline.filter { $0.attempt == attempt.number }
        var previous = attempt.startedAt
        for entry in entries {
            if entry.kind == .stepFailed, let name = entry.step, !recordedNames.contains(name) {
                // The failed step began when the step before it ended, whatever ended it: a wait resolved by an
                // event or a timeout ends on entries of its own, and a recorded step carries its end.
                let start = max(previous, recorded.compactMap(\.endedAt).filter { $0 <= entry.at }.max() ?? previous)
                var label = StyledLine("  ✘ ", CellStyle(.status(.failed)))
                label.append(name, .text)
                let message = entry.message.isEmpty ? nil : StyledLine(entry.message, CellStyle(.ui(.error)))
                bars.append(
                    (
                        start,
                        Bar(
                            label: label, start: start, end: entry.at, glyph: "█",
                            style: CellStyle(.status(.failed)), note: message, step: name)
                    ))
            }
            if Self.endsAStep.contains(entry.kind) { previous = entry.at }
        }
        if attempt.outcome == .running, run.status == .running, let current = run.currentStep,
            !recordedNames.contains(current)
        {
            let start = max(recorded.compactMap(\.endedAt).max() ?? attempt.startedAt, previous)
            var label = StyledLine("  ▶ ", CellStyle(.status(.running)))
            label.append(current, .text)
            bars.append(
                (
                    start,
                    Bar(
                        label: label, start: start, end: now, glyph: "▓", style: CellStyle(.status(.running)),
                        note: StyledLine("running", .dim), step: current)
                ))
        }
        // Steps in the order they ran: by start, and a step that took no time (a wait whose event was there)
        // before the one that began as it ended.
        return bars.sorted { ($0.0, $0.1.end) < ($1.0, $1.1.end) }.map(\.1)
    }

    /// Timeline entries that end the step before them within an attempt (or begin the attempt).
    static let endsAStep: Set<TimelineKind> = [.started, .stepCompleted, .stepFailed, .eventReceived, .timedOut]

    /// A recorded step's bar: a run step solid, a wait shaded; the note names the event, the error, or the
    /// failures it got over.
    static func stepBar(_ step: StepRecord, attemptEnd: Date, now: Date) -> Bar {
        let stepEnd = step.endedAt ?? (step.status == .waiting || step.status == .sleeping ? now : attemptEnd)
        var label = StyledLine("  " + symbol(for: step.status) + " ", CellStyle(stepRole(step.status)))
        label.append(step.name, .text)
        var note: StyledLine?
        if let event = step.eventName {
            note = StyledLine(event, CellStyle(.status(.waiting)))
            note?.append(" key " + (step.eventKey ?? "—"), .dim)
        } else if let error = step.error {
            note = StyledLine(error.message, CellStyle(.ui(.error)))
        } else if step.failures > 0 {
            note = StyledLine("ok after \(step.failures) failure\(step.failures == 1 ? "" : "s")", .dim)
        }
        return Bar(
            label: label, start: step.startedAt, end: stepEnd, glyph: step.kind != .run ? "░" : "█",
            style: CellStyle(stepRole(step.status)), note: note, step: step.name)
    }

    static func gapBar(after attempt: AttemptRecord, from start: Date, to end: Date) -> Bar? {
        switch attempt.outcome {
        case .failed:
            return Bar(
                label: StyledLine("↻ backoff", CellStyle(.status(.scheduled))), start: start, end: end, glyph: "┈",
                style: CellStyle(.status(.scheduled)),
                note: attempt.error.map { StyledLine("after " + $0.message, .dim) })
        case .crashed:
            return Bar(
                label: StyledLine("⚠ lease expired", CellStyle(.ui(.warning))), start: start, end: end, glyph: "┈",
                style: CellStyle(.ui(.warning)), note: StyledLine("recovered by another worker", .dim))
        case .interrupted:
            return Bar(label: StyledLine("○ released", .dim), start: start, end: end, glyph: "┄", style: .dim)
        case .suspended:
            return Bar(
                label: StyledLine("⏸ suspended", CellStyle(.status(.waiting))), start: start, end: end, glyph: "░",
                style: CellStyle(.status(.waiting)))
        case .running, .completed, .canceled:
            return nil
        }
    }

    static func symbol(for status: StepStatus) -> String {
        switch status {
        case .completed: "✔"
        case .failed: "✘"
        case .waiting: "⏸"
        case .sleeping: "◷"
        case .timedOut: "⧗"
        }
    }

    static func stepRole(_ status: StepStatus) -> ThemeRole {
        switch status {
        case .completed: .status(.completed)
        case .failed: .status(.failed)
        case .waiting, .sleeping: .status(.waiting)
        case .timedOut: .ui(.warning)
        }
    }

    static func style(for outcome: AttemptOutcome) -> CellStyle {
        switch outcome {
        case .running: CellStyle(.status(.running))
        case .completed: CellStyle(.status(.completed))
        case .failed: CellStyle(.status(.failed))
        case .suspended: CellStyle(.status(.waiting))
        case .canceled: CellStyle(.status(.canceled))
        case .crashed: CellStyle(.ui(.error))
        case .interrupted: CellStyle(.ui(.warning))
        }
    }
}
