import Foundation
import JobStore

/// A refused webhook delivery as JSON shows it, in `GET /v1/events/rejected` and `stackshift events list
/// --rejected --json`: the body as text when it is UTF-8 (the common case, JSON), in base64 only when it is
/// not, so it can be read and replayed.
public struct RejectedDelivery: Encodable, Sendable {
    /// Its id.
    public var id: Int64
    /// The webhook it was sent to.
    public var webhook: String
    /// The event it would have sent.
    public var event: String
    /// Why it was refused.
    public var reason: String
    /// When it arrived.
    public var receivedAt: Date
    /// The body, when it is UTF-8 text.
    public var body: String?
    /// The body in base64, when it is not UTF-8 text.
    public var bodyBase64: String?
    /// The body's size in bytes.
    public var bodyBytes: Int

    /// The view of a stored delivery.
    public init(_ delivery: RejectedWebhook) {
        id = delivery.id
        webhook = delivery.webhook
        event = delivery.eventName
        reason = delivery.reason
        receivedAt = delivery.receivedAt
        body = String(validating: delivery.body, as: UTF8.self)
        bodyBase64 = body == nil ? delivery.body.base64EncodedString() : nil
        bodyBytes = delivery.body.count
    }
}
