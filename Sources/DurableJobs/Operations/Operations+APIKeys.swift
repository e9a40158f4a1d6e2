import Foundation
import JobStore

/// A key just created, with its token: the only time the token exists outside its holder's hands.
public struct IssuedAPIKey: Sendable, Hashable {
    /// The key as stored.
    public var key: APIKeyRecord
    /// The token to hand over; it cannot be shown again.
    public var token: APIKeyToken
}

extension Operations {
    /// The shortest and longest lifetime a key may be given, in seconds (1 minute to 10 years).
    public static let apiKeyLifetimes: ClosedRange<TimeInterval> = 60...(3650 * 86_400)

    /// How stale a key's "last used" may grow before a request writes it again: one write a minute per key,
    /// not one per request.
    static let apiKeyUseGranularity: TimeInterval = 60

    /// Creates an API key for `stackshift serve` and returns its token, which is shown this once; the store
    /// keeps a salted hash of it. Audited as `create-key`.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` for a lifetime that is not finite or outside
    ///   ``apiKeyLifetimes``, a bad name, or a name a key that is not revoked already has; nothing is written.
    public func createAPIKey(
        name: String, scope: APIKeyScope, expiresIn lifetime: TimeInterval? = nil, by actor: Operator
    ) async throws -> IssuedAPIKey {
        var detail = "scope \(scope.rawValue)"
        if let lifetime { detail += ", expires in \(DurationText.format(lifetime))" }
        return try await perform(.createKey, target: name, detail: detail, by: actor) { note in
            if let lifetime, !(lifetime.isFinite && Self.apiKeyLifetimes.contains(lifetime)) {
                throw JobStoreError.invalidInput(
                    "a key's lifetime must be between 1 minute and 3650 days, not \(lifetime) seconds")
            }
            let now = now()
            let token = APIKeyToken.generate()
            let salt = APIKeyToken.salt()
            let record = APIKeyRecord(
                lookup: token.lookup, name: name, scope: scope, salt: salt, hash: token.hash(salt: salt),
                createdAt: now, createdBy: actor.description, expiresAt: lifetime.map { now.addingTimeInterval($0) })
            let stored = try await store.createAPIKey(CreateAPIKeyParams(key: record, audit: note))
            return IssuedAPIKey(key: stored, token: token)
        }
    }

    /// Revokes the key of that name at once: the next request with it is refused. Audited as `revoke-key`.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)`` when no key of that name is in use.
    @discardableResult
    public func revokeAPIKey(named name: String, by actor: Operator) async throws -> APIKeyRecord {
        try await perform(.revokeKey, target: name, by: actor) { note in
            guard let revoked = try await store.revokeAPIKey(RevokeAPIKeyParams(name: name, now: now(), audit: note))
            else {
                throw JobStoreError.invalidInput(
                    "no API key named \(name) is in use (list keys with `stackshift keys list`)")
            }
            return revoked
        }
    }

    /// Every API key, revoked and expired ones included.
    public func apiKeys() async throws -> [APIKeyRecord] {
        try await store.listAPIKeys()
    }

    /// The key a request's token belongs to, when it may do what needs `scope`; notes its use at most once a
    /// minute. Reads the key on every call, so a revocation takes effect at the next request.
    ///
    /// - Throws: ``APIKeyRefusal`` naming why the token is refused.
    public func authenticate(_ tokenText: String?, needs scope: APIKeyScope) async throws -> APIKeyRecord {
        try await verify(Self.token(tokenText), needs: scope)
    }

    /// Like ``authenticate(_:needs:)``, for a request whose only change is one audited write by an operator
    /// carrying the key (``Operator/apiKeyLookup``): that write confirms the key in its own transaction, so a
    /// key verified before is taken from `cache` without reading the store. A kept key is used while it is
    /// unexpired, allows `scope`, and its "last used" is under a minute old; otherwise the store is read (and
    /// the use noted) as in ``authenticate(_:needs:)``, and the key kept or dropped by what that found.
    ///
    /// A revoked key can pass here until a write refuses it: a caller answering any failure of such a
    /// request must first run ``authenticate(_:needs:)``, so that a key which is no longer usable is always
    /// answered with its refusal.
    ///
    /// - Throws: ``APIKeyRefusal`` naming why the token is refused.
    public func authenticate(
        _ tokenText: String?, needs scope: APIKeyScope, cache: APIKeyCache
    ) async throws -> APIKeyRecord {
        let token = try Self.token(tokenText)
        let now = now()
        if let key = cache.key(lookup: token.lookup), token.matches(key), key.scope.allows(scope),
            key.isUsable(at: now), let used = key.lastUsedAt, now.timeIntervalSince(used) < Self.apiKeyUseGranularity
        {
            return key
        }
        do {
            let key = try await verify(token, needs: scope)
            cache.remember(key)
            return key
        } catch let refusal as APIKeyRefusal {
            // Only the key's own end drops it: a wrong secret sent with its (public) lookup id must not.
            switch refusal {
            case .revoked, .expired: cache.forget(lookup: token.lookup)
            case .missing, .malformed, .unknown, .notAllowed: break
            }
            throw refusal
        }
    }

    /// The token in a request's `Authorization` text.
    private static func token(_ tokenText: String?) throws -> APIKeyToken {
        guard let tokenText, !tokenText.isEmpty else { throw APIKeyRefusal.missing }
        guard let token = APIKeyToken(parsing: tokenText) else { throw APIKeyRefusal.malformed }
        return token
    }

    /// The stored key `token` belongs to, when it may do what needs `scope`, with its use noted (at most once a
    /// minute).
    private func verify(_ token: APIKeyToken, needs scope: APIKeyScope) async throws -> APIKeyRecord {
        guard var key = try await store.apiKey(lookup: token.lookup), token.matches(key) else {
            throw APIKeyRefusal.unknown
        }
        let now = now()
        if key.revokedAt != nil { throw APIKeyRefusal.revoked(name: key.name) }
        if let expiry = key.expiresAt, now >= expiry { throw APIKeyRefusal.expired(name: key.name, at: expiry) }
        guard key.scope.allows(scope) else {
            throw APIKeyRefusal.notAllowed(name: key.name, scope: key.scope, needs: scope)
        }
        if key.lastUsedAt.map({ now.timeIntervalSince($0) >= Self.apiKeyUseGranularity }) ?? true {
            // Best effort: a request is not refused because its key's "last used" could not be written.
            if (try? await store.noteAPIKeyUse(NoteAPIKeyUseParams(lookup: key.lookup, at: now))) != nil {
                key.lastUsedAt = now
            }
        }
        return key
    }
}
