import Crypto
import DurableJobs
import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// Webhooks over real HTTP: a delivery becomes an event keyed at the JSON pointer; a bad signature or a
/// pointer that finds nothing is refused, writes no event, and is kept as a dead letter.
@Suite("Serve: webhooks", .timeLimit(.minutes(2)))
struct WebhookTests {
    static let secret = "whsec_test_0123456789"
    static let stripe = WebhookDefinition(
        name: "stripe", event: "payment.confirmed", keyPointer: try! JSONPointer("/data/object/metadata/paymentId"),
        secret: secret, secretVariable: "STRIPE_SECRET")
    static let mail = WebhookDefinition(name: "mail", event: "mail.bounced", keyPointer: try! JSONPointer("/id"))

    static func signature(_ body: String, secret: String = secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static let delivery =
        #"{"type": "payment_intent.succeeded", "data": {"object": {"metadata": {"paymentId": "pay_77"}}}}"#

    @Test("a signed delivery becomes the event, keyed at the pointer, its body the payload")
    func signedDelivery() async throws {
        try await ServedDatabase.with(webhooks: [Self.stripe]) { served in
            let answer = try await served.request(
                .POST, "/v1/webhooks/stripe", body: Data(Self.delivery.utf8),
                headers: [("X-Signature-256", Self.signature(Self.delivery)), ("Content-Type", "application/json")])
            #expect(answer.status == 201, "\(answer.text)")
            let events = try await served.operations.events(name: "payment.confirmed")
            #expect(events.count == 1 && events.first?.key == "pay_77")
            #expect(events.first.map { JSONValue.parse($0.payloadJSON) == JSONValue.parse(Self.delivery) } == true)
            #expect(try await served.operations.rejectedWebhooks().isEmpty)
            let audit = try await served.operations.auditTrail()
            #expect(audit.first?.action == "send-event" && audit.first?.actor == "webhook:stripe")
        }
    }

    @Test("a wrong or missing signature is refused with 401: no event, and the delivery is kept")
    func badSignature() async throws {
        try await ServedDatabase.with(webhooks: [Self.stripe]) { served in
            for signature in [Self.signature(Self.delivery, secret: "wrong"), "sha256=zz", nil] {
                let answer = try await served.request(
                    .POST, "/v1/webhooks/stripe", body: Data(Self.delivery.utf8),
                    headers: signature.map { [("X-Signature-256", $0)] } ?? [])
                #expect(answer.status == 401 && answer.errorCode == "bad_signature", "\(answer.text)")
                #expect(answer.errorMessage?.contains("STRIPE_SECRET") == true, "names where the secret comes from")
                #expect(answer.errorMessage?.contains(Self.secret) == false, "never the secret itself")
            }
            #expect(try await served.operations.events().isEmpty)
            let kept = try await served.operations.rejectedWebhooks(webhook: "stripe")
            #expect(kept.count == 3 && kept.allSatisfy { $0.body == Data(Self.delivery.utf8) })
        }
    }

    @Test("a body whose pointer finds nothing is refused with 422 naming the pointer, and kept")
    func pointerMiss() async throws {
        try await ServedDatabase.with(webhooks: [Self.stripe]) { served in
            let body = #"{"data": {"object": {"metadata": {}}}}"#
            let answer = try await served.request(
                .POST, "/v1/webhooks/stripe", body: Data(body.utf8),
                headers: [("X-Signature-256", Self.signature(body))])
            #expect(answer.status == 422 && answer.errorCode == "no_correlation_key", "\(answer.text)")
            #expect(answer.errorMessage?.contains("/data/object/metadata/paymentId") == true)
            #expect(try await served.operations.events().isEmpty)
            let kept = try await served.operations.rejectedWebhooks()
            #expect(kept.count == 1 && kept.first?.reason.contains("/data/object/metadata/paymentId") == true)

            let token = try await served.token(.read)
            let listed = try await served.request(.GET, "/v1/events/rejected", token: token)
            #expect(listed.status == 200 && listed.text.contains("no correlation key") == false)
            if case .array(let items)? = listed.json {
                #expect(items.first?["body"] == .string(body) && items.first?["webhook"] == .string("stripe"))
            } else {
                Issue.record("\(listed.text)")
            }
        }
    }

    @Test("an unsigned webhook takes a key of scope events; without one nothing is written or kept")
    func unsignedWebhook() async throws {
        try await ServedDatabase.with(webhooks: [Self.mail]) { served in
            let body = #"{"id": 4411, "reason": "mailbox full"}"#
            let anonymous = try await served.request(.POST, "/v1/webhooks/mail", body: Data(body.utf8))
            #expect(anonymous.status == 401)
            let token = try await served.token(.events, name: "mailgun")
            let answer = try await served.request(.POST, "/v1/webhooks/mail", token: token, body: Data(body.utf8))
            #expect(answer.status == 201, "\(answer.text)")
            #expect(try await served.operations.events(name: "mail.bounced").first?.key == "4411")
            #expect(try await served.operations.rejectedWebhooks().isEmpty, "an unauthenticated sender is not kept")
            let unknown = try await served.request(.POST, "/v1/webhooks/paypal", token: token, body: Data(body.utf8))
            #expect(unknown.status == 404)
        }
    }

    @Test("a delivery resumes the run waiting for it")
    func resumesWait() async throws {
        try await ServedDatabase.with(webhooks: [Self.stripe]) { served in
            served.engine.job("checkout") { (ctx: JobContext<String>) in
                let _: JSONValue? = try await ctx.step.waitForEvent(
                    "payment", event: "payment.confirmed", key: ctx.payload, timeout: .seconds(3600))
            }
            let run = try await served.engine.start("checkout", payload: "pay_77")
            try await served.withWorker {
                try await eventuallyStatus(served, run.id, .waiting)
                let answer = try await served.request(
                    .POST, "/v1/webhooks/stripe", body: Data(Self.delivery.utf8),
                    headers: [("X-Signature-256", Self.signature(Self.delivery))])
                #expect(answer.json?["resumed"] == .array([.string(run.id)]), "\(answer.text)")
                #expect(try await served.engine.waitForRun(run.id, timeout: .testPatience).status == .completed)
            }
        }
    }
}
