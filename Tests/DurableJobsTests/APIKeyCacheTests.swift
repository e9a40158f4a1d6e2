import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import DurableJobs

/// Keys a server keeps after verifying them: the shortcut skips the read, and the write's own transaction
/// is what refuses a key revoked since.
@Suite("API key cache")
struct APIKeyCacheTests {
    let me = Operator(name: "test", channel: .cli)

    @Test("a kept key skips the read until a minute after its use was noted; its writes still refuse it once revoked")
    func keptUntilWritten() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let operations = engine.stackshift.operations
        let cache = APIKeyCache()
        let issued = try await operations.createAPIKey(name: "billing", scope: .operate, by: me)
        let token = issued.token.text

        let first = try await operations.authenticate(token, needs: .events, cache: cache)
        #expect(cache.count == 1 && first.lastUsedAt == clock.now(), "verified, its use noted, and kept")
        try await operations.revokeAPIKey(named: "billing", by: me)

        // The shortcut: the revoke is not read, and the full check sees it.
        let kept = try await operations.authenticate(token, needs: .events, cache: cache)
        #expect(kept.lookup == first.lookup)
        await #expect(throws: APIKeyRefusal.revoked(name: "billing")) {
            _ = try await operations.authenticate(token, needs: .events)
        }
        // The write by the kept key refuses it in its own transaction, and writes nothing but the refusal.
        let actor = Operator(name: "key:billing", channel: .http, apiKeyLookup: kept.lookup)
        await #expect(throws: JobStoreError.apiKeyNotUsable(lookup: kept.lookup)) {
            _ = try await operations.sendEvent("payment.confirmed", key: "pay_1", payloadJSON: "{}", by: actor)
        }
        #expect(try await operations.events().isEmpty)
        #expect(try await operations.auditTrail().first?.outcome.hasPrefix("refused") == true)

        // A minute after the use was noted the store is read again: refused, and no longer kept.
        _ = clock.advance(by: Operations.apiKeyUseGranularity)
        await #expect(throws: APIKeyRefusal.revoked(name: "billing")) {
            _ = try await operations.authenticate(token, needs: .events, cache: cache)
        }
        #expect(cache.count == 0)
    }

    @Test("only a token that passes the full check is kept; a near miss of a kept one is refused")
    func onlyVerifiedTokens() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let cache = APIKeyCache()
        let token = try await operations.createAPIKey(name: "ci", scope: .events, by: me).token.text
        let unknown = "ssk_0123456789abcdef_" + String(repeating: "A", count: 43)
        for text in [nil, "", "hunter2", unknown] {
            await #expect(throws: APIKeyRefusal.self) {
                _ = try await operations.authenticate(text, needs: .events, cache: cache)
            }
        }
        #expect(cache.count == 0)
        _ = try await operations.authenticate(token, needs: .events, cache: cache)
        var tampered = Array(token)
        tampered[tampered.count - 1] = tampered.last == "A" ? "B" : "A"
        await #expect(throws: APIKeyRefusal.unknown) {
            _ = try await operations.authenticate(String(tampered), needs: .events, cache: cache)
        }
        #expect(cache.count == 1, "a wrong secret sent with the key's lookup id does not drop the key")
        // A kept key still answers for its scope: an events key cannot start runs.
        await #expect(throws: APIKeyRefusal.notAllowed(name: "ci", scope: .events, needs: .operate)) {
            _ = try await operations.authenticate(token, needs: .operate, cache: cache)
        }
    }

    @Test("a kept key is not used past its expiry")
    func expiry() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let operations = engine.stackshift.operations
        let cache = APIKeyCache()
        let token = try await operations.createAPIKey(name: "tmp", scope: .events, expiresIn: 60, by: me).token.text
        _ = try await operations.authenticate(token, needs: .events, cache: cache)
        _ = clock.advance(by: 59.9)
        _ = try await operations.authenticate(token, needs: .events, cache: cache)
        _ = clock.advance(by: 0.1)
        await #expect(throws: APIKeyRefusal.self) {
            _ = try await operations.authenticate(token, needs: .events, cache: cache)
        }
    }

    @Test("the cache holds at most its capacity of keys")
    func bounded() {
        let cache = APIKeyCache()
        for n in 0...APIKeyCache.capacity {
            cache.remember(
                APIKeyRecord(
                    lookup: "k\(n)", name: "k\(n)", scope: .read, salt: "s", hash: "h", createdAt: Date(),
                    createdBy: "test"))
        }
        #expect(cache.count <= APIKeyCache.capacity)
        #expect(cache.key(lookup: "k\(APIKeyCache.capacity)") != nil, "the newest is kept")
    }
}
