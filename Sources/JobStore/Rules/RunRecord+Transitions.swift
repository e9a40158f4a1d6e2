import Foundation

/// A change to a run worked out from its current record, for a driver to write: the run after it, how the
/// attempt in hand ended, and the timeline entry that says so.
///
/// These are the rules every driver applies the same way (the failure budget among them), so they live
/// beside the state machine rather than in each driver. Drivers still validate the status change when they
/// write it.
public struct RunChange: Sendable, Hashable {
    /// The run after the change.
    public var run: RunRecord
    /// How the attempt in hand ended.
    public var attemptOutcome: AttemptOutcome
    /// The attempt's error, for a failed or crashed attempt.
    public var attemptError: ErrorDetail?
    /// What the timeline records.
    public var timelineKind: TimelineKind
    /// The timeline entry's message.
    public var message: String

    /// The failure signature stored with the attempt when it failed or crashed (see ``FailureSignature``).
    public var attemptSignature: String? {
        attemptError.map { FailureSignature.of(job: run.job, error: $0) }
    }
}

extension RunRecord {
    /// The run once the attempt holding its lease ends as `end` (``JobStore/finishAttempt(_:)``).
    ///
    /// A retry or a failure counts against the failure budget; a release puts the run back in its queue.
    public func endingAttempt(_ end: AttemptEnd, worker: WorkerID, now: Date) -> RunChange {
        var run = releasingLease(now: now)
        let attempt = self.attempt
        switch end {
        case .completed(let resultJSON):
            run.status = .completed
            run.resultJSON = resultJSON
            run.finishedAt = now
            return RunChange(
                run: run, attemptOutcome: .completed, timelineKind: .completed,
                message: "completed on attempt \(attempt)")
        case .retry(let error, let at):
            run.status = .scheduled
            run.runAt = at
            run.error = error
            run.failures += 1
            return RunChange(
                run: run, attemptOutcome: .failed, attemptError: error, timelineKind: .retryScheduled,
                message: "attempt \(attempt) failed (\(error.type): \(error.message)); "
                    + "\(TimelineText.failures(run)), retrying at \(TimelineText.time(at))")
        case .failed(let error):
            run.status = .failed
            run.error = error
            run.finishedAt = now
            run.failures += 1
            return RunChange(
                run: run, attemptOutcome: .failed, attemptError: error, timelineKind: .failed,
                message: "failed on attempt \(attempt) (\(TimelineText.failures(run))): \(error.type): \(error.message)"
            )
        case .canceled:
            run.status = .canceled
            run.finishedAt = now
            return RunChange(
                run: run, attemptOutcome: .canceled, timelineKind: .canceled,
                message: "canceled at a step boundary on attempt \(attempt)")
        case .released:
            run.status = .queued
            return RunChange(
                run: run, attemptOutcome: .interrupted, timelineKind: .released,
                message: "worker \(worker) released the run unfinished; queued again")
        }
    }

    /// The run once its expired lease is recovered (``JobStore/recoverExpiredLeases(_:)``): the attempt
    /// crashed, which counts against the failure budget; the run is queued again while the budget lasts,
    /// failed when it is spent, and canceled if cancel had been requested.
    public func recoveringExpiredLease(now: Date) -> RunChange {
        let error = ErrorDetail(
            type: "LeaseExpired",
            message: "worker \(leaseOwner ?? "unknown") stopped heartbeating; "
                + "lease expired at \(TimelineText.time(leaseExpiresAt))",
            retryable: true)
        var run = releasingLease(now: now)
        // A crash is a failure: it counts against the budget before the budget decides.
        run.failures += 1
        let crashed = "attempt \(attempt) crashed"
        let message: String
        if cancelRequested {
            run.status = .canceled
            run.finishedAt = now
            message = "\(crashed) (\(error.message)) after cancel was requested; canceled"
        } else if run.failures < run.maxAttempts {
            run.status = .queued
            run.error = error
            message = "\(crashed): \(error.message); \(TimelineText.failures(run)), queued again"
        } else {
            run.status = .failed
            run.error = error
            run.finishedAt = now
            message = "\(crashed): \(error.message); \(TimelineText.failures(run)), no tries left, failed"
        }
        return RunChange(
            run: run, attemptOutcome: .crashed, attemptError: error, timelineKind: .crashed, message: message)
    }

    /// A `scheduled` or `waiting` run whose time came, queued by the claim that noticed it at `now`
    /// (``JobStore/claimRuns(_:)`` promotes it), with the timeline entry that says why.
    ///
    /// It joins its queue at the time it became due (``RunUpdate/queuedAt``), not at `now`: a run that became
    /// due while no worker looked keeps its place in the claim order.
    public func becomingDue(now: Date) -> RunUpdate {
        var run = self
        run.status = .queued
        run.updatedAt = now
        run.wait = nil
        let queuedAt = runAt ?? now
        guard let wait, status == .waiting else {
            return RunUpdate(
                run: run, timelineKind: .queued, message: "due at \(TimelineText.time(runAt)); queued",
                queuedAt: queuedAt)
        }
        let message =
            wait.isSleep
            ? "sleep \(wait.step) ended; queued to resume"
            : "wait for \(wait.eventName ?? "") key \(wait.eventKey ?? "") timed out at "
                + "\(TimelineText.time(wait.until)); queued to resume"
        return RunUpdate(run: run, timelineKind: .queued, step: wait.step, message: message, queuedAt: queuedAt)
    }

    /// The queued run once `worker` claims it (``JobStore/claimRuns(_:)``): running a new attempt under a lease
    /// until `leaseExpiresAt`. The attempt number counts every claim; the entry shows the failure budget.
    public func claimed(by worker: WorkerID, leaseExpiresAt: Date, now: Date) -> RunUpdate {
        var run = self
        run.status = .running
        run.attempt += 1
        run.leaseOwner = worker
        run.leaseExpiresAt = leaseExpiresAt
        run.startedAt = startedAt ?? now
        run.updatedAt = now
        run.wait = nil
        run.currentStep = nil
        return RunUpdate(
            run: run, timelineKind: .started,
            message: "attempt \(run.attempt) started on worker \(worker) (\(TimelineText.failures(run)))")
    }

    /// The running run once its attempt pauses for `wait` (an event wait or a sleep): `waiting` without a
    /// lease, due by itself at the wait's deadline (`runAt`), if it has one. The attempt ends `suspended`.
    public func suspending(for wait: WaitCondition, now: Date) -> RunRecord {
        var run = releasingLease(now: now)
        run.status = .waiting
        run.wait = wait
        run.runAt = wait.until
        return run
    }

    /// This run with its lease and current step cleared, changed at `now`.
    func releasingLease(now: Date) -> RunRecord {
        var run = self
        run.updatedAt = now
        run.leaseOwner = nil
        run.leaseExpiresAt = nil
        run.currentStep = nil
        return run
    }
}
