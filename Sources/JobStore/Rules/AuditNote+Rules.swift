import Foundation

extension AuditNote {
    /// The most UTF-8 bytes of a JSON payload or value an entry quotes: enough to recognise it, never a whole
    /// document.
    public static let quoteLimit = 200

    /// JSON text as an entry quotes it: cut to ``quoteLimit`` bytes, ending with `…` when it was cut.
    public static func quote(_ json: String) -> String {
        bounded(json, to: quoteLimit)
    }
}

extension EventRecord {
    /// `payment.confirmed key pay_123, payload {"ok":true}`: the event as the audit trail describes it.
    public var auditDescription: String {
        "\(name) key \(key), payload \(AuditNote.quote(payloadJSON))"
    }
}

extension RetryRunParams {
    /// The audit entry of an operator's retry (nil for the engine's): the note with what the retry did.
    public func auditEntry(for change: RetryChange) -> AuditEntry? {
        audit.map { $0.with(detail: change.summary).entry(at: now) }
    }
}

extension DeleteEventParams {
    /// Whether deleting `event` deletes a live event: one expired at `now` was invisible already, so it goes
    /// without counting (nor being audited).
    public func deletes(_ event: EventRecord) -> Bool {
        event.expiresAt > now
    }

    /// The audit entry of an operator's deletion of `event` (nil for the engine's): the note with what the
    /// event was.
    public func auditEntry(for event: EventRecord) -> AuditEntry? {
        audit.map { $0.with(detail: event.auditDescription).entry(at: now) }
    }
}
