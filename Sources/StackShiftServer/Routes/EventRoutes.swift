import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `/v1/events`: send events that resume waiting runs, list them, and list refused webhook deliveries.
enum EventRoutes {
    static let all: [APIRoute] = [
        APIRoute(
            method: .post, path: "/v1/events", scope: .events,
            summary: "Send an event: every run waiting on its name and key resumes with its payload.",
            body: [
                .init(name: "name", type: "string", description: "The event's name.", required: true),
                .init(name: "key", type: "string", description: "The correlation key.", required: true),
                .init(name: "payload", type: nil, description: "Any JSON value (default null)."),
                .init(name: "retention", type: "number", description: "Seconds the event is kept for later waits."),
            ],
            responses: [.created], keyConfirmedByWrite: true, handler: send),
        APIRoute(
            method: .get, path: "/v1/events", scope: .read, summary: "Events kept, newest first.",
            parameters: [
                APIRoute.query("name", "string", "Only events of this name."),
                APIRoute.query("key", "string", "Only events with this correlation key."),
                APIRoute.query("unconsumed", "boolean", "Only events no run has received."),
                APIRoute.limit,
            ], handler: list),
        APIRoute(
            method: .get, path: "/v1/events/rejected", scope: .read,
            summary: "Webhook deliveries the server refused (dead letters), newest first, with their bodies.",
            parameters: [APIRoute.query("webhook", "string", "Only deliveries to this webhook."), APIRoute.limit],
            handler: rejected),
    ]

    static func send(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly(["name", "key", "payload", "retention"])
        let retention = try body.seconds("retention", in: 1...(3650 * 86_400)).map { Duration.seconds($0) }
        let result = try await call.operations.sendEvent(
            try body.requiredString("name"), key: try body.string("key") ?? "",
            payloadJSON: body.json("payload") ?? "null", retention: retention, by: call.actor)
        return APIResponse.json(result, status: .created)
    }

    static func list(_ call: APICall) async throws -> Response {
        let query = call.query
        let events = try await call.operations.events(
            name: query.string("name"), key: query.string("key"), unconsumedOnly: try query.bool("unconsumed") ?? false,
            limit: try query.limit())
        return APIResponse.json(events)
    }

    static func rejected(_ call: APICall) async throws -> Response {
        let query = call.query
        let deliveries = try await call.operations.rejectedWebhooks(
            webhook: query.string("webhook"), limit: try query.limit())
        return APIResponse.json(deliveries.map(RejectedDelivery.init))
    }
}
