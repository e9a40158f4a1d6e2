import Foundation

/// Where a step stands.
public enum StepStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Finished; its result is stored and is returned on every replay without running it again.
    case completed
    /// Its last execution threw; it runs again on the next attempt.
    case failed
    /// An event wait that has not matched yet.
    case waiting
    /// A durable sleep that has not ended yet.
    case sleeping
    /// An event wait whose timeout passed; the step returns nil.
    case timedOut
}

/// The kind of work a step does.
public enum StepKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// `step.run`: a closure whose result is remembered.
    case run
    /// `step.waitForEvent`.
    case waitForEvent
    /// `step.sleep` / `step.sleepUntil`.
    case sleep
}

/// A remembered step of a run.
public struct StepRecord: Sendable, Codable, Hashable {
    /// The run this step belongs to.
    public var runId: RunID
    /// The step name, with an occurrence suffix from the second use on (`fetch`, `fetch#2`).
    public var name: String
    /// What the step does.
    public var kind: StepKind
    /// Where it stands.
    public var status: StepStatus
    /// The attempt in which it last ran.
    public var attempt: Int
    /// How many times it has failed.
    public var failures: Int
    /// When it (last) started.
    public var startedAt: Date
    /// When it finished, failed, matched or timed out.
    public var endedAt: Date?
    /// The result as JSON text (for an event wait: the event payload).
    public var resultJSON: String?
    /// The last error.
    public var error: ErrorDetail?
    /// For an event wait: the event name.
    public var eventName: String?
    /// For an event wait: the correlation key.
    public var eventKey: String?
    /// For an event wait: the timeout; for a sleep: the wake-up time.
    public var until: Date?

    /// Creates a step record.
    public init(
        runId: RunID, name: String, kind: StepKind = .run, status: StepStatus, attempt: Int, failures: Int = 0,
        startedAt: Date, endedAt: Date? = nil, resultJSON: String? = nil, error: ErrorDetail? = nil,
        eventName: String? = nil, eventKey: String? = nil, until: Date? = nil
    ) {
        self.runId = runId
        self.name = name
        self.kind = kind
        self.status = status
        self.attempt = attempt
        self.failures = failures
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.resultJSON = resultJSON
        self.error = error
        self.eventName = eventName
        self.eventKey = eventKey
        self.until = until
    }
}
