import Foundation
import JobStore

extension StackShift {
    /// Sends an event durably and resumes every run waiting on this name and correlation key.
    ///
    /// The event is kept for ``eventRetention``: a run that reaches its wait later (but was created before
    /// the event arrived) still receives it.
    ///
    /// - Returns: The stored event and the runs it resumed.
    @discardableResult
    public func sendEvent<Payload: Encodable & Sendable>(
        _ name: String, key: String, payload: Payload
    ) async throws -> SendEventResult {
        try await sendEvent(name, key: key, payloadJSON: try JSONCodec.encode(payload))
    }

    /// Sends an event whose payload is already JSON text; refuses text that is not valid JSON. It is kept for
    /// `retention`, by default ``eventRetention``.
    @discardableResult
    public func sendEvent(
        _ name: String, key: String, payloadJSON: String, retention: Duration? = nil
    ) async throws -> SendEventResult {
        try await sendEvent(name, key: key, payloadJSON: payloadJSON, retention: retention, audit: nil)
    }

    /// Sends an event, recorded in the audit trail with `audit` when an operator sends it.
    func sendEvent(
        _ name: String, key: String, payloadJSON: String, retention: Duration?, audit: AuditNote?
    ) async throws -> SendEventResult {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw JobStoreError.invalidInput("an event needs a name")
        }
        if let problem = JSONValidator.check(payloadJSON) {
            throw JobStoreError.invalidInput("the event payload is not valid JSON: \(problem)")
        }
        let now = clock.now()
        let result = try await store.sendEvent(
            SendEventParams(
                name: name, key: key, payloadJSON: payloadJSON,
                expiresAt: now.addingTimeInterval((retention ?? eventRetention).timeInterval), now: now,
                audit: audit))
        if !result.resumed.isEmpty { wakeWorkers() }
        for runId in result.resumed { runWatch.changed(runId) }
        return result
    }

    /// Recent events, newest first.
    public func events(
        name: String? = nil, key: String? = nil, unconsumedOnly: Bool = false, limit: Int = 100
    ) async throws -> [EventRecord] {
        try await store.listEvents(
            EventQuery(name: name, key: key, unconsumedOnly: unconsumedOnly, limit: limit, now: clock.now()))
    }
}
