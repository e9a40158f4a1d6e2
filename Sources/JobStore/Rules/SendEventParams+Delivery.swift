import Foundation

extension SendEventParams {
    /// Refuses an event without a name.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !name.isEmpty else { throw JobStoreError.invalidInput("an event needs a name") }
        try InputLimit.name.check(name, field: "event name")
        try InputLimit.key.check(key, field: "event key")
        try InputLimit.payload.check(payloadJSON, field: "event payload")
    }
}

extension RunRecord {
    /// The waiting run once `event` (stored, with its id) arrives for its wait (``JobStore/sendEvent(_:)``):
    /// queued at once to resume, its wait step completed with the event's payload. nil when the run waits for
    /// nothing. `sentBy` names the operator who sent it (`ada@laptop via console`), for the timeline.
    public func resuming(with event: EventRecord, sentBy: String? = nil, now: Date) -> RunUpdate? {
        guard let step = wait?.step else { return nil }
        var run = self
        run.status = .queued
        run.runAt = now
        run.wait = nil
        run.updatedAt = now
        return RunUpdate(
            run: run, timelineKind: .eventReceived, step: step,
            message: "event \(event.name) key \(event.key) (#\(event.id)) arrived"
                + (sentBy.map { ", sent by \($0)" } ?? "") + "; queued to resume", queuedAt: now)
    }
}
