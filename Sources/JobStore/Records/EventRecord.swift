import Foundation

/// A durable event sent to resume runs waiting on its name and correlation key.
public struct EventRecord: Sendable, Codable, Hashable {
    /// The store's sequence number for the event.
    public var id: Int64
    /// The event name (`payment.confirmed`).
    public var name: String
    /// The correlation key (`pay_123`).
    public var key: String
    /// The payload as JSON text.
    public var payloadJSON: String
    /// When it was received.
    public var receivedAt: Date
    /// When it is dropped (received + retention).
    public var expiresAt: Date
    /// The runs that consumed it.
    public var consumedBy: [RunID]

    /// Creates an event record.
    public init(
        id: Int64 = 0, name: String, key: String, payloadJSON: String, receivedAt: Date, expiresAt: Date,
        consumedBy: [RunID] = []
    ) {
        self.id = id
        self.name = name
        self.key = key
        self.payloadJSON = payloadJSON
        self.receivedAt = receivedAt
        self.expiresAt = expiresAt
        self.consumedBy = consumedBy
    }
}
