import Foundation
import JobStore
import Logging

/// Executes one claimed attempt: replays the handler, then records how the attempt ended.
struct RunExecutor: Sendable {
    let store: any JobStore
    let clock: any JobClock
    let logger: Logger
    let definition: @Sendable (String) -> JobDefinition?
    /// Called once the attempt's end (or the run's suspension) is committed.
    let attemptEnded: @Sendable (RunID) -> Void

    /// Executes `attempt` and records how it ended. When the end is written and `next` gives a claim's
    /// parameters (asked at that moment), the same transaction claims with them: the runs claimed are
    /// returned, leased to the caller, which must run them. nil when no claim was made: the attempt
    /// suspended or lost its lease, `next` gave none, or the end was written alone after a failed try.
    func execute(
        _ attempt: AttemptState, claimingNext next: @Sendable () -> ClaimRunsParams?
    ) async -> [ClaimedRun]? {
        EngineMetrics.attemptStarted(attempt.run)
        let began = ContinuousClock.now
        let claimed = await executeAttempt(attempt, claimingNext: next)
        EngineMetrics.attemptEnded(attempt.run, after: began.duration(to: .now))
        attemptEnded(attempt.lease.runId)
        return claimed
    }

    private func executeAttempt(
        _ attempt: AttemptState, claimingNext next: @Sendable () -> ClaimRunsParams?
    ) async -> [ClaimedRun]? {
        let run = attempt.run
        let end: AttemptEnd
        do {
            guard let job = definition(run.job) else {
                throw JobError("no handler registered for job \(run.job) in this worker", retryable: true)
            }
            let resultJSON = try await job.invoke(
                JobDefinition.Invocation(attempt: attempt, store: store, clock: clock, logger: nil))
            end = .completed(resultJSON: resultJSON)
        } catch {
            guard let decided = decideEnd(after: error, attempt: attempt) else {
                await flushLogs(attempt)
                return nil
            }
            end = decided
        }
        if attempt.isSuspended || attempt.stop == .leaseLost { return nil }
        await flushLogs(attempt)
        return await finish(attempt, end, claimingNext: next)
    }

    /// How often a failed write of an attempt's end is tried again, and the first pause between tries.
    static let finishTries = 6
    static let finishBackoff: Duration = .milliseconds(50)

    /// Records how the attempt ended. A write that fails (a busy database, a dropped connection) is tried
    /// again a few times, doubling the pause: the run would otherwise stay running until its lease expired,
    /// and the work it did wait that long to be seen. Trying again is safe: a write that did commit makes
    /// the next one find the attempt ended (lease lost), which stops the tries.
    ///
    /// The first try also claims the worker's next runs (see ``execute(_:claimingNext:)``), unless the worker
    /// is giving the run back; a try after a failure writes the end alone, so a claim that cannot be written
    /// never keeps the end from being recorded. Returns the runs claimed; nil when no claim was made.
    private func finish(
        _ attempt: AttemptState, _ end: AttemptEnd, claimingNext next: @Sendable () -> ClaimRunsParams?
    ) async -> [ClaimedRun]? {
        let run = attempt.run
        var pause = Self.finishBackoff
        var claim: ClaimRunsParams? = if case .released = end { nil } else { next() }
        for tryNumber in 1...Self.finishTries {
            do {
                // The claimed copy lets a store write the end without reading the run first.
                let params = FinishAttemptParams(lease: attempt.lease, end: end, now: clock.now(), claimed: run)
                let began = ContinuousClock.now
                guard let claim else {
                    EngineMetrics.attemptFinished(run, status: try await store.finishAttempt(params).status)
                    return nil
                }
                let finished = try await store.finishAttempt(params, claimingNext: claim)
                EngineMetrics.attemptFinished(run, status: finished.run.status)
                EngineMetrics.claimed(finished.claimed, after: began.duration(to: .now))
                return finished.claimed
            } catch JobStoreError.leaseLost {
                logger.notice("run \(run.id) attempt \(attempt.lease.attempt) lost its lease before it could finish")
                return nil
            } catch {
                guard tryNumber < Self.finishTries, !Task.isCancelled else {
                    // The lease will expire and another worker recovers the run; nothing is lost.
                    logger.error("could not record the end of run \(run.id) after \(tryNumber) tries: \(error)")
                    return nil
                }
                claim = nil
                logger.warning("recording the end of run \(run.id) failed (\(error)); trying again")
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
        return nil
    }

    /// Maps a thrown error to how the attempt ends; nil when there is nothing left to write.
    private func decideEnd(after error: any Error, attempt: AttemptState) -> AttemptEnd? {
        if attempt.isSuspended { return nil }
        switch attempt.stop {
        case .leaseLost: return nil
        case .cancelRequested: return .canceled
        case .interrupted: return .released
        case nil: break
        }
        if error is RunSuspended { return nil }
        if case JobStoreError.leaseLost = error { return nil }
        let run = attempt.run
        let detail = ErrorDetail(describing: error)
        guard detail.retryable else { return .failed(detail) }
        let now = clock.now()
        if let stepFailure = error as? StepFailure, let policy = stepFailure.retryPolicy {
            guard policy.allowsRetry(afterAttempt: stepFailure.failures) else { return .failed(detail) }
            let delay = policy.delay(afterAttempt: stepFailure.failures, random: Double.random(in: 0..<1))
            return .retry(detail, at: now.addingTimeInterval(delay))
        }
        // The budget counts failures, not claims: resuming after a wait or sleep uses none of it. The store
        // counts this failure when the attempt ends; `run` is the record as claimed, so add it here.
        let failures = run.failures + 1
        guard failures < run.maxAttempts else { return .failed(detail) }
        let delay = run.retryPolicy.delay(afterAttempt: failures, random: Double.random(in: 0..<1))
        return .retry(detail, at: now.addingTimeInterval(delay))
    }

    private func flushLogs(_ attempt: AttemptState) async {
        let lines = attempt.drainLogs()
        guard !lines.isEmpty else { return }
        do {
            try await store.appendLogs(AppendLogsParams(lines: lines))
        } catch {
            logger.warning("could not store \(lines.count) log lines of run \(attempt.lease.runId): \(error)")
        }
    }
}
