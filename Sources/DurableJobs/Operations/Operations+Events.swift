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
        try await perform("send event \(name) key \(key)", by: actor) {
            try await client.sendEvent(name, key: key, payloadJSON: payloadJSON, retention: retention)
        }
    }
}
