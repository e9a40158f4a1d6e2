import Foundation
import JobStore

extension ConsoleState {
    /// The step drawn on the timeline's cursor line; nil outside the run view's Timeline section, on its
    /// header, and on the bars that are no step (time queued, an attempt's header, backoff and the other gaps
    /// between attempts).
    public var timelineStepAtCursor: String? {
        guard runView.tab == .timeline, let detail = openDetail else { return nil }
        let steps = GanttChart.steps(detail, now: displayNow, utcOffset: utcOffsetSeconds)
        guard let cursor = runViewCursor(in: .timeline, lineCount: steps.count) else { return nil }
        return steps[cursor]
    }

    /// Whether the hint bar offers `R`: in the Timeline section of a failed or canceled run.
    var offersRetryFromStep: Bool {
        guard runView.tab == .timeline, let run = openDetail?.run else { return false }
        return run.status == .failed || run.status == .canceled
    }

    /// The detail of the run the run view shows, once it has loaded.
    private var openDetail: RunDetail? {
        guard let id = openRunId, let detail = shown.detail, detail.run.id == id else { return nil }
        return detail
    }

    /// `R`: asks before retrying the run from the timeline step at the cursor. The dialog lists the steps the
    /// retry discards, by the rule the store applies (``RunRecord/forgottenSteps(fresh:fromStep:steps:)``),
    /// and says how many completed steps it keeps. Outside the Timeline section, on a line that is no step, or
    /// on a run that is not failed or canceled, it says why not instead.
    mutating func askToRetryFromStep() -> [ConsoleEffect] {
        guard runView.tab == .timeline else {
            showFlash(
                "R retries from a step of the Timeline section: Tab to it, put the cursor on a step, press R",
                kind: .info)
            return []
        }
        guard let detail = openDetail else {
            showFlash("The run has not loaded yet", kind: .info)
            return []
        }
        let run = detail.run
        guard run.status == .failed || run.status == .canceled else {
            showFlash(
                "Only a failed or canceled run can be retried; this one is \(run.status.rawValue)", kind: .error)
            return []
        }
        guard let name = timelineStepAtCursor else {
            showFlash("The cursor is not on a step: move it to a step's line (j/k), then press R", kind: .info)
            return []
        }
        if let step = detail.steps.first(where: { $0.name == name }), step.kind != .run {
            let what = step.kind == .sleep ? "a sleep" : "a wait"
            showFlash(
                "\(name) is \(what), not a step that runs code: put the cursor on a ✔ or ✘ step to retry from it",
                kind: .info)
            return []
        }
        let discarded: [String]
        do {
            guard case .named(let names) = try run.forgottenSteps(fresh: false, fromStep: name, steps: detail.steps)
            else { return [] }
            discarded = names
        } catch {
            showFlash("Cannot retry from \(name): \(error)", kind: .error, seconds: 8)
            return []
        }
        dialog = retryFromStepDialog(run, step: name, discarded: discarded, steps: detail.steps)
        return []
    }

    /// The confirm dialog of a retry from `step`: what happens to the run in the message, each discarded
    /// step in the details.
    private func retryFromStepDialog(
        _ run: RunRecord, step: String, discarded: [String], steps: [StepRecord]
    ) -> ConfirmDialog {
        let gone = Set(discarded)
        let kept = steps.filter { !gone.contains($0.name) && $0.status == .completed }.count
        let discards =
            discarded.count == 1
            ? "That step is discarded and runs again"
            : "These \(Format.count(discarded.count)) steps are discarded and run again"
        let keeps =
            switch kept {
            case 0: "no completed step is kept"
            case 1: "the 1 completed step before it is kept"
            default: "the \(Format.count(kept)) completed steps before it are kept"
            }
        let fill: ThemeRole = .ui(.dialog)
        let details = discarded.map { name in
            let record = steps.first { $0.name == name }
            var line = StyledLine("  ", CellStyle(fill))
            if let record {
                line.append(
                    GanttChart.symbol(for: record.status) + " ",
                    CellStyle(GanttChart.stepRole(record.status), fill: fill))
            }
            line.append(name, CellStyle(fill))
            if let record {
                line.append(
                    "  \(record.status.rawValue), attempt \(record.attempt)", CellStyle(.ui(.dim), fill: fill))
            }
            return line
        }
        let ended = run.status == .failed ? "failed" : "was canceled"
        return ConfirmDialog(
            title: "Retry \(run.id) from step \(step)?",
            message:
                "\(run.id) (\(run.job)) \(ended) (\(TimelineText.failures(run))). It will be queued again on "
                + "'\(run.queue)' and run from \(step). \(discards); \(keeps).",
            details: details, confirmLabel: "Retry from step", action: .write(.retryFromStep(run.id, step: step)))
    }
}
