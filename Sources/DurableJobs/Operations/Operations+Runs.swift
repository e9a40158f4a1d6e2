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

        /// What was asked for, as the audit trail records a retry that was refused.
        var requested: String {
            switch self {
            case .keepingCompletedSteps: "keeping completed steps"
            case .fresh: "starting over clean"
            case .fromStep(let name): "from step \(name)"
            }
        }
    }

    /// Re-queues a failed or canceled run, keeping its completed steps, starting over clean, or from a step.
    /// An exhausted run gets exactly one more try. The `retried` timeline entry and the audit trail name the
    /// operator.
    @discardableResult
    public func retry(
        _ runId: RunID, from start: RetryStart = .keepingCompletedSteps, by actor: Operator
    )
        async throws -> RunRecord
    {
        try await perform(.retry, target: runId, runId: runId, detail: start.requested, by: actor) { note in
            let run = try await store.retryRun(
                RetryRunParams(
                    runId: runId, fresh: start == .fresh, fromStep: start.fromStepName, now: now(), audit: note))
            client.runWatch.changed(runId)
            client.wakeWorkers()
            return run
        }
    }

    /// Cancels a run: at once when queued, scheduled or waiting; at its next step boundary when running.
    /// The timeline names the operator and the reason.
    @discardableResult
    public func cancel(_ runId: RunID, reason: String? = nil, by actor: Operator) async throws -> CancelRunResult {
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return try await perform(.cancel, target: runId, runId: runId, detail: why, by: actor) { note in
            let result = try await store.cancelRun(
                CancelRunParams(runId: runId, reason: Self.cancelReason(reason, by: actor), now: now(), audit: note))
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
