import DurableJobs
import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// State, locks, events, queues, schedules, workers, failures and audit over real HTTP.
@Suite("Serve: state and system", .timeLimit(.minutes(2)))
struct StateAndSystemEndpointTests {
    @Test("state: put, get, increment, a version conflict (409), delete; a key with / travels as %2F")
    func state() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate, name: "ops")
            let put = try await served.request(
                .PUT, "/v1/state/tenant%2F42%2Fplan", token: token, json: #"{"value": {"tier": "gold"}}"#)
            #expect(put.status == 200 && put.json?["key"] == .string("tenant/42/plan"), "\(put.text)")
            let got = try await served.request(.GET, "/v1/state/tenant%2F42%2Fplan", token: token)
            #expect(got.status == 200 && got.json?["version"] == .number("1"), "\(got.text)")

            let conflict = try await served.request(
                .PUT, "/v1/state/tenant%2F42%2Fplan", token: token, json: #"{"value": 1, "expectedVersion": 7}"#)
            #expect(conflict.status == 409 && conflict.errorCode == "version_conflict", "\(conflict.text)")

            let bumped = try await served.request(
                .POST, "/v1/state/visits/increment", token: token, json: #"{"by": 5}"#)
            #expect(bumped.json?["value"] == .number("5"), "\(bumped.text)")
            let notInteger = try await served.request(.POST, "/v1/state/tenant%2F42%2Fplan/increment", token: token)
            #expect(notInteger.status == 422, "\(notInteger.text)")

            let deleted = try await served.request(.DELETE, "/v1/state/visits", token: token)
            #expect(deleted.status == 200)
            let gone = try await served.request(.GET, "/v1/state/visits", token: token)
            #expect(gone.status == 404)
            let listed = try await served.request(.GET, "/v1/state?prefix=tenant", token: token)
            if case .array(let items)? = listed.json {
                #expect(items.count == 1)
            } else {
                Issue.record("\(listed.text)")
            }

            let actions = try await served.operations.auditTrail().filter { $0.actor == "key:ops" }.map(\.action)
            #expect(Set(actions) == ["set-state", "increment-state", "delete-state"], "\(actions)")
        }
    }

    @Test("queues: pause and resume are audited; an unknown queue is refused; lists answer")
    func queuesAndLists() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate, name: "ops")
            _ = try await served.engine.start("mail", payload: 1, options: StartOptions(queue: "emails"))
            let paused = try await served.request(.POST, "/v1/queues/emails/pause", token: token)
            #expect(paused.status == 200 && paused.json?["paused"] == .bool(true), "\(paused.text)")
            let queues = try await served.request(.GET, "/v1/queues", token: token)
            #expect(queues.status == 200 && queues.text.contains("\"emails\""))
            #expect(try await served.request(.POST, "/v1/queues/emails/resume", token: token).status == 200)
            let unknown = try await served.request(.POST, "/v1/queues/nope/pause", token: token)
            #expect(unknown.status == 422 || unknown.status == 404, "\(unknown.text)")

            for path in ["/v1/schedules", "/v1/workers", "/v1/failures", "/v1/audit", "/v1/locks", "/v1/events"] {
                let answer = try await served.request(.GET, path, token: token)
                #expect(answer.status == 200, "\(path): \(answer.text)")
                if case .array? = answer.json {} else { Issue.record("\(path) is not a JSON array: \(answer.text)") }
            }
            let audit = try await served.request(.GET, "/v1/audit?limit=1", token: token)
            if case .array(let entries)? = audit.json {
                // The newest entry is the refused pause of the unknown queue: refusals are audited too.
                #expect(entries.count == 1 && entries.first?["action"] == .string("pause-queue"))
                #expect(entries.first?["target"] == .string("nope"))
            }
            let window = try await served.request(.GET, "/v1/failures?window=nan", token: token)
            #expect(window.status == 400)
        }
    }

    @Test("an event sent over HTTP is stored and listed; one without a name is refused")
    func events() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate)
            let sent = try await served.request(
                .POST, "/v1/events", token: token, json: #"{"name": "order.shipped", "key": "o-1", "payload": [1, 2]}"#)
            #expect(sent.status == 201 && sent.json?["event"]?["key"] == .string("o-1"), "\(sent.text)")
            let listed = try await served.request(.GET, "/v1/events?name=order.shipped", token: token)
            if case .array(let items)? = listed.json {
                #expect(items.count == 1)
            } else {
                Issue.record("\(listed.text)")
            }
            let nameless = try await served.request(.POST, "/v1/events", token: token, json: #"{"key": "o-2"}"#)
            #expect(nameless.status == 422)
            #expect(try await served.operations.events().count == 1)
        }
    }

    @Test("locks: an orphaned lock is released, a live holder's only with force; /metrics answers Prometheus text")
    func locksAndMetrics() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.operate, name: "ops")
            let now = served.clock.now()
            // An owner that is no run of this database: the lock's holder cannot be shown to be gone.
            _ = try await served.store.acquireLock(
                AcquireLockParams(key: "report:daily", owner: "cron-host-7", expiresAt: now + 3600, now: now))
            let listed = try await served.request(.GET, "/v1/locks", token: token)
            #expect(listed.status == 200 && listed.text.contains("report:daily"), "\(listed.text)")
            let refused = try await served.request(.DELETE, "/v1/locks/report:daily", token: token)
            #expect(refused.status == 422 && refused.errorMessage?.contains("cron-host-7") == true, "\(refused.text)")
            let forced = try await served.request(.DELETE, "/v1/locks/report:daily?force=true", token: token)
            #expect(forced.status == 200 && forced.json?["owner"] == .string("cron-host-7"), "\(forced.text)")
            let gone = try await served.request(.DELETE, "/v1/locks/report:daily?force=true", token: token)
            #expect(gone.status == 404)
            let audit = try await served.operations.auditTrail().filter { $0.action == "release-lock" }
            #expect(audit.map(\.outcome).contains("done") && audit.allSatisfy { $0.actor == "key:ops" })

            let metrics = try await served.request(.GET, "/metrics", token: token)
            #expect(metrics.status == 200, "\(metrics.text)")
            #expect(metrics.headers["Content-Type"].first?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.text.contains("# TYPE stackshift_locks gauge"))
            #expect(try await served.request(.GET, "/metrics").status == 401, "metrics need a read key")
        }
    }
}
