import Foundation
import JobStore

extension Operations {
    /// Keeps a webhook delivery the server refused, so on-call can find it (`stackshift events list
    /// --rejected`, the console's Events view); the store keeps the newest 10,000.
    @discardableResult
    public func recordRejectedWebhook(
        _ webhook: String, event: String, reason: String, body: Data
    ) async throws -> RejectedWebhook {
        try await store.recordRejectedWebhook(
            RecordRejectedWebhookParams(webhook: webhook, eventName: event, reason: reason, body: body, now: now()))
    }

    /// Refused webhook deliveries, newest first; only `webhook`'s when given.
    public func rejectedWebhooks(webhook: String? = nil, limit: Int = 100) async throws -> [RejectedWebhook] {
        try await store.listRejectedWebhooks(RejectedWebhookQuery(webhook: webhook, limit: limit))
    }
}
