import Foundation
import JobStore
import Synchronization

/// The mutable state of one attempt, shared by its handler task, its steps, its logger and the worker's
/// heartbeat. All access goes through one mutex.
final class AttemptState: Sendable {
    /// Why an attempt must stop early.
    enum Stop: Sendable, Equatable {
        /// Someone asked for the run to be canceled.
        case cancelRequested
        /// The worker is shutting down and gives the run back.
        case interrupted
        /// Another worker recovered the run: write nothing more.
        case leaseLost
    }

    private struct State {
        var steps: [String: StepRecord]
        var occurrences: [String: Int] = [:]
        var currentStep: String?
        var stop: Stop?
        var suspended = false
        var logs: [LogRecord] = []
        /// True while the handler re-executes code an earlier attempt already ran (before its first new step).
        var replaying: Bool
    }

    let lease: RunLease
    let run: RunRecord
    private let state: Mutex<State>

    init(claimed: ClaimedRun, workerId: WorkerID) {
        lease = RunLease(runId: claimed.run.id, attempt: claimed.run.attempt, workerId: workerId)
        run = claimed.run
        state = Mutex(
            State(
                steps: Dictionary(claimed.steps.map { ($0.name, $0) }, uniquingKeysWith: { $1 }),
                replaying: !claimed.steps.isEmpty))
    }

    /// The occurrence-qualified name for the next use of `name` in this replay: `name`, then `name#2`, ….
    func nextStepName(_ name: String) -> String {
        state.withLock { state in
            let count = state.occurrences[name, default: 0] + 1
            state.occurrences[name] = count
            return count == 1 ? name : "\(name)#\(count)"
        }
    }

    /// The stored record of a step, if it ran in an earlier attempt or earlier in this one.
    func storedStep(_ name: String) -> StepRecord? {
        state.withLock { $0.steps[name] }
    }

    /// Remembers a step record this attempt wrote.
    func remember(_ step: StepRecord) {
        state.withLock { $0.steps[step.name] = step }
    }

    /// The step in progress, for heartbeats and log lines.
    var currentStep: String? {
        get { state.withLock { $0.currentStep } }
        set { state.withLock { $0.currentStep = newValue } }
    }

    /// Why the attempt must stop, if it must.
    var stop: Stop? { state.withLock { $0.stop } }

    /// Asks the attempt to stop; the first reason wins.
    func requestStop(_ reason: Stop) {
        state.withLock { state in
            if state.stop == nil || reason == .leaseLost { state.stop = reason }
        }
    }

    /// Throws at a step boundary when the attempt must stop.
    func checkStop() throws {
        if stop != nil { throw RunCancellation() }
        if Task.isCancelled { throw RunCancellation() }
    }

    /// Whether the run was suspended (waiting) by this attempt.
    var isSuspended: Bool { state.withLock { $0.suspended } }

    /// Records that the run is now waiting and the attempt is over.
    func markSuspended() { state.withLock { $0.suspended = true } }

    /// Whether the handler is still replaying what an earlier attempt already did.
    var isReplaying: Bool { state.withLock { $0.replaying } }

    /// The handler reached work no earlier attempt finished: from here on it is live.
    func endReplay() { state.withLock { $0.replaying = false } }

    /// Buffers a log line until the next flush. Lines written while replaying were stored by the attempt
    /// that first wrote them, so they are dropped rather than repeated.
    func appendLog(level: LogLevel, message: String, at date: Date) {
        state.withLock { state in
            guard !state.replaying else { return }
            state.logs.append(
                LogRecord(
                    runId: lease.runId, attempt: lease.attempt, step: state.currentStep, level: level,
                    message: message, at: date))
        }
    }

    /// Takes the buffered log lines.
    func drainLogs() -> [LogRecord] {
        state.withLock { state in
            defer { state.logs.removeAll(keepingCapacity: true) }
            return state.logs
        }
    }
}
