import DurableJobs
import Foundation
import HTTPTypes
import Hummingbird
import JobStore

/// `/v1/runs`: start, list, show, explain, retry and cancel runs — the CLI's `runs` commands.
enum RunRoutes {
    static let all: [APIRoute] = [
        APIRoute(
            method: .post, path: "/v1/runs", scope: .operate,
            summary: "Start a run of a job; 201 when created, 200 when an idempotency key deduplicated it.",
            body: [
                .init(name: "job", type: "string", description: "The job's name.", required: true),
                .init(name: "payload", type: nil, description: "Any JSON value the job receives (default null)."),
                .init(name: "queue", type: "string", description: "The queue (default: the job's, else default)."),
                .init(name: "idempotencyKey", type: "string", description: "A start with a held key returns its run."),
                .init(name: "idempotencyTTL", type: "number", description: "Seconds the key is held."),
                .init(name: "delay", type: "number", description: "Start no sooner than this many seconds from now."),
                .init(name: "runAt", type: "string", description: "Start no sooner than this ISO 8601 time."),
                .init(name: "priority", type: "integer", description: "Higher runs are claimed first."),
                .init(name: "maxAttempts", type: "integer", description: "Overrides the retry policy's attempts."),
            ],
            responses: [.created, .ok], keyConfirmedByWrite: true, handler: start),
        APIRoute(
            method: .get, path: "/v1/runs", scope: .read, summary: "List runs, newest first.",
            parameters: [
                APIRoute.query("status", "string", "Only these statuses (repeatable, or comma-separated)."),
                APIRoute.query("job", "string", "Only runs of this job."),
                APIRoute.query("queue", "string", "Only runs on this queue."),
                APIRoute.query("search", "string", "Only runs whose id, job, key, step or error contains this."),
                APIRoute.query("before", "string", "Only runs older than this run id (the next page)."),
                APIRoute.limit,
            ], handler: list),
        APIRoute(
            method: .get, path: "/v1/runs/{id}", scope: .read,
            summary:
                "A run with its attempts, steps, timeline and logs; `{\"pruned\": true}` once retention deleted it.",
            parameters: [APIRoute.path("id", "The run id.")], handler: show),
        APIRoute(
            method: .get, path: "/v1/runs/{id}/why", scope: .read,
            summary: "Why a run is not moving: one sentence, the evidence, and the fix.",
            parameters: [APIRoute.path("id", "The run id.")], handler: why),
        APIRoute(
            method: .post, path: "/v1/runs/{id}/retry", scope: .operate,
            summary: "Re-queue a failed or canceled run, keeping completed steps unless `fresh`.",
            parameters: [APIRoute.path("id", "The run id.")],
            body: [
                .init(name: "fresh", type: "boolean", description: "Start over, forgetting completed steps."),
                .init(name: "fromStep", type: "string", description: "Re-run from this step on."),
            ], handler: retry),
        APIRoute(
            method: .post, path: "/v1/runs/{id}/cancel", scope: .operate,
            summary: "Cancel a run: at once unless running, else at its next step.",
            parameters: [APIRoute.path("id", "The run id.")],
            body: [.init(name: "reason", type: "string", description: "Why, for the timeline and the audit trail.")],
            handler: cancel),
    ]

    /// What a start answers: the run's id, whether it was a duplicate, and the run (nil once pruned).
    struct Started: Encodable {
        var id: RunID
        var deduplicated: Bool
        var run: RunRecord?
    }

    /// What `GET /v1/runs/{id}` answers for a run retention deleted, as `stackshift runs show --json` prints.
    struct Pruned: Encodable {
        var id: RunID
        var pruned = true
        var status = "pruned"
        var message: String
    }

    static func start(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly([
            "job", "payload", "queue", "idempotencyKey", "idempotencyTTL", "delay", "runAt", "priority", "maxAttempts",
        ])
        let year = 366.0 * 86_400
        var options = StartOptions()
        options.queue = try body.string("queue")
        options.idempotencyKey = try body.string("idempotencyKey")
        options.idempotencyTTL = try body.seconds("idempotencyTTL", in: 1...(10 * year)).map { .seconds($0) }
        options.delay = try body.seconds("delay", in: 0...(10 * year)).map { .seconds($0) }
        options.runAt = try body.date("runAt")
        // Both range-checked by `integer(_:in:)`, so clamping never changes a value.
        options.priority = Int(clamping: try body.integer("priority", in: -1_000_000...1_000_000) ?? 0)
        options.maxAttempts = try body.integer("maxAttempts", in: 1...10_000).map { Int(clamping: $0) }
        let started = try await call.operations.startRun(
            try body.requiredString("job"), payloadJSON: body.json("payload") ?? "null", options: options,
            by: call.actor)
        return APIResponse.json(
            Started(id: started.id, deduplicated: started.deduplicated, run: started.run),
            status: started.deduplicated ? .ok : .created)
    }

    static func list(_ call: APICall) async throws -> Response {
        let query = call.query
        let runs = try await call.operations.runs(
            RunQuery(
                statuses: try query.statuses(), job: query.string("job"), queue: query.string("queue"),
                text: query.string("search"), beforeId: query.string("before"), limit: try query.limit()))
        return APIResponse.json(runs)
    }

    static func show(_ call: APICall) async throws -> Response {
        let id = try call.parameter("id")
        if let detail = try await call.operations.run(id) { return APIResponse.json(detail) }
        guard try await call.operations.wasPruned(id) else { throw JobStoreError.runNotFound(id) }
        return APIResponse.json(Pruned(id: id, message: JobStoreError.runPruned(id).description))
    }

    static func why(_ call: APICall) async throws -> Response {
        APIResponse.json(try await call.operations.why(try call.parameter("id")))
    }

    static func retry(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly(["fresh", "fromStep"])
        let start: Operations.RetryStart =
            if let step = try body.string("fromStep") {
                .fromStep(step)
            } else if try body.bool("fresh") == true {
                .fresh
            } else {
                .keepingCompletedSteps
            }
        return APIResponse.json(try await call.operations.retry(try call.parameter("id"), from: start, by: call.actor))
    }

    static func cancel(_ call: APICall) async throws -> Response {
        let body = try await call.body()
        try body.allowOnly(["reason"])
        let result = try await call.operations.cancel(
            try call.parameter("id"), reason: try body.string("reason"), by: call.actor)
        let stopping: Bool = if case .cancelRequested = result { true } else { false }
        return APIResponse.json(Canceled(run: result.run, stopping: stopping))
    }

    /// What a cancel answers: the run, and whether it is still running until its next step.
    struct Canceled: Encodable {
        var run: RunRecord
        var stopping: Bool
    }
}
