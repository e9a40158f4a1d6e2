import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// Queues, schedules, workers, failure groups and the audit trail — the CLI's `queues`, `schedules`,
/// `workers`, `failures` and `audit` commands.
enum SystemRoutes {
    static let all: [APIRoute] = [
        APIRoute(
            method: .get, path: "/v1/queues", scope: .read,
            summary: "Every queue with its settings and runs by status (finished counts cover the last hour).",
            handler: queues),
        APIRoute(
            method: .post, path: "/v1/queues/{name}/pause", scope: .operate,
            summary: "Stop workers claiming the queue's runs; runs keep arriving and wait.",
            parameters: [APIRoute.path("name", "The queue.")], handler: pause),
        APIRoute(
            method: .post, path: "/v1/queues/{name}/resume", scope: .operate,
            summary: "Let workers claim the queue's runs again.", parameters: [APIRoute.path("name", "The queue.")],
            handler: resume),
        APIRoute(
            method: .get, path: "/v1/schedules", scope: .read, summary: "Every cron schedule.", handler: schedules),
        APIRoute(
            method: .get, path: "/v1/workers", scope: .read,
            summary: "Workers with their heartbeats, runs in hand, and which have gone silent.", handler: workers),
        APIRoute(
            method: .get, path: "/v1/failures", scope: .read,
            summary: "Failure groups: runs failing the same way, with counts and first and last seen.",
            parameters: [
                APIRoute.query("window", "number", "Seconds back to look (default 86400, at most 30 days)."),
                APIRoute.limit,
            ], handler: failures),
        APIRoute(
            method: .get, path: "/v1/audit", scope: .read,
            summary: "The audit trail of operator actions, newest first.",
            parameters: [
                APIRoute.query("since", "string", "Only entries at or after this ISO 8601 time."),
                APIRoute.query("run", "string", "Only entries about this run."),
                APIRoute.query("before", "integer", "Only entries with a smaller id (the next page)."),
                APIRoute.limit,
            ], handler: audit),
    ]

    static func queues(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.queues())
    }

    static func pause(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.pauseQueue(try call.parameter("name"), by: call.actor))
    }

    static func resume(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.resumeQueue(try call.parameter("name"), by: call.actor))
    }

    static func schedules(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.schedules())
    }

    /// A worker as the API shows it.
    struct Worker: Encodable {
        var worker: WorkerRecord
        var runsInHand: Int
        var silent: Bool
    }

    static func workers(_ call: APICall) async throws -> Response {
        let activity = try await call.operations.workers()
        return APIResponse.json(
            activity.workers.map {
                Worker(worker: $0, runsInHand: activity.runsInHand[$0.id] ?? 0, silent: activity.silent.contains($0.id))
            })
    }

    static func failures(_ call: APICall) async throws -> Response {
        let query = call.query
        let window = try query.integer("window", in: 60...(30 * 86_400)) ?? 86_400
        return APIResponse.json(
            try await call.operations.failureGroups(window: .seconds(window), limit: try query.limit(default: 50)))
    }

    static func audit(_ call: APICall) async throws -> Response {
        let query = call.query
        let entries = try await call.operations.auditTrail(
            since: try query.date("since"), runId: query.string("run"),
            beforeId: try query.integer64("before", in: 1...Int64.max), limit: try query.limit())
        return APIResponse.json(entries)
    }
}
