import Foundation
import JobStore

extension Operations {
    /// Where a retried run starts.
    public enum RetryStart: Sendable, Hashable {
        /// Keep every completed step; the run resumes after the last one.
        case keepingCompletedSteps
        /// Forget every step and start over clean.
        case fresh
        /// Forget this step and every step recorded after it; the run resumes from this step.
        case fromStep(String)

        var fromStepName: String? {
            if case .fromStep(let name) = self { return name }
            return nil
        }
    }

    /// Re-queues a failed or canceled run, keeping its completed steps, starting over clean, or from a step.
    /// An exhausted run gets exactly one more try.
    @discardableResult
    public func retry(
        _ runId: RunID, from start: RetryStart = .keepingCompletedSteps, by actor: Operator
    )
        async throws -> RunRecord
    {
        try await perform("retry \(runId)", by: actor) {
            let run = try await store.retryRun(
                RetryRunParams(runId: runId, fresh: start == .fresh, fromStep: start.fromStepName, now: now()))
            client.runWatch.changed(runId)
            client.wakeWorkers()
            return run
        }
    }

    /// Cancels a run: at once when queued, scheduled or waiting; at its next step boundary when running.
    /// The timeline names the operator and the reason.
    @discardableResult
    public func cancel(_ runId: RunID, reason: String? = nil, by actor: Operator) async throws -> CancelRunResult {
        try await perform("cancel \(runId)", by: actor) {
            let result = try await store.cancelRun(
                CancelRunParams(runId: runId, reason: Self.cancelReason(reason, by: actor), now: now()))
            client.runWatch.changed(runId)
            return result
        }
    }

    /// `by ada@laptop via console: deploy rolled back`: who canceled, and why when they said.
    static func cancelReason(_ reason: String?, by actor: Operator) -> String {
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return "by \(actor)" + (why.isEmpty ? "" : ": \(why)")
    }
}
