import Console
import Foundation
import JobStore

/// Webhook deliveries `stackshift serve` rejected, for the events view's dead letters.
extension Fixtures {
    /// Newest first: a Stripe delivery whose key is not where the webhook looks, a GitHub delivery without its
    /// signature, and one whose body plants escape sequences (C0 and C1) and is no JSON.
    static let rejectedWebhooks: [RejectedWebhook] = [
        RejectedWebhook(
            id: 3, webhook: "stripe", eventName: "payment.confirmed",
            reason: "nothing usable as a correlation key at /data/object/metadata/paymentId (a non-empty string or "
                + "number)",
            body: Data(
                #"{"id":"evt_1Q","type":"payment_intent.succeeded","data":{"object":{"id":"pi_3Q","amount":4200,"#
                    .utf8) + Data(#""metadata":{"payment_id":"pay_123"}}}}"#.utf8),
            receivedAt: ago(40)),
        RejectedWebhook(
            id: 2, webhook: "github", eventName: "build.finished",
            reason: "the X-Signature-256 header is missing or is not the HMAC-SHA256 of the body with the secret in "
                + "GITHUB_WEBHOOK_SECRET",
            body: Data(#"{"action":"completed","check_suite":{"head_sha":"9f1c2e7"}}"#.utf8), receivedAt: ago(300)),
        RejectedWebhook(
            id: 1, webhook: "stripe", eventName: "payment.confirmed\u{1B}[2J",
            reason: "the body is not JSON: line 1, column 20: found the control character U+1B",
            body: Data("{\"data\":{\"id\":\"pay\u{1B}]0;pwned\u{07}_9\u{9B}31m\"}}\r\nsecond line\u{7F}".utf8),
            receivedAt: ago(3_600)),
    ]
}
