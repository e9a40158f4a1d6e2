import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `/v1/state` and `/v1/locks`: read and edit durable state, release locks — the CLI's `state` commands.
///
/// A key travels in the path percent-encoded, so one holding `/` is written `%2F`.
enum StateRoutes {
    static let all: [APIRoute] = [
        APIRoute(
            method: .get, path: "/v1/state", scope: .read, summary: "Live state values, by key.",
            parameters: [APIRoute.query("prefix", "string", "Only keys starting with this."), APIRoute.limit],
            handler: list),
        APIRoute(
            method: .get, path: "/v1/state/{key}", scope: .read, summary: "One state value with its version.",
            parameters: [APIRoute.path("key", "The state key, percent-encoded.")], handler: get),
        APIRoute(
            method: .put, path: "/v1/state/{key}", scope: .operate,
            summary: "Write a state value, optionally only at an expected version.",
            parameters: [APIRoute.path("key", "The state key, percent-encoded.")],
            body: [
                .init(name: "value", type: nil, description: "Any JSON value.", required: true),
                .init(name: "ttl", type: "number", description: "Seconds until it expires."),
                .init(name: "expectedVersion", type: "integer", description: "Write only if it is at this version."),
            ], handler: set),
        APIRoute(
            method: .delete, path: "/v1/state/{key}", scope: .operate,
            summary: "Delete a state value, optionally only at an expected version.",
            parameters: [
                APIRoute.path("key", "The state key, percent-encoded."),
                APIRoute.query("expectedVersion", "integer", "Delete only if it is at this version."),
            ], handler: delete),
        APIRoute(
            method: .post, path: "/v1/state/{key}/increment", scope: .operate,
            summary: "Add to an integer state value (a missing one counts from 0); answers the new value.",
            parameters: [APIRoute.path("key", "The state key, percent-encoded.")],
            body: [.init(name: "by", type: "integer", description: "The amount (default 1).")], handler: increment),
        APIRoute(
            method: .get, path: "/v1/locks", scope: .read, summary: "Held locks, by key.",
            parameters: [APIRoute.query("prefix", "string", "Only keys starting with this.")], handler: locks),
        APIRoute(
            method: .delete, path: "/v1/locks/{key}", scope: .operate,
            summary: "Release an orphaned lock (its run ended or is gone); `force` takes it from a live holder too.",
            parameters: [
                APIRoute.path("key", "The lock key, percent-encoded."),
                APIRoute.query("owner", "string", "Release only if this owner holds it."),
                APIRoute.query("force", "boolean", "Release it even if its holder may still be at work."),
            ], handler: unlock),
    ]

    static func list(_ call: APICall) async throws -> Response {
        let query = call.query
        return APIResponse.json(
            try await call.operations.stateValues(prefix: query.string("prefix") ?? "", limit: try query.limit()))
    }

    static func get(_ call: APICall) async throws -> Response {
        let key = try call.parameter("key")
        guard let entry = try await call.operations.stateValue(key) else {
            throw APIError(.notFound, "not_found", "state key \(key) holds no live value")
        }
        return APIResponse.json(entry)
    }

    static func set(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly(["value", "ttl", "expectedVersion"])
        guard let value = body.json("value") else {
            throw APIError(.unprocessableContent, "invalid_input", "field value is required (null clears with DELETE)")
        }
        let ttl = try body.seconds("ttl", in: 1...(3650 * 86_400))
        let entry = try await call.operations.setState(
            try call.parameter("key"), valueJSON: value,
            expiresAt: ttl.map { call.operations.now().addingTimeInterval($0) },
            expectedVersion: try body.integer("expectedVersion", in: 0...Int64.max), by: call.actor)
        return APIResponse.json(entry)
    }

    static func delete(_ call: APICall) async throws -> Response {
        let key = try call.parameter("key")
        let expected = try call.query.integer64("expectedVersion", in: 0...Int64.max)
        guard try await call.operations.deleteState(key, expectedVersion: expected, by: call.actor) else {
            throw APIError(.notFound, "not_found", "state key \(key) holds no live value; nothing deleted")
        }
        return APIResponse.json(Deleted(key: key))
    }

    static func increment(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly(["by"])
        let key = try call.parameter("key")
        let amount = try body.integer("by", in: Int64.min...Int64.max) ?? 1
        let value = try await call.operations.incrementState(key, by: amount, by: call.actor)
        return APIResponse.json(Incremented(key: key, value: value))
    }

    static func locks(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.locks(prefix: call.query.string("prefix") ?? ""))
    }

    static func unlock(_ call: APICall) async throws -> Response {
        let key = try call.parameter("key")
        let owner = call.query.string("owner")
        let force = try call.query.bool("force") ?? false
        guard let released = try await call.operations.releaseLock(key, owner: owner, force: force, by: call.actor)
        else {
            throw APIError(.notFound, "not_found", "no lock \(key) is held\(owner.map { " by \($0)" } ?? "")")
        }
        return APIResponse.json(released)
    }

    struct Deleted: Encodable {
        var key: String
        var deleted = true
    }

    struct Incremented: Encodable {
        var key: String
        var value: Int64
    }
}
