import Foundation

/// What a manual retry does (``JobStore/retryRun(_:)``): the update to write, and which of the run's steps go.
public struct RetryChange: Sendable, Hashable {
    /// The run queued again, with its `retried` entry.
    public var update: RunUpdate
    /// The steps to delete before writing, with the events their waits consumed, so they run again and their
    /// waits can match those events again.
    public var forgottenSteps: ForgottenSteps
    /// What the retry did, for the audit trail: `after failed (from step charge: 2 steps cleared, 1 kept)`.
    public var summary: String

    /// Which steps a retry deletes.
    public enum ForgottenSteps: Sendable, Hashable {
        /// None: every completed step is kept.
        case none
        /// All of them: the run starts over clean.
        case all
        /// These, by name: a retry from a step.
        case named([String])
    }

    /// Creates a retry change.
    public init(update: RunUpdate, forgottenSteps: ForgottenSteps, summary: String = "") {
        self.update = update
        self.forgottenSteps = forgottenSteps
        self.summary = summary
    }
}

extension RunRecord {
    /// The run once cancel is asked for (``JobStore/cancelRun(_:)``): a queued, scheduled or waiting run is
    /// canceled at once; a running one is flagged to stop at its next step boundary. nil when nothing changes:
    /// the running run already has the flag, and asking twice adds no entry.
    ///
    /// - Parameter reason: Why, appended to the entry's message.
    /// - Throws: ``JobStoreError/invalidTransition(runId:from:to:)`` for a run that already ended.
    public func canceling(reason: String?, now: Date) throws -> RunUpdate? {
        let reason = reason.map { ": \($0)" } ?? ""
        var run = self
        run.updatedAt = now
        switch status {
        case .queued, .scheduled, .waiting:
            run.status = .canceled
            run.finishedAt = now
            run.wait = nil
            return RunUpdate(run: run, timelineKind: .canceled, message: "canceled while \(status.rawValue)\(reason)")
        case .running:
            guard !cancelRequested else { return nil }
            run.cancelRequested = true
            let worker = leaseOwner ?? "its worker"
            return RunUpdate(
                run: run, timelineKind: .cancelRequested,
                message: "cancel requested\(reason); \(worker) stops the run at its next step")
        case .completed, .failed, .canceled:
            throw JobStoreError.invalidTransition(runId: id, from: status, to: .canceled)
        }
    }

    /// The failed or canceled run queued again by hand (``JobStore/retryRun(_:)``), its outcome and lease
    /// cleared. An exhausted run (`failures >= maxAttempts`) gets exactly one more try: its budget becomes
    /// `failures + 1`. The completed steps are kept unless `fresh`; with `fromStep`, that step and every step
    /// recorded after it go (`steps` are the run's steps in the order they were first recorded). `actor`, the
    /// operator retrying (`ada@laptop via console`), is named on the `retried` entry.
    ///
    /// - Throws: ``JobStoreError/invalidTransition(runId:from:to:)`` for any other status: `running → queued`
    ///   is a legal edge (a release), but not something a manual retry may do.
    ///   ``JobStoreError/invalidInput(_:)`` when `fromStep` is not one of the run's steps, or comes with `fresh`.
    public func retrying(
        fresh: Bool, fromStep: String? = nil, steps: [StepRecord] = [], by actor: String? = nil, now: Date
    ) throws
        -> RetryChange
    {
        guard status == .failed || status == .canceled else {
            throw JobStoreError.invalidTransition(runId: id, from: status, to: .queued)
        }
        let forgotten = try forgottenSteps(fresh: fresh, fromStep: fromStep, steps: steps)
        var run = self
        run.status = .queued
        run.updatedAt = now
        run.error = nil
        run.resultJSON = nil
        run.finishedAt = nil
        run.runAt = nil
        run.cancelRequested = false
        run.wait = nil
        run.leaseOwner = nil
        run.leaseExpiresAt = nil
        run.currentStep = nil
        var notes: [String] = []
        // Like River: an exhausted run gets exactly one more try. The budget counts failures, not claims.
        if run.failures >= run.maxAttempts {
            run.maxAttempts = run.failures + 1
            notes.append("failure budget raised to \(run.maxAttempts)")
        }
        switch forgotten {
        case .none: notes.append("completed steps kept")
        case .all: notes.append("steps cleared")
        case .named(let names):
            let kept = steps.count - names.count
            notes.append("from step \(fromStep ?? ""): \(Self.count(names.count)) cleared, \(kept) kept")
        }
        let what = notes.joined(separator: ", ")
        let by = actor.map { " by \($0)" } ?? ""
        let update = RunUpdate(
            run: run, timelineKind: .retried, message: "retried after \(status.rawValue)\(by) (\(what))", queuedAt: now)
        let summary = "after \(status.rawValue) (\(what))"
        return RetryChange(update: update, forgottenSteps: forgotten, summary: summary)
    }

    /// The steps a retry deletes: none, all (`fresh`), or `fromStep` and every step recorded after it, the rule
    /// ``retrying(fresh:fromStep:steps:by:now:)`` applies; the console names them before asking to retry.
    ///
    /// - Parameter steps: The run's steps in the order they were first recorded (``RunDetail/steps``).
    /// - Throws: ``JobStoreError/invalidInput(_:)`` when `fromStep` is not one of `steps`, or comes with `fresh`.
    public func forgottenSteps(
        fresh: Bool, fromStep: String?, steps: [StepRecord]
    ) throws
        -> RetryChange.ForgottenSteps
    {
        guard let fromStep else { return fresh ? .all : .none }
        guard !fresh else {
            throw JobStoreError.invalidInput("a retry starts over clean or from a step, not both")
        }
        guard let first = steps.firstIndex(where: { $0.name == fromStep }) else {
            let names = steps.map(\.name)
            throw JobStoreError.invalidInput(
                "run \(id) has no step named \(fromStep)"
                    + (names.isEmpty ? " (it has no steps yet)" : " (its steps: \(names.joined(separator: ", ")))"))
        }
        return .named(steps[first...].map(\.name))
    }

    private static func count(_ steps: Int) -> String { steps == 1 ? "1 step" : "\(steps) steps" }
}

extension CancelRunResult {
    /// The result reporting `run` as stored after a cancel: ``canceled(_:)`` once it is `canceled`, otherwise
    /// ``cancelRequested(_:)`` (its worker stops it at the next step).
    public init(_ run: RunRecord) {
        self = run.status == .canceled ? .canceled(run) : .cancelRequested(run)
    }
}
