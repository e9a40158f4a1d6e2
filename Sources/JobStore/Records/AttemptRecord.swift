import Foundation

/// How an attempt ended.
public enum AttemptOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    /// Still in progress.
    case running
    /// The handler returned; the run completed.
    case completed
    /// The handler threw; the run was rescheduled or failed.
    case failed
    /// The handler paused for an event or a sleep; a later attempt resumes it.
    case suspended
    /// The run was canceled during this attempt.
    case canceled
    /// The worker's lease expired (process killed, machine gone); another worker recovered the run.
    case crashed
    /// The worker shut down and released the run unfinished.
    case interrupted
}

/// One attempt at a run: who ran it, when, and how it ended.
public struct AttemptRecord: Sendable, Codable, Hashable {
    /// The run this attempt belongs to.
    public var runId: RunID
    /// The attempt number, from 1.
    public var number: Int
    /// The worker that claimed it.
    public var workerId: WorkerID
    /// When the worker claimed it.
    public var startedAt: Date
    /// When it ended; nil while running.
    public var endedAt: Date?
    /// How it ended.
    public var outcome: AttemptOutcome
    /// The error, for a failed or crashed attempt.
    public var error: ErrorDetail?

    /// Creates an attempt record.
    public init(
        runId: RunID, number: Int, workerId: WorkerID, startedAt: Date, endedAt: Date? = nil,
        outcome: AttemptOutcome = .running, error: ErrorDetail? = nil
    ) {
        self.runId = runId
        self.number = number
        self.workerId = workerId
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.error = error
    }
}
