import Foundation

/// Parameters of ``JobStore/sendEvent(_:)``.
public struct SendEventParams: Sendable, Hashable {
    /// The event name.
    public var name: String
    /// The correlation key.
    public var key: String
    /// The payload as JSON text.
    public var payloadJSON: String
    /// When the event is dropped if no run consumed it.
    public var expiresAt: Date
    /// The current time (when it was received).
    public var now: Date
    /// The operator sending it, recorded in the audit trail with the event; nil for the engine's own sends.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(
        name: String, key: String, payloadJSON: String, expiresAt: Date, now: Date, audit: AuditNote? = nil
    ) {
        self.name = name
        self.key = key
        self.payloadJSON = payloadJSON
        self.expiresAt = expiresAt
        self.now = now
        self.audit = audit
    }
}

/// The result of ``JobStore/sendEvent(_:)``.
public struct SendEventResult: Sendable, Hashable, Codable {
    /// The stored event.
    public var event: EventRecord
    /// The waiting runs it resumed.
    public var resumed: [RunID]

    /// Creates a result.
    public init(event: EventRecord, resumed: [RunID]) {
        self.event = event
        self.resumed = resumed
    }
}

/// A filter for ``JobStore/listEvents(_:)``.
public struct EventQuery: Sendable, Hashable {
    /// Only this event name.
    public var name: String?
    /// Only this key.
    public var key: String?
    /// Only events no run has consumed.
    public var unconsumedOnly: Bool
    /// The most events to return.
    public var limit: Int
    /// Expired events are invisible.
    public var now: Date

    /// Creates a filter.
    public init(name: String? = nil, key: String? = nil, unconsumedOnly: Bool = false, limit: Int = 100, now: Date) {
        self.name = name
        self.key = key
        self.unconsumedOnly = unconsumedOnly
        self.limit = limit
        self.now = now
    }
}

/// Parameters of ``JobStore/deleteEvent(_:)``.
public struct DeleteEventParams: Sendable, Hashable {
    /// The event's id (``EventRecord/id``).
    public var eventId: Int64
    /// The current time; an event expired at it is invisible, so deleting it does not count (see "Expiry" in
    /// ``JobStore``).
    public var now: Date
    /// The operator deleting it, recorded in the audit trail when an event is deleted; nil for the engine.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(eventId: Int64, now: Date, audit: AuditNote? = nil) {
        self.eventId = eventId
        self.now = now
        self.audit = audit
    }
}
