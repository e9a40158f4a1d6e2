import Foundation
import JobStore

extension Operations {
    /// Sends an event durably and resumes every run waiting on its name and key.
    ///
    /// The event is kept for `retention` (by default the settings' ``EngineSettings/eventRetention``) for runs
    /// that reach their wait later. Text that is not one valid JSON value, or an empty name, is refused
    /// before anything is written.
    @discardableResult
    public func sendEvent(
        _ name: String, key: String, payloadJSON: String, retention: Duration? = nil, by actor: Operator
    ) async throws -> SendEventResult {
        let detail = "key \(key), payload \(AuditNote.quote(payloadJSON))"
        return try await perform(.sendEvent, target: name, detail: detail, by: actor) { note in
            try await client.sendEvent(name, key: key, payloadJSON: payloadJSON, retention: retention, audit: note)
        }
    }

    /// Deletes an event, so no run that waits for it later receives it; the runs it already resumed keep what
    /// they received.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` when no live event has this id (unknown, expired or
    ///   deleted already).
    public func deleteEvent(_ id: Int64, by actor: Operator) async throws {
        try await perform(.deleteEvent, target: "\(id)", by: actor) { note in
            guard try await store.deleteEvent(DeleteEventParams(eventId: id, now: now(), audit: note)) else {
                throw JobStoreError.invalidInput(
                    "no event with id \(id) (it may have expired or been deleted; list events with "
                        + "`stackshift events list`)")
            }
        }
    }
}
