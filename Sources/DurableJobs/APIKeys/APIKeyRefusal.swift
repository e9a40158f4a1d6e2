import Foundation
import JobStore

/// Why a request's API key was refused; the server answers 401, or 403 for ``notAllowed(name:scope:needs:)``.
public enum APIKeyRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No key was sent.
    case missing
    /// The text sent is not shaped like a token.
    case malformed
    /// No key has this token (never made, or a wrong secret).
    case unknown
    /// The key was revoked.
    case revoked(name: String)
    /// The key expired.
    case expired(name: String, at: Date)
    /// The key is valid but its scope does not allow this.
    case notAllowed(name: String, scope: APIKeyScope, needs: APIKeyScope)

    /// Whether the key itself is good and only this request is beyond its scope (403 rather than 401).
    public var isForbidden: Bool {
        if case .notAllowed = self { return true }
        return false
    }

    /// What went wrong and what to do; never echoes the token.
    public var description: String {
        switch self {
        case .missing:
            "no API key: send `Authorization: Bearer ssk_…` (create one with `stackshift keys create NAME --scope read`)"
        case .malformed:
            "the Authorization header does not hold a StackShift API key (`Bearer ssk_…`)"
        case .unknown:
            "no API key has this token: it may be mistyped, or from another database (list keys with "
                + "`stackshift keys list`)"
        case .revoked(let name):
            "API key \(name) was revoked; create a new one with `stackshift keys create`"
        case .expired(let name, let at):
            "API key \(name) expired at \(at.formatted(.iso8601)); create a new one with `stackshift keys create`"
        case .notAllowed(let name, let scope, let needs):
            "API key \(name) has scope \(scope.rawValue), and this needs \(needs.rawValue)"
                + (needs == .read ? " (or operate)" : needs == .events ? " (or operate)" : "")
        }
    }
}
