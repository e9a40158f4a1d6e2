import DurableJobs
import Foundation
import Hummingbird
import JobStore

/// One request being answered: what a route's handler reads and whom it acts as.
struct APICall: Sendable {
    let request: Request
    let context: APIRequestContext
    let operations: Operations
    let configuration: ServerConfiguration
    let webhooks: [WebhookDefinition]

    /// Who acts, for the audit trail: `key:stripe-webhooks via http`. Its writes confirm the key is still
    /// usable in their own transactions.
    var actor: Operator {
        Operator(
            name: context.key.map { "key:\($0.name)" } ?? "anonymous", channel: .http,
            apiKeyLookup: context.key?.lookup)
    }

    /// The query parameters.
    var query: APIQuery { APIQuery(request) }

    /// A path parameter, percent-decoded (so a state key may hold `/` as `%2F`).
    func parameter(_ name: String) throws -> String {
        guard let raw = context.parameters.get(name) else {
            throw APIError(.badRequest, "bad_parameter", "the path has no \(name)")
        }
        return raw.removingPercentEncoding ?? raw
    }

    /// The raw body, at most the configured limit: a larger one is refused with 413 once the limit is passed,
    /// without reading the rest.
    func bodyData() async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.bodyLimit {
            throw HTTPError(.contentTooLarge)
        }
        let buffer = try await request.body.collect(upTo: configuration.bodyLimit)
        return Data(buffer.readableBytesView)
    }

    /// The body as a JSON object.
    func body() async throws -> APIBody { try APIBody(try await bodyData()) }
}
