import Foundation

/// The answer to "why is this run not moving?": one plain sentence, the evidence behind it, and the fix.
public struct RunDiagnosis: Sendable, Codable, Hashable {
    /// What holds the run.
    public enum Reason: String, Sendable, Codable, CaseIterable, Hashable {
        /// Its queue is paused.
        case queuePaused
        /// Its queue's concurrency limit is taken by other runs.
        case concurrencyFull
        /// No live worker serves its queue, or none has a handler for its job.
        case noWorker
        /// An attempt failed and the next one is scheduled.
        case retryScheduled
        /// It was started with a delay or a run-at time.
        case delayedStart
        /// It waits for an event (name and key).
        case waitingForEvent
        /// It sleeps until a time.
        case sleeping
        /// It runs on a worker with a healthy lease.
        case running
        /// Its worker stopped heartbeating; another worker will recover it.
        case leaseExpired
        /// It retries because a lock it needs is held by another owner.
        case blockedOnLock
        /// It is ready and a worker should take it at its next poll.
        case readyToClaim
        /// It was asked to cancel and stops at its next step boundary.
        case cancelRequested
        /// It has finished; nothing holds it.
        case finished
    }

    /// A near-miss event: same name, a key that is almost the one waited for.
    public struct NearMiss: Sendable, Codable, Hashable {
        /// The event.
        public var event: EventRecord
        /// How its key differs: `case`, `whitespace` or `one character`.
        public var difference: String

        /// Creates a near miss.
        public init(event: EventRecord, difference: String) {
            self.event = event
            self.difference = difference
        }
    }

    /// What to do about a run that is not moving: in words, by console key, and as a command.
    ///
    /// The key and the command are kept apart so each front end shows the one its user can act on: the
    /// console names the key, the CLI prints the command quoted for a shell with the `--db` it was given.
    public struct Fix: Sendable, Codable, Hashable {
        /// What to do, in words: `retry it`, `resume queue emails`, `start a worker for queue emails`.
        public var summary: String
        /// The key that does it in the console's why panel, if one does: `r`, `u`, `P`, `s`.
        public var consoleKey: String?
        /// The `stackshift` command that does it, one word per element without quoting, after `stackshift`;
        /// a word in angle brackets (`<JSON>`) is a placeholder the user fills in.
        public var command: [String]?

        /// Creates a fix.
        public init(summary: String, consoleKey: String? = nil, command: [String]? = nil) {
            self.summary = summary
            self.consoleKey = consoleKey
            self.command = command
        }
    }

    /// The run.
    public var runId: RunID
    /// Its status when diagnosed.
    public var status: RunStatus
    /// What holds it.
    public var reason: Reason
    /// One plain sentence with the evidence in it.
    public var sentence: String
    /// Supporting facts, one per line.
    public var evidence: [String]
    /// What to do about it, if anything.
    public var fix: Fix?
    /// Runs holding the queue's slots, for `concurrencyFull`.
    public var holders: [RunID]
    /// Events that nearly match the wait, for `waitingForEvent`.
    public var nearMisses: [NearMiss]
    /// The lock in the way, for `blockedOnLock`.
    public var lock: LockRecord?

    /// Creates a diagnosis.
    public init(
        runId: RunID, status: RunStatus, reason: Reason, sentence: String, evidence: [String] = [],
        fix: Fix? = nil, holders: [RunID] = [], nearMisses: [NearMiss] = [], lock: LockRecord? = nil
    ) {
        self.runId = runId
        self.status = status
        self.reason = reason
        self.sentence = sentence
        self.evidence = evidence
        self.fix = fix
        self.holders = holders
        self.nearMisses = nearMisses
        self.lock = lock
    }
}
