import Foundation

extension CreateRunParams {
    /// Refuses a run without a job or a queue name, or with a name, key or payload over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` naming what is missing or too large.
    public func validate() throws {
        guard !job.isEmpty else { throw JobStoreError.invalidInput("a run needs a job name") }
        guard !queue.isEmpty else { throw JobStoreError.invalidInput("a run needs a queue name") }
        try InputLimit.name.check(job, field: "job name")
        try InputLimit.name.check(queue, field: "queue name")
        try InputLimit.key.check(idempotencyKey, field: "idempotency key")
        try InputLimit.payload.check(payloadJSON, field: "payload")
    }

    /// The status the new run starts in: `scheduled` when ``runAt`` is later than ``now`` (to the stored
    /// millisecond), otherwise `queued`.
    public var initialStatus: RunStatus {
        (runAt?.millis ?? now.millis) > now.millis ? .scheduled : .queued
    }

    /// When the new run joins its queue (the claim order): now for a `queued` run, nil for a `scheduled` one,
    /// which joins when it becomes due.
    public var initialQueuedAt: Date? {
        initialStatus == .queued ? now : nil
    }
}

extension RunRecord {
    /// The `created` entry's message for this run as just created (``JobStore/createRun(_:)``).
    public var creationMessage: String {
        status == .scheduled
            ? "created on queue \(queue), scheduled for \(TimelineText.time(runAt))"
            : "created on queue \(queue)"
    }

    /// The `deduplicated` entry's message added to this run when a start with its held idempotency `key`
    /// returns it instead of creating another.
    public func deduplicationMessage(key: String) -> String {
        "a start with idempotency key \(key) returned this run"
    }
}
