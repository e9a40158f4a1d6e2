import Foundation

/// A step's result or error as ``JobStore/saveStep(_:)`` stores it, worked out from the step as read: the
/// record to write and the timeline entry that says so.
public struct StepSave: Sendable, Hashable {
    /// The step after the save.
    public var step: StepRecord
    /// What the timeline records: `stepCompleted` or `stepFailed`.
    public var timelineKind: TimelineKind
    /// The timeline entry's message.
    public var message: String

    /// Creates a step save.
    public init(step: StepRecord, timelineKind: TimelineKind, message: String) {
        self.step = step
        self.timelineKind = timelineKind
        self.message = message
    }
}

extension SaveStepParams {
    /// Refuses a status other than `completed` or `failed` (waits and sleeps have their own operations), and
    /// a step name or result over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard status == .completed || status == .failed else {
            throw JobStoreError.invalidInput("saveStep records completed or failed steps, not \(status.rawValue) ones")
        }
        try InputLimit.name.check(name, field: "step name")
        try InputLimit.payload.check(resultJSON, field: "step result")
    }

    /// The step once this save is applied over `existing` (nil for a step's first save): a failure adds one
    /// to its count and stores no result; the last error stays after a later success, because it explains
    /// the count; the step keeps its kind.
    public func saving(over existing: StepRecord?) -> StepSave {
        let step = StepRecord(
            runId: lease.runId, name: name, kind: existing?.kind ?? .run, status: status, attempt: lease.attempt,
            failures: (existing?.failures ?? 0) + failuresAdded, startedAt: startedAt, endedAt: now,
            resultJSON: storedResultJSON, error: error ?? existing?.error)
        return StepSave(step: step, timelineKind: timelineKind, message: message.text(failures: step.failures))
    }

    /// The `ON CONFLICT` clause of a driver's one-statement step upsert: ``saving(over:)`` in SQL, the same
    /// on SQLite and PostgreSQL. The insert supplies a new step (kind `run`, ``failuresAdded`` as its
    /// failures, the save's error); a stored step keeps its kind, adds the failures, keeps its error when the
    /// save has none, and no longer waits.
    public static let upsertConflictSQL = """
        ON CONFLICT (run_id, name) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
            failures = steps.failures + excluded.failures, started_at = excluded.started_at,
            ended_at = excluded.ended_at, result = excluded.result, error = COALESCE(excluded.error, steps.error),
            event_name = NULL, event_key = NULL, until_at = NULL
        """

    /// The step this save stored, as a read gives it back, from what a one-statement upsert kept of the stored
    /// step (``upsertConflictSQL``): its kind, its failure count and its error. Everything else is this save's.
    public func savedStep(kind: StepKind, failures: Int, error: ErrorDetail?) -> StepRecord {
        StepRecord(
            runId: lease.runId, name: name, kind: kind, status: status, attempt: lease.attempt, failures: failures,
            startedAt: startedAt.storedInstant, endedAt: now.storedInstant, resultJSON: storedResultJSON,
            error: error)
    }

    /// How much the save adds to the step's failure count: 1 for a failure.
    ///
    /// For a driver that upserts the step in one statement, adding this to the stored count and keeping the
    /// stored error when ``error`` is nil, as ``saving(over:)`` does.
    public var failuresAdded: Int { status == .failed ? 1 : 0 }

    /// The result the step stores: none for a failure.
    public var storedResultJSON: String? { status == .failed ? nil : resultJSON }

    /// What the timeline records.
    public var timelineKind: TimelineKind { status == .failed ? .stepFailed : .stepCompleted }

    /// The timeline message, which for a failure names the step's failure count: known once the step is
    /// written, so a driver that writes both in one statement puts the count between its parts.
    public var message: StepMessage {
        guard status == .failed else { return StepMessage(head: "step \(name) completed", tail: nil) }
        let detail = error.map { "\($0.type): \($0.message)" } ?? "no error recorded"
        return StepMessage(head: "step \(name) failed (failure ", tail: "): \(detail)")
    }
}
