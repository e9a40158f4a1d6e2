import Foundation
import JobStore
import Testing

@testable import Console

/// The run view's timeline bars: each attempt's steps in the order they ran, each starting when the step
/// before it ended.
@Suite("Run timeline bars")
struct GanttChartTests {
    /// Attempt 1 of a payment run, as the demo's incident writes it: verify-payment completed, the wait
    /// await-confirmation found its event already there (0 ms, ended by an `eventReceived` entry), then
    /// provision-customer-resources failed; that step's row belongs to a later attempt, so its failure in
    /// attempt 1 is known from the timeline alone.
    static func attemptOne() -> (RunDetail, AttemptRecord) {
        let id = Fixtures.runs[1].id
        let start = Fixtures.ago(60)
        func at(_ milliseconds: Double) -> Date { start.addingTimeInterval(milliseconds / 1000) }
        var run = Fixtures.runs[1]
        run.status = .failed
        run.attempt = 2
        let attempt = AttemptRecord(
            runId: id, number: 1, workerId: "w-1", startedAt: at(0), endedAt: at(456), outcome: .failed)
        let steps = [
            StepRecord(
                runId: id, name: "verify-payment", status: .completed, attempt: 1, startedAt: at(1), endedAt: at(72)),
            StepRecord(
                runId: id, name: "await-confirmation", status: .completed, attempt: 1, startedAt: at(73),
                endedAt: at(73)),
            StepRecord(
                runId: id, name: "provision-customer-resources", status: .failed, attempt: 2, startedAt: at(900),
                endedAt: at(950)),
        ]
        let timeline = [
            TimelineEntry(sequence: 1, runId: id, at: at(0), kind: .started, status: .running, attempt: 1),
            TimelineEntry(
                sequence: 2, runId: id, at: at(72), kind: .stepCompleted, status: .running, attempt: 1,
                step: "verify-payment"),
            TimelineEntry(
                sequence: 3, runId: id, at: at(73), kind: .eventReceived, status: .running, attempt: 1,
                step: "await-confirmation"),
            TimelineEntry(
                sequence: 4, runId: id, at: at(456), kind: .stepFailed, status: .running, attempt: 1,
                step: "provision-customer-resources", message: "ProviderError: 502"),
        ]
        return (RunDetail(run: run, attempts: [attempt], steps: steps, logs: [], timeline: timeline), attempt)
    }

    @Test("a step failed after a wait that took no time is listed after the wait, and starts at its end")
    func failureAfterInstantWait() {
        let (detail, attempt) = Self.attemptOne()
        let bars = GanttChart.stepBars(detail, attempt: attempt, attemptEnd: attempt.endedAt!, now: Fixtures.now)
        #expect(bars.map(\.step) == ["verify-payment", "await-confirmation", "provision-customer-resources"])
        let failed = bars[2]
        #expect(failed.start == detail.steps[1].endedAt, "it began when the wait ended, not when verify-payment did")
        #expect(failed.end == detail.timeline[3].at)
    }
}
