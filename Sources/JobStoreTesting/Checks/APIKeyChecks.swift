import Foundation
import JobStore
import Testing

/// API keys and rejected webhook deliveries: keys round-trip every field, a name is unique among keys not
/// revoked, creating and revoking are audited with the change (and a revoke that finds nothing records
/// nothing); refused deliveries keep their exact bytes, newest first, trimmed to the newest `keep`.
enum APIKeyChecks {
    /// A key named `name`, with the optional fields left out unless given.
    static func key(
        _ name: String, lookup: String, scope: APIKeyScope = .read, at seconds: TimeInterval = 0,
        lastUsed: TimeInterval? = nil, expires: TimeInterval? = nil
    ) -> APIKeyRecord {
        APIKeyRecord(
            lookup: lookup, name: name, scope: scope, salt: "5a17" + lookup, hash: "ab12cd34" + lookup,
            createdAt: at(seconds), createdBy: "ada@laptop via cli", lastUsedAt: lastUsed.map(at),
            expiresAt: expires.map(at))
    }

    /// A note as `stackshift keys` would send it.
    static func note(_ action: String, _ name: String) -> AuditNote {
        AuditNote(actor: "ada@laptop", channel: "cli", action: action, target: name, detail: "scope read")
    }

    /// Every audit entry, newest first.
    static func trail(_ store: any JobStore) async throws -> [AuditEntry] {
        try await store.listAudit(AuditQuery(limit: 10_000))
    }

    /// Records a refused delivery to `webhook` at `seconds`.
    @discardableResult
    static func reject(
        _ store: any JobStore, _ webhook: String = "stripe", body: Data = Data("{}".utf8), reason: String = "no key",
        at seconds: TimeInterval, keep: Int = RecordRejectedWebhookParams.standardKeep
    ) async throws -> RejectedWebhook {
        try await store.recordRejectedWebhook(
            RecordRejectedWebhookParams(
                webhook: webhook, eventName: "payment.confirmed", reason: reason, body: body, now: at(seconds),
                keep: keep))
    }

    /// Every refused delivery (to `webhook`, if named), newest first.
    static func rejected(_ store: any JobStore, _ webhook: String? = nil) async throws -> [RejectedWebhook] {
        try await store.listRejectedWebhooks(RejectedWebhookQuery(webhook: webhook, limit: 10_000))
    }

    static let all: [ConformanceCheck] = keys + webhooks

