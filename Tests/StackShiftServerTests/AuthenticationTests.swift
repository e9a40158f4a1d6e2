import DurableJobs
import Foundation
import JobStore
import Testing

@testable import StackShiftServer

/// API keys over real HTTP: every way a key is refused answers 401 or 403 with a message, and writes nothing.
@Suite("Serve: API keys", .timeLimit(.minutes(2)))
struct AuthenticationTests {
    @Test("no key, a malformed one, an unknown one: 401 with a message naming the fix; nothing written")
    func refusedKeys() async throws {
        try await ServedDatabase.with { served in
            let start = #"{"job": "charge", "payload": {"amount": 5}}"#
            let unknown = "ssk_0123456789abcdef_" + String(repeating: "A", count: 43)
            for (token, fragment) in [(nil, "no API key"), ("hunter2", "does not hold"), (unknown, "no API key has")] {
                let answer = try await served.request(.POST, "/v1/runs", token: token, json: start)
                #expect(answer.status == 401)
                #expect(answer.errorCode == "unauthorized")
                #expect(answer.errorMessage?.contains(fragment) == true, "\(answer.text)")
            }
            let other = try await served.request(
                .GET, "/v1/runs", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(other.status == 401)
            #expect(try await served.operations.runs(RunQuery()).isEmpty, "no refused start created a run")
        }
    }

    @Test("a token with one character changed is refused: the whole secret is checked")
    func tamperedToken() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.read)
            #expect(try await served.request(.GET, "/v1/queues", token: token).status == 200)
            var tampered = Array(token)
            tampered[tampered.count - 1] = tampered.last == "A" ? "B" : "A"
            #expect(try await served.request(.GET, "/v1/queues", token: String(tampered)).status == 401)
        }
    }

    @Test("a revoked key is refused at the next request; an expired one once its time passes")
    func revokedAndExpired() async throws {
        try await ServedDatabase.with { served in
            let me = Operator(name: "test", channel: .cli)
            let token = try await served.token(.read, name: "dashboard")
            #expect(try await served.request(.GET, "/v1/runs", token: token).status == 200)
            try await served.operations.revokeAPIKey(named: "dashboard", by: me)
            let revoked = try await served.request(.GET, "/v1/runs", token: token)
            #expect(revoked.status == 401)
            #expect(revoked.errorMessage?.contains("revoked") == true)

            let expiring = try await served.operations.createAPIKey(
                name: "temporary", scope: .read, expiresIn: 3600, by: me)
            #expect(try await served.request(.GET, "/v1/runs", token: expiring.token.text).status == 200)
            _ = served.clock.advance(by: 3599)
            #expect(try await served.request(.GET, "/v1/runs", token: expiring.token.text).status == 200)
            _ = served.clock.advance(by: 1.001)  // Stored to the millisecond: past it, whichever way that rounded.
            let expired = try await served.request(.GET, "/v1/runs", token: expiring.token.text)
            #expect(expired.status == 401)
            #expect(expired.errorMessage?.contains("expired") == true)
        }
    }

    @Test("starts and events, which take a key verified before, refuse it from the first request after a revoke")
    func keptKeyRevoked() async throws {
        try await ServedDatabase.with { served in
            let me = Operator(name: "test", channel: .cli)
            let starter = try await served.token(.operate, name: "billing")
            let sender = try await served.token(.events, name: "payments")
            let start = #"{"job": "charge"}"#
            let event = #"{"name": "payment.confirmed", "key": "pay_1"}"#
            // Twice each: from the second request on the server uses the key it verified and kept.
            for _ in 0..<2 {
                #expect(try await served.request(.POST, "/v1/runs", token: starter, json: start).status == 201)
                #expect(try await served.request(.POST, "/v1/events", token: sender, json: event).status == 201)
            }
            try await served.operations.revokeAPIKey(named: "billing", by: me)
            try await served.operations.revokeAPIKey(named: "payments", by: me)
            for (path, token, body) in [
                // The kept keys reach the store, whose transaction refuses them (and the server forgets them).
                ("/v1/runs", starter, start), ("/v1/events", sender, event),
                ("/v1/runs", starter, start), ("/v1/events", sender, event),
                // A request that fails for its own reason is answered with the key's refusal all the same.
                ("/v1/runs", starter, #"{"job": "charge", "colour": "red"}"#), ("/v1/events", sender, #"{"key": "k"}"#),
            ] {
                let answer = try await served.request(.POST, path, token: token, json: body)
                #expect(answer.status == 401, "\(path) \(body): \(answer.text)")
                #expect(answer.errorMessage?.contains("revoked") == true, "\(answer.text)")
            }
            #expect(try await served.operations.runs(RunQuery()).count == 2, "no start after the revoke")
            #expect(try await served.operations.events().count == 2)
            let refused = try await served.operations.auditTrail().filter { $0.outcome.hasPrefix("refused") }
            #expect(
                refused.map { "\($0.actor) \($0.action)" }.sorted() == [
                    "key:billing start-run", "key:payments send-event",
                ],
                "the two writes the store refused are audited; later requests never reached it")

            let expiring = try await served.operations.createAPIKey(
                name: "temporary", scope: .operate, expiresIn: 3600, by: me)
            for _ in 0..<2 {
                #expect(
                    try await served.request(.POST, "/v1/events", token: expiring.token.text, json: event).status
                        == 201)
            }
            _ = served.clock.advance(by: 3600.001)
            let expired = try await served.request(.POST, "/v1/events", token: expiring.token.text, json: event)
            #expect(expired.status == 401 && expired.errorMessage?.contains("expired") == true, "\(expired.text)")
        }
    }

    @Test("scopes: read only reads, events only sends events, operate does everything; 403 names the scope")
    func scopes() async throws {
        try await ServedDatabase.with { served in
            let read = try await served.token(.read)
            let events = try await served.token(.events)
            let operate = try await served.token(.operate)
            let start = #"{"job": "charge"}"#
            let event = #"{"name": "payment.confirmed", "key": "pay_1", "payload": {"ok": true}}"#

            let readStarts = try await served.request(.POST, "/v1/runs", token: read, json: start)
            #expect(readStarts.status == 403)
            #expect(readStarts.errorCode == "forbidden")
            #expect(readStarts.errorMessage?.contains("scope read") == true)
            #expect(try await served.request(.POST, "/v1/events", token: read, json: event).status == 403)

            #expect(try await served.request(.GET, "/v1/runs", token: events).status == 403)
            #expect(try await served.request(.POST, "/v1/runs", token: events, json: start).status == 403)
            #expect(try await served.request(.POST, "/v1/events", token: events, json: event).status == 201)

            #expect(try await served.request(.GET, "/v1/runs", token: operate).status == 200)
            #expect(try await served.request(.POST, "/v1/runs", token: operate, json: start).status == 201)
            #expect(try await served.request(.POST, "/v1/events", token: operate, json: event).status == 201)
            #expect(try await served.operations.runs(RunQuery()).count == 1, "only operate's start made a run")
        }
    }

    @Test("a key's use is noted at most once a minute, and its list entry never shows the token")
    func lastUsed() async throws {
        try await ServedDatabase.with { served in
            let token = try await served.token(.read, name: "grafana")
            #expect(try await served.request(.GET, "/v1/queues", token: token).status == 200)
            let key = try #require(try await served.operations.apiKeys().first { $0.name == "grafana" })
            let used = try #require(key.lastUsedAt)
            #expect(abs(used.timeIntervalSince(served.clock.now())) < 0.002)
            #expect(key.hash != token && !key.hash.contains(token))
        }
    }
}
