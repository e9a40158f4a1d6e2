/// The lifecycle status of a run.
///
/// The allowed moves between statuses are defined once, in ``RunStatus/allowedTransitions``;
/// every driver validates a status change against it before writing.
public enum RunStatus: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Hashable, Comparable {
    /// Not before its `runAt`: a delayed start, or a retry backing off.
    case scheduled
    /// Ready; waiting for a worker slot.
    case queued
    /// Claimed by a worker that holds a lease and heartbeats.
    case running
    /// Paused without compute: for an event (name and correlation key) or a durable sleep.
    case waiting
    /// Finished with a result. Terminal.
    case completed
    /// Finished with an error after its attempts ran out, or a non-retryable error. Terminal.
    case failed
    /// Stopped on request. Terminal.
    case canceled

    /// Whether the run has reached an end state (`completed`, `failed` or `canceled`).
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .canceled: true
        case .scheduled, .queued, .running, .waiting: false
        }
    }

    /// The single table of allowed status changes.
    ///
    /// - `scheduled → queued` when `runAt` is reached; `→ canceled` on request.
    /// - `queued → running` when a worker claims it; `→ canceled` on request.
    /// - `running → completed | failed` when the handler ends; `→ scheduled` for a retry with backoff;
    ///   `→ queued` when its lease expired (crash) or a worker released it; `→ waiting` for an event or
    ///   sleep; `→ canceled` at a step boundary after a cancel request.
    /// - `waiting → queued` when the event arrives, the timeout passes or the sleep ends; `→ canceled`.
    /// - `failed | canceled → queued` on a manual retry.
    public static let allowedTransitions: [RunStatus: Set<RunStatus>] = [
        .scheduled: [.queued, .canceled],
        .queued: [.running, .canceled],
        .running: [.completed, .failed, .scheduled, .queued, .waiting, .canceled],
        .waiting: [.queued, .canceled],
        .completed: [],
        .failed: [.queued],
        .canceled: [.queued],
    ]

    /// Whether a run in this status may move to `next`.
    public func canTransition(to next: RunStatus) -> Bool {
        Self.allowedTransitions[self, default: []].contains(next)
    }

    /// Checks a status change against the table.
    ///
    /// - Throws: ``JobStoreError/invalidTransition(runId:from:to:)`` when the move is not allowed.
    public func validateTransition(to next: RunStatus, runId: RunID) throws {
        guard canTransition(to: next) else {
            throw JobStoreError.invalidTransition(runId: runId, from: self, to: next)
        }
    }

    /// A one-character symbol for compact displays.
    public var symbol: String {
        switch self {
        case .scheduled: "◷"
        case .queued: "○"
        case .running: "▶"
        case .waiting: "⏸"
        case .completed: "✔"
        case .failed: "✘"
        case .canceled: "⊘"
        }
    }

    /// Orders statuses by their place in the lifecycle, for sorting.
    public static func < (lhs: RunStatus, rhs: RunStatus) -> Bool {
        lhs.lifecycleIndex < rhs.lifecycleIndex
    }

    private var lifecycleIndex: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }
}
