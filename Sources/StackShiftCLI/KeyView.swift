import Foundation
import JobStore

/// An API key as `keys list` shows it: what an operator needs, and nothing that helps guess its token (no
/// hash, no salt).
struct KeyView: Encodable {
    /// Whether a key works now.
    enum Status: String, Encodable {
        case active, revoked, expired
    }

    var name: String
    var scope: APIKeyScope
    var status: Status
    var createdAt: Date
    var createdBy: String
    var lastUsedAt: Date?
    var expiresAt: Date?
    var revokedAt: Date?

    init(_ key: APIKeyRecord, now: Date) {
        name = key.name
        scope = key.scope
        status = key.revokedAt != nil ? .revoked : key.isUsable(at: now) ? .active : .expired
        createdAt = key.createdAt
        createdBy = key.createdBy
        lastUsedAt = key.lastUsedAt
        expiresAt = key.expiresAt
        revokedAt = key.revokedAt
    }
}