    static let keys: [ConformanceCheck] = [
        ConformanceCheck("apiKeys: a created key reads back with every field, by lookup id and in the list") { store in
            let full = key("stripe-webhooks", lookup: "k1", scope: .events, at: 10, lastUsed: 20, expires: 1_000)
            let bare = key("ci", lookup: "k2", scope: .operate, at: 11.5)
            let created = try await store.createAPIKey(CreateAPIKeyParams(key: full))
            #expect(created == full, "the store returns the key as stored")
            #expect(try await store.createAPIKey(CreateAPIKeyParams(key: bare)) == bare)
            #expect(try await store.apiKey(lookup: "k1") == full)
            #expect(try await store.apiKey(lookup: "k2") == bare)
            #expect(try await store.listAPIKeys() == [bare, full], "by name")
            #expect(try await store.apiKey(lookup: "k3") == nil)
            for impossible in ["", "k1\u{0}", "k 1", String(repeating: "k", count: 5_000)] {
                #expect(try await store.apiKey(lookup: impossible) == nil, "a lookup no key can have is not found")
            }
            #expect(try await trail(store).isEmpty, "no note, no entry")
        },
        ConformanceCheck("createAPIKey: a name a key that is not revoked holds is refused, and nothing is written") {
            store in
            let first = key("stripe", lookup: "k1", at: 1)
            _ = try await store.createAPIKey(CreateAPIKeyParams(key: first, audit: note("create-key", "stripe")))
            do {
                _ = try await store.createAPIKey(
                    CreateAPIKeyParams(key: key("stripe", lookup: "k2", at: 2), audit: note("create-key", "stripe")))
                Issue.record("a second key named stripe was created")
            } catch let error as JobStoreError {
                #expect(
                    error
                        == .invalidInput(
                            "an API key named \"stripe\" exists; revoke it first (stackshift keys revoke stripe) "
                                + "or choose another name"))
            }
            #expect(try await store.listAPIKeys() == [first])
            #expect(try await store.apiKey(lookup: "k2") == nil)
            #expect(try await trail(store).count == 1, "only the first create is audited")
            // A lookup id another key has (a generator's fault) is refused too, under another name.
            await expectStoreError(isInvalidInput) {
                _ = try await store.createAPIKey(CreateAPIKeyParams(key: key("other", lookup: "k1", at: 3)))
            }
            #expect(try await store.listAPIKeys() == [first])
        },
        ConformanceCheck("revokeAPIKey: revoking frees the name; a new key may take it, and both are listed") { store in
            let old = key("stripe", lookup: "k1", at: 1)
            _ = try await store.createAPIKey(CreateAPIKeyParams(key: old))
            var revoked = old
            revoked.revokedAt = at(5)
            #expect(try await store.revokeAPIKey(RevokeAPIKeyParams(name: "stripe", now: at(5))) == revoked)
            #expect(try await store.apiKey(lookup: "k1") == revoked, "a revoked key is kept")
            let new = key("stripe", lookup: "k2", at: 6)
            #expect(try await store.createAPIKey(CreateAPIKeyParams(key: new)) == new)
            #expect(try await store.listAPIKeys() == [revoked, new], "by name, then creation")
            // The revoke reaches the key not revoked, and leaves the revoked one as it was.
            let second = try await store.revokeAPIKey(RevokeAPIKeyParams(name: "stripe", now: at(9)))
            #expect(second?.lookup == "k2" && second?.revokedAt == at(9))
            #expect(try await store.apiKey(lookup: "k1")?.revokedAt == at(5))
            #expect(try await store.revokeAPIKey(RevokeAPIKeyParams(name: "stripe", now: at(10))) == nil)
        },
        ConformanceCheck("revokeAPIKey: a name no key holds returns nil and writes nothing, audit entry included") {
            store in
            let kept = key("ci", lookup: "k1", at: 1)
            _ = try await store.createAPIKey(CreateAPIKeyParams(key: kept))
            for name in ["nope", "c", "", "c i", "ci\u{0}", String(repeating: "n", count: 101)] {
                #expect(
                    try await store.revokeAPIKey(
                        RevokeAPIKeyParams(name: name, now: at(2), audit: note("revoke", name)))
                        == nil)
            }
            #expect(try await trail(store).isEmpty)
            #expect(try await store.listAPIKeys() == [kept])
        },
        ConformanceCheck("apiKeys: creating and revoking each write one audit entry, with the note, at the change") {
            store in
            _ = try await store.createAPIKey(
                CreateAPIKeyParams(key: key("ci", lookup: "k1", at: 3), audit: note("create-key", "ci")))
            var entries = try await trail(store)
            #expect(entries.count == 1)
            #expect(entries.first?.action == "create-key" && entries.first?.target == "ci")
            #expect(entries.first?.actor == "ada@laptop" && entries.first?.channel == "cli")
            #expect(entries.first?.detail == "scope read" && entries.first?.at == at(3))
            _ = try await store.revokeAPIKey(
                RevokeAPIKeyParams(name: "ci", now: at(8), audit: note("revoke-key", "ci")))
            entries = try await trail(store)
            #expect(entries.map(\.action) == ["revoke-key", "create-key"])
            #expect(entries.first?.target == "ci" && entries.first?.at == at(8))
        },
        ConformanceCheck("audited writes by an API key: refused, writing nothing, unless the key is usable then") {
            store in
            _ = try await store.createAPIKey(
                CreateAPIKeyParams(key: key("billing", lookup: "k1", scope: .operate, expires: 100)))
            _ = try await store.createAPIKey(CreateAPIKeyParams(key: key("old", lookup: "k2", scope: .operate)))
            _ = try await store.revokeAPIKey(RevokeAPIKeyParams(name: "old", now: at(5)))
            func start(_ lookup: String, at seconds: TimeInterval) async throws -> CreateRunResult {
                var params = Fixtures.createRun(idempotencyKey: "order-1", now: at(seconds))
                params.audit = AuditNote(
                    actor: "key:billing", channel: "http", action: "start-run", target: "job", apiKeyLookup: lookup)
                return try await store.createRun(params)
            }
            func send(_ lookup: String, at seconds: TimeInterval) async throws -> SendEventResult {
                try await store.sendEvent(
                    SendEventParams(
                        name: "payment.confirmed", key: "pay_1", payloadJSON: "{}", expiresAt: at(10_000),
                        now: at(seconds),
                        audit: AuditNote(
                            actor: "key:billing", channel: "http", action: "send-event", target: "payment.confirmed",
                            apiKeyLookup: lookup)))
            }
            let started = try await start("k1", at: 10)
            #expect(!started.deduplicated)
            _ = try await send("k1", at: 10)
            // Revoked, expiring at that moment, expired, never made: refused before anything is read, so a
            // start that the idempotency key would have deduplicated is refused too.
            for (lookup, seconds) in [("k2", 20.0), ("k1", 100), ("k1", 150), ("nope", 20)] {
                await expectStoreError({ $0 == .apiKeyNotUsable(lookup: lookup) }) {
                    _ = try await start(lookup, at: seconds)
                }
                await expectStoreError({ $0 == .apiKeyNotUsable(lookup: lookup) }) {
                    _ = try await send(lookup, at: seconds)
                }
            }
            #expect(try await store.allRuns().map(\.id) == [started.runId])
            #expect(try await store.listEvents(EventQuery(now: at(10))).count == 1)
            #expect(try await trail(store).count == 2, "only the usable key's start and event are audited")
            #expect(try await start("k1", at: 99.999).deduplicated, "usable until its expiry")
        },
        ConformanceCheck("noteAPIKeyUse: sets when a key was last used, never back; an unknown key is no error") {
            store in
            _ = try await store.createAPIKey(CreateAPIKeyParams(key: key("ci", lookup: "k1", at: 0)))
            try await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: "k1", at: at(60)))
            #expect(try await store.apiKey(lookup: "k1")?.lastUsedAt == at(60))
            try await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: "k1", at: at(120)))
            #expect(try await store.apiKey(lookup: "k1")?.lastUsedAt == at(120))
            try await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: "k1", at: at(60)))
            #expect(try await store.apiKey(lookup: "k1")?.lastUsedAt == at(120), "a late note moves nothing back")
            try await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: "missing", at: at(180)))
            try await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: "k1\u{0}", at: at(180)))
            #expect(try await trail(store).isEmpty, "use is not audited")
        },
        ConformanceCheck("createAPIKey: names of 1 to 100 printable characters; empty lookup, salt and hash refused") {
            store in
            var refused = [
                key("", lookup: "k1"), key(String(repeating: "n", count: 101), lookup: "k1"),
                key("stripe webhooks", lookup: "k1"), key("tab\there", lookup: "k1"), key("nul\u{0}", lookup: "k1"),
                key("zero\u{200B}width", lookup: "k1"), key("bell\u{7}", lookup: "k1"), key("ci", lookup: ""),
                key("ci", lookup: "k 1"),
            ]
            var noSalt = key("ci", lookup: "k1")
            noSalt.salt = ""
            var noHash = key("ci", lookup: "k1")
            noHash.hash = ""
            var nulCreator = key("ci", lookup: "k1")
            nulCreator.createdBy = "ada\u{0}"
            refused += [noSalt, noHash, nulCreator]
            for bad in refused {
                await expectStoreError(isInvalidInput) {
                    _ = try await store.createAPIKey(CreateAPIKeyParams(key: bad, audit: note("create-key", bad.name)))
                }
            }
            let listed = try await store.listAPIKeys()
            #expect(listed.isEmpty, "nothing written")
            #expect(try await trail(store).isEmpty)
            let longest = key(String(repeating: "é", count: 100), lookup: "k1")
            let unicode = key("clé-😀_ops.1", lookup: "k2")
            #expect(try await store.createAPIKey(CreateAPIKeyParams(key: longest)) == longest)
            #expect(try await store.createAPIKey(CreateAPIKeyParams(key: unicode)) == unicode)
        },
    ]

    static let webhooks: [ConformanceCheck] = [
        ConformanceCheck("rejectedWebhooks: bodies keep their exact bytes, newest first, filtered by webhook") {
            store in
            let binary = Data([0xFF, 0x00, 0xFE, 0x80, 0x0A, 0xC3, 0x28])
            let first = try await reject(store, "stripe", body: binary, reason: "signature mismatch", at: 1)
            let second = try await reject(store, "paypal", body: Data(), at: 2)
            let third = try await reject(store, "stripe", body: Data("{\"id\":\"evt_1\"}".utf8), at: 3.5)
            #expect(first.id < second.id && second.id < third.id)
            #expect(first.webhook == "stripe" && first.eventName == "payment.confirmed")
            #expect(first.reason == "signature mismatch" && first.body == binary && first.receivedAt == at(1))
            #expect(second.body == Data() && second.body.isEmpty)
            #expect(try await rejected(store) == [third, second, first])
            #expect(try await rejected(store, "stripe") == [third, first])
            #expect(try await rejected(store, "paypal") == [second])
            #expect(try await rejected(store, "github").isEmpty)
            #expect(
                try await store.listRejectedWebhooks(RejectedWebhookQuery(limit: 2)) == [third, second], "at most limit"
            )
        },
        ConformanceCheck("recordRejectedWebhook: keeps only the newest keep; keep and limit are bounded") { store in
            var recorded: [RejectedWebhook] = []
            for index in 0..<5 { recorded.append(try await reject(store, at: Double(index), keep: 3)) }
            #expect(try await rejected(store) == Array(recorded.suffix(3).reversed()), "the 3 newest remain")
            _ = try await reject(store, at: 10, keep: 10)
            #expect(try await rejected(store).count == 4, "a larger keep deletes nothing")
            let last = try await reject(store, at: 11, keep: 1)
            #expect(try await rejected(store) == [last])
            for keep in [0, -1] {
                await expectStoreError(isInvalidInput) { _ = try await reject(store, at: 12, keep: keep) }
            }
            #expect(try await rejected(store) == [last], "a refused record writes nothing")
            for limit in [0, -1, RejectedWebhookQuery.maxLimit + 1] {
                await expectStoreError(isInvalidInput) {
                    _ = try await store.listRejectedWebhooks(RejectedWebhookQuery(limit: limit))
                }
            }
        },
        ConformanceCheck(
            "recordRejectedWebhook: a long reason or name is cut, a NUL written out; filters still find it"
        ) {
            store in
            let longName = String(repeating: "w", count: 3_000)
            let stored = try await reject(
                store, longName, reason: "bad\u{0}" + String(repeating: "r", count: 5_000), at: 1)
            #expect(stored.reason.utf8.count <= RecordRejectedWebhookParams.reasonLimit)
            #expect(stored.reason.hasPrefix("bad\\u{0}rrr") && stored.reason.hasSuffix("…"))
            #expect(stored.webhook.utf8.count <= InputLimit.name.bytes && stored.webhook.hasSuffix("…"))
            #expect(try await rejected(store, longName) == [stored])
            #expect(try await rejected(store, "w\u{0}").isEmpty, "a NUL in a filter is no error")
        },
    ]
}
