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

    func execute(_ attempt: AttemptState) async {
        EngineMetrics.attemptStarted(attempt.run)
        let began = ContinuousClock.now
        await executeAttempt(attempt)
        EngineMetrics.attemptEnded(attempt.run, after: began.duration(to: .now))
        attemptEnded(attempt.lease.runId)
    }

    private func executeAttempt(_ attempt: AttemptState) async {
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
                return
            }
            end = decided
        }
        if attempt.isSuspended || attempt.stop == .leaseLost { return }
        await flushLogs(attempt)
        await finish(attempt, end)
    }

    /// How often a failed write of an attempt's end is tried again, and the first pause between tries.
    static let finishTries = 6
    static let finishBackoff: Duration = .milliseconds(50)

    /// Records how the attempt ended. A write that fails (a busy database, a dropped connection) is tried
    /// again a few times, doubling the pause: the run would otherwise stay running until its lease expired,
    /// and the work it did wait that long to be seen. Trying again is safe: a write that did commit makes
    /// the next one find the attempt ended (lease lost), which stops the tries.
    private func finish(_ attempt: AttemptState, _ end: AttemptEnd) async {
        let run = attempt.run
        var pause = Self.finishBackoff
        for tryNumber in 1...Self.finishTries {
            do {
                let ended = try await store.finishAttempt(
                    FinishAttemptParams(lease: attempt.lease, end: end, now: clock.now()))
                EngineMetrics.attemptFinished(run, status: ended.status)
                return
            } catch JobStoreError.leaseLost {
                logger.notice("run \(run.id) attempt \(attempt.lease.attempt) lost its lease before it could finish")
                return
            } catch {
                guard tryNumber < Self.finishTries, !Task.isCancelled else {
                    // The lease will expire and another worker recovers the run; nothing is lost.
                    logger.error("could not record the end of run \(run.id) after \(tryNumber) tries: \(error)")
                    return
                }
                logger.warning("recording the end of run \(run.id) failed (\(error)); trying again")
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
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
