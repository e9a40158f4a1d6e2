import Foundation

/// What an API key of `stackshift serve` lets its holder do.
///
/// `read` may look (every GET); `events` may only send events and webhooks (what a payment provider's
/// webhook sender gets); `operate` may do everything, reading and sending events included.
public enum APIKeyScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every read, nothing else.
    case read
    /// Sending events and webhooks, nothing else.
    case events
    /// Starting runs and every operator action, reads and events included.
    case operate

    /// Whether a key of this scope may do what needs `needed`.
    public func allows(_ needed: APIKeyScope) -> Bool { self == .operate || self == needed }
}

/// An API key as the store keeps it: never the token, only a salted hash of it.
///
/// A token is `ssk_<lookup>_<secret>`: the lookup finds the row, and the SHA-256 of the salt and the whole
/// token must equal ``hash``. A revoked or expired key is kept, so `keys list` still shows it.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// The key's public id, part of its token; unique.
    public var lookup: String
    /// The name operators know it by (`stripe-webhooks`); unique among keys not revoked.
    public var name: String
    /// What it may do.
    public var scope: APIKeyScope
    /// The random salt, hex.
    public var salt: String
    /// SHA-256 of the salt (its hex text) followed by the token, hex.
    public var hash: String
    /// When it was created.
    public var createdAt: Date
    /// Who created it (`ada@laptop via cli`).
    public var createdBy: String
    /// When a request last used it, to the minute; nil if none has.
    public var lastUsedAt: Date?
    /// When it stops working; nil for never.
    public var expiresAt: Date?
    /// When it was revoked; nil while it is not.
    public var revokedAt: Date?

    /// Creates a record.
    public init(
        lookup: String, name: String, scope: APIKeyScope, salt: String, hash: String, createdAt: Date,
        createdBy: String, lastUsedAt: Date? = nil, expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.lookup = lookup
        self.name = name
        self.scope = scope
        self.salt = salt
        self.hash = hash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the key works at `now`: not revoked, and not expired (a key expiring at `now` has expired).
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
