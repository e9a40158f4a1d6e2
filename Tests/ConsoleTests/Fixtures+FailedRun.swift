import Console
import Foundation
import JobStore

extension Fixtures {
    /// ``detail`` carried on: the event arrived, a fourth attempt reserved stock, and charging the card failed,
    /// which failed the run. Its timeline, line by line: header, queued, attempt 1 (✔ verify-payment,
    /// ✘ provision-customer-resources), backoff, attempt 2, lease expired, attempt 3 (✔ provision-customer-
    /// resources, the wait ✔ await-confirmation), suspended, attempt 4 (✔ reserve-stock, ✘ charge-card).
    static var failedDetail: RunDetail {
        let waiting = detail
        let id = waiting.run.id
        let created = ago(251)
        let error = ErrorDetail(
            type: "CardDeclined", message: "card ending 4242 was declined", location: "charge-card")
        var run = waiting.run
        run.status = .failed
        run.attempt = 4
        run.failures = 2
        run.wait = nil
        run.error = error
        run.finishedAt = created.addingTimeInterval(200)
        run.updatedAt = created.addingTimeInterval(200)
        var attempts = waiting.attempts
        attempts.append(
            AttemptRecord(
                runId: id, number: 4, workerId: "w-api-7f3c", startedAt: created.addingTimeInterval(190),
                endedAt: created.addingTimeInterval(200), outcome: .failed, error: error))
        var steps = waiting.steps
        steps[2].status = .completed
        steps[2].endedAt = created.addingTimeInterval(189)
        steps += [
            StepRecord(
                runId: id, name: "reserve-stock", status: .completed, attempt: 4,
                startedAt: created.addingTimeInterval(190.1), endedAt: created.addingTimeInterval(192)),
            StepRecord(
                runId: id, name: "charge-card", status: .failed, attempt: 4,
                startedAt: created.addingTimeInterval(192), endedAt: created.addingTimeInterval(200), error: error),
        ]
        var timeline = waiting.timeline
        timeline += [
            TimelineEntry(
                sequence: 111, runId: id, at: created.addingTimeInterval(189), kind: .eventReceived, status: .queued,
                attempt: 3, step: "await-confirmation"),
            TimelineEntry(
                sequence: 112, runId: id, at: created.addingTimeInterval(190), kind: .started, status: .running,
                attempt: 4),
            TimelineEntry(
                sequence: 113, runId: id, at: created.addingTimeInterval(192), kind: .stepCompleted, status: .running,
                attempt: 4, step: "reserve-stock"),
            TimelineEntry(
                sequence: 114, runId: id, at: created.addingTimeInterval(200), kind: .stepFailed, status: .running,
                attempt: 4, step: "charge-card", message: "CardDeclined: card ending 4242 was declined"),
            TimelineEntry(
                sequence: 115, runId: id, at: created.addingTimeInterval(200), kind: .failed, status: .failed,
                attempt: 4),
        ]
        return RunDetail(run: run, attempts: attempts, steps: steps, logs: waiting.logs, timeline: timeline)
    }

    /// ``failedDetail`` before it failed: the fourth attempt running, in the step `charge-card`.
    static var runningDetail: RunDetail {
        var running = failedDetail
        running.run.status = .running
        running.run.error = nil
        running.run.finishedAt = nil
        running.run.currentStep = "charge-card"
        running.attempts[3].outcome = .running
        running.attempts[3].endedAt = nil
        running.attempts[3].error = nil
        running.steps.removeLast()
        running.timeline.removeLast(2)
        return running
    }

    /// The run view of `detail` (by default ``failedDetail``), on its timeline.
    static func runViewState(
        _ detail: RunDetail = failedDetail, width: Int = 80, height: Int = 24, readOnly: Bool = false
    ) -> ConsoleState {
        var state = runState(width: width, height: height, readOnly: readOnly)
        _ = state.reduce(.runDetailLoaded(detail, runId: detail.run.id, at: now))
        return state
    }
}
