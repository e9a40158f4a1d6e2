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

    /// Creates the parameters.
    public init(name: String, key: String, payloadJSON: String, expiresAt: Date, now: Date) {
        self.name = name
        self.key = key
        self.payloadJSON = payloadJSON
        self.expiresAt = expiresAt
        self.now = now
    }
}

/// The result of ``JobStore/sendEvent(_:)``.
public struct SendEventResult: Sendable, Hashable {
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
