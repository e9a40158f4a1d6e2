import Crypto
import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `POST /v1/webhooks/{name}`: a provider's delivery becomes an event that resumes the run waiting for it.
///
/// A delivery that cannot become an event (its signature is wrong, it is not JSON, its correlation key is not
/// at the webhook's pointer) is refused and kept as a dead letter (`GET /v1/events/rejected`, `stackshift
/// events list --rejected`, the console's Events view): a lost payment confirmation is exactly what on-call
/// has to find.
enum WebhookRoutes {
    /// The header a signed delivery carries: `sha256=` and the hex HMAC-SHA256 of the raw body.
    static let signatureHeader = HTTPField.Name("X-Signature-256")!

    static let all: [APIRoute] = [
        APIRoute(
            method: .post, path: "/v1/webhooks/{name}", scope: nil,
            summary: "Receive a webhook delivery: its body becomes the event's payload, its correlation key is read "
                + "at the webhook's JSON pointer. Signed webhooks check X-Signature-256 (sha256=HEX, HMAC-SHA256 "
                + "of the raw body); others need a key of scope events. Refused deliveries are kept as dead letters.",
            parameters: [APIRoute.path("name", "The webhook, as given to --webhook.")],
            responses: [.created], handler: receive)
    ]

    static func receive(_ call: APICall) async throws -> Response {
        let name = try call.parameter("name")
        guard let webhook = call.webhooks.first(where: { $0.name == name }) else {
            throw APIError(
                .notFound, "not_found",
                "no webhook \(name) is configured on this server (stackshift serve --webhook \(name)=EVENT:POINTER)")
        }
        let body = try await call.bodyData()
        var actor = Operator(name: "webhook:\(name)", channel: .http)
        if let secret = webhook.secret {
            guard Self.signatureIsValid(call.request.headers[signatureHeader], body: body, secret: secret) else {
                throw try await reject(
                    call, webhook, body, status: .unauthorized, code: "bad_signature",
                    reason: "the X-Signature-256 header is missing or is not the HMAC-SHA256 of the body with the "
                        + "secret in \(webhook.secretVariable ?? "the webhook's secret variable")")
            }
        } else {
            let key = try await call.operations.authenticate(APIServer.bearerToken(call.request), needs: .events)
            actor = Operator(name: "key:\(key.name)", channel: .http, apiKeyLookup: key.lookup)
        }
        guard let text = String(data: body, encoding: .utf8), let document = JSONValue.parse(text) else {
            throw try await reject(
                call, webhook, body, status: .badRequest, code: "bad_json",
                reason:
                    "the body is not JSON: \(String(data: body, encoding: .utf8).flatMap { JSONValidator.check($0)?.description } ?? "it is not UTF-8 text")"
            )
        }
        guard let key = webhook.keyPointer.key(in: document) else {
            throw try await reject(
                call, webhook, body, status: .unprocessableContent, code: "no_correlation_key",
                reason: "nothing usable as a correlation key at \(webhook.keyPointer) (a non-empty string or number)")
        }
        let result = try await call.operations.sendEvent(webhook.event, key: key, payloadJSON: text, by: actor)
        return APIResponse.json(result, status: .created)
    }

    /// Keeps the delivery as a dead letter and returns the error to answer with. If even the dead letter cannot
    /// be written, the answer says so, so the sender retries rather than believing it was kept.
    private static func reject(
        _ call: APICall, _ webhook: WebhookDefinition, _ body: Data, status: HTTPResponse.Status, code: String,
        reason: String
    ) async throws -> APIError {
        do {
            let kept = try await call.operations.recordRejectedWebhook(
                webhook.name, event: webhook.event, reason: reason, body: body)
            return APIError(status, code, "\(reason); kept as rejected delivery \(kept.id) (GET /v1/events/rejected)")
        } catch {
            return APIError(
                .serviceUnavailable, "unavailable",
                "\(reason); and it could not be kept (\(Operations.describe(error))): send it again")
        }
    }

    /// Whether `header` is `sha256=HEX` of the HMAC-SHA256 of `body` with `secret`, compared in constant time.
    static func signatureIsValid(_ header: String?, body: Data, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), let mac = Self.bytes(hex: header.dropFirst(7)) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// The bytes of a hex string; nil when it is not hex or not 32 bytes long.
    private static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
