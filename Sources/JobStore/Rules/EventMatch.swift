import Foundation

/// The earliest live event a wait can consume: its id and payload.
public struct EventMatch: Sendable, Hashable {
    /// The event's id.
    public var id: Int64
    /// The event's payload as JSON text.
    public var payloadJSON: String

    /// Creates a match.
    public init(id: Int64, payloadJSON: String) {
        self.id = id
        self.payloadJSON = payloadJSON
    }
}
