import DurableJobs
import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// `/v1/runs` over real HTTP: starting, listing, showing, explaining, retrying and canceling, each write in
/// the audit trail under the key's name, and every refused request writing nothing.
@Suite("Serve: runs", .timeLimit(.minutes(2)))
struct RunEndpointTests {
    @Test("a start answers 201 with the run; the same idempotency key answers 200 with the same run")
    func startAndDeduplicate() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate, name: "checkout")
            let body =
                #"{"job": "charge", "payload": {"order": 9007199254740993}, "queue": "billing", "#
                + #""idempotencyKey": "order-42", "priority": 5}"#
            let first = try await served.request(.POST, "/v1/runs", token: token, json: body)
            #expect(first.status == 201, "\(first.text)")
            guard case .string(let id)? = first.json?["id"] else {
                Issue.record("no id: \(first.text)")
                return
            }
            #expect(first.json?["deduplicated"] == .bool(false))
            let again = try await served.request(.POST, "/v1/runs", token: token, json: body)
            #expect(again.status == 200)
            #expect(again.json?["id"] == .string(id))
            #expect(again.json?["deduplicated"] == .bool(true))

            let run = try #require(try await served.operations.run(id)).run
            #expect(run.queue == "billing" && run.priority == 5 && run.job == "charge")
            #expect(run.payloadJSON == #"{"order":9007199254740993}"#, "the payload's number kept exactly")
            let audit = try await served.operations.auditTrail(runId: id)
            #expect(audit.count == 1, "one entry for the start, none for the duplicate")
            #expect(audit.first?.action == "start-run" && audit.first?.actor == "key:checkout")
            #expect(audit.first?.channel == "http")
        }
    }

    @Test("list filters by status, show answers the detail, why explains, unknown ids answer 404")
    func reads() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate)
            for job in ["a", "b", "c"] {
                _ = try await served.request(.POST, "/v1/runs", token: token, json: #"{"job": "\#(job)"}"#)
            }
            let runs = try await served.operations.runs(RunQuery())
            _ = try await served.operations.cancel(runs[0].id, by: Operator(name: "test", channel: .cli))

            let canceled = try await served.request(.GET, "/v1/runs?status=canceled", token: token)
            #expect(canceled.status == 200)
            guard case .array(let items)? = canceled.json else {
                Issue.record("\(canceled.text)")
                return
            }
            #expect(items.count == 1 && items.first?["id"] == .string(runs[0].id))
            let limited = try await served.request(.GET, "/v1/runs?limit=2", token: token)
            if case .array(let page)? = limited.json {
                #expect(page.count == 2)
            } else {
                Issue.record("\(limited.text)")
            }

            let shown = try await served.request(.GET, "/v1/runs/\(runs[1].id)", token: token)
            #expect(shown.status == 200 && shown.json?["run"]?["id"] == .string(runs[1].id))
            let why = try await served.request(.GET, "/v1/runs/\(runs[1].id)/why", token: token)
            #expect(why.status == 200 && why.json?["sentence"] != nil, "\(why.text)")

            for path in ["/v1/runs/run_nope", "/v1/runs/run_nope/why"] {
                let missing = try await served.request(.GET, path, token: token)
                #expect(missing.status == 404 && missing.errorCode == "not_found", "\(path): \(missing.text)")
            }
            let badStatus = try await served.request(.GET, "/v1/runs?status=lost", token: token)
            #expect(badStatus.status == 400 && badStatus.errorMessage?.contains("lost is not a status") == true)
            let badLimit = try await served.request(.GET, "/v1/runs?limit=1e300", token: token)
            #expect(badLimit.status == 400 && badLimit.errorCode == "bad_parameter")
        }
    }

    @Test("retry and cancel are audited under the key; a retry of a queued run is a 409 and writes nothing")
    func retryAndCancel() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate, name: "oncall")
            let started = try await served.request(.POST, "/v1/runs", token: token, json: #"{"job": "ship"}"#)
            guard case .string(let id)? = started.json?["id"] else {
                Issue.record("\(started.text)")
                return
            }

            let early = try await served.request(.POST, "/v1/runs/\(id)/retry", token: token)
            #expect(early.status == 409 && early.errorCode == "invalid_transition", "\(early.text)")

            let cancel = try await served.request(
                .POST, "/v1/runs/\(id)/cancel", token: token, json: #"{"reason": "customer asked"}"#)
            #expect(cancel.status == 200 && cancel.json?["run"]?["status"] == .string("canceled"), "\(cancel.text)")
            let retry = try await served.request(.POST, "/v1/runs/\(id)/retry", token: token, json: #"{"fresh": true}"#)
            #expect(retry.status == 200 && retry.json?["status"] == .string("queued"), "\(retry.text)")

            let actions = try await served.operations.auditTrail(runId: id).map { "\($0.action) \($0.outcome)" }
            #expect(actions.contains("cancel done") && actions.contains("retry done"))
            #expect(try await served.operations.auditTrail(runId: id).allSatisfy { $0.actor == "key:oncall" })
        }
    }

    @Test(
        "bad requests answer 400/413/422 with JSON errors and write nothing",
        arguments: [
            (#"{"job": "charge", "payload": {"#, 400, "bad_json"),
            (#"[1, 2]"#, 400, "bad_json"),
            (#"{"payload": 1}"#, 422, "invalid_input"),
            (#"{"job": "charge", "idempotency_key": "x"}"#, 422, "invalid_input"),
            (#"{"job": "charge", "priority": 1e300}"#, 422, "invalid_input"),
            (#"{"job": "charge", "delay": -5}"#, 422, "invalid_input"),
            (#"{"job": "charge", "runAt": "tomorrow"}"#, 422, "invalid_input"),
            (#"{"job": 7}"#, 422, "invalid_input"),
        ])
    func badStarts(body: String, status: Int, code: String) async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate)
            let answer = try await served.request(.POST, "/v1/runs", token: token, json: body)
            #expect(answer.status == status, "\(body): \(answer.text)")
            #expect(answer.errorCode == code)
            #expect(answer.headers["Content-Type"].first?.hasPrefix("application/json") == true)
            #expect(try await served.operations.runs(RunQuery()).isEmpty)
        }
    }

    @Test("a body over the limit answers 413 and writes nothing; an unknown path answers a JSON 404")
    func limits() async throws {
        try await ServedDatabase.with(bodyLimit: 2048) { served in
            let token = try await served.token(.operate)
            let big = #"{"job": "charge", "payload": ""# + String(repeating: "x", count: 4096) + #""}"#
            let answer = try await served.request(.POST, "/v1/runs", token: token, json: big)
            #expect(answer.status == 413 && answer.errorCode == "body_too_large", "\(answer.text)")
            #expect(try await served.operations.runs(RunQuery()).isEmpty)

            let nowhere = try await served.request(.GET, "/v1/nowhere", token: token)
            #expect(nowhere.status == 404 && nowhere.errorCode == "no_route", "\(nowhere.text)")
        }
    }
}
