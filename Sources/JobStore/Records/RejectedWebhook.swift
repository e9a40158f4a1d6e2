import Foundation

/// A webhook delivery `stackshift serve` refused (its correlation key was missing, its signature wrong), kept
/// so on-call can find the payment confirmation that never resumed its run.
public struct RejectedWebhook: Sendable, Hashable, Codable {
    /// Its id, increasing.
    public var id: Int64
    /// The webhook it was sent to (`stripe`).
    public var webhook: String
    /// The event it would have sent (`payment.confirmed`).
    public var eventName: String
    /// Why it was refused, naming what to fix.
    public var reason: String
    /// The request body exactly as received.
    public var body: Data
    /// When it arrived.
    public var receivedAt: Date

    /// Creates a record.
    public init(id: Int64, webhook: String, eventName: String, reason: String, body: Data, receivedAt: Date) {
        self.id = id
        self.webhook = webhook
        self.eventName = eventName
        self.reason = reason
        self.body = body
        self.receivedAt = receivedAt
    }
}
