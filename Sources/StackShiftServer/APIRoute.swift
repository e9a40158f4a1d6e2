import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// One endpoint of the API: the single table the router, each request's key check and the OpenAPI document
/// are all built from, so none of them can list a route the others do not.
struct APIRoute: Sendable {
    /// A documented parameter of a route.
    struct Parameter: Sendable {
        /// Where it goes.
        enum Location: String, Sendable { case path, query }
        var name: String
        var location: Location
        /// The JSON schema type: `string`, `integer`, `number` or `boolean`.
        var type: String
        var description: String
        var required = false
    }

    /// A documented field of a JSON request body.
    struct Field: Sendable {
        var name: String
        /// The JSON schema type, or nil for any JSON value.
        var type: String?
        var description: String
        var required = false
    }

    /// Answers one request.
    typealias Handler = @Sendable (APICall) async throws -> Response

    var method: HTTPRequest.Method
    /// OpenAPI's form, `/v1/runs/{id}`, which the router also reads.
    var path: String
    /// What the key must allow; nil for a route that checks its caller itself (webhooks) or is public.
    var scope: APIKeyScope?
    var summary: String
    var parameters: [Parameter] = []
    /// The fields of a JSON body; nil when the route takes none.
    var body: [Field]?
    /// The statuses it answers with besides errors every route shares.
    var responses: [HTTPResponse.Status] = [.ok]
    /// Whether the handler's only change is one audited write, which confirms the key in its own transaction
    /// (``Operator/apiKeyLookup``): such a route takes a key verified before from the server's
    /// ``APIKeyCache`` instead of reading it first. The two routes services call at volume (start a run, send
    /// an event) are marked; every other route reads its key on each request.
    var keyConfirmedByWrite = false
    var handler: Handler

    /// The operation's id in the OpenAPI document: method and path, `post_v1_runs_id_retry`.
    var operationId: String {
        let words = path.split(separator: "/").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "{}")) }
        return ([method.rawValue.lowercased()] + words).joined(separator: "_").replacingOccurrences(of: ".", with: "_")
    }

    /// A path parameter.
    static func path(_ name: String, _ description: String) -> Parameter {
        Parameter(name: name, location: .path, type: "string", description: description, required: true)
    }

    /// A query parameter.
    static func query(_ name: String, _ type: String, _ description: String) -> Parameter {
        Parameter(name: name, location: .query, type: type, description: description)
    }

    /// The `limit` query parameter every list takes.
    static let limit = query("limit", "integer", "The most items returned, 1 to 1000 (default 100).")
}
