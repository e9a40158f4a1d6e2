import JobStore
import Synchronization

/// Keys a server has verified against the store, so a request whose write confirms its key in its own
/// transaction need not read the key first (``Operations/authenticate(_:needs:cache:)``).
///
/// What is kept is only ever a shortcut: a revoked key stays here until a request with it is refused by the
/// store (``JobStoreError/apiKeyNotUsable(lookup:)``), which is the first request after the revocation.
/// Only keys that passed a full check are kept, so tokens nobody issued never take room.
public final class APIKeyCache: Sendable {
    /// The most keys kept; a full cache starts again empty (a database holds far fewer keys in use).
    static let capacity = 1_024

    private let keys = Mutex<[String: APIKeyRecord]>([:])

    /// Creates an empty cache.
    public init() {}

    /// The key verified with this lookup id, if one is kept.
    func key(lookup: String) -> APIKeyRecord? {
        keys.withLock { $0[lookup] }
    }

    /// Keeps `key`, which just passed a full check.
    func remember(_ key: APIKeyRecord) {
        keys.withLock { keys in
            if keys.count >= Self.capacity, keys[key.lookup] == nil { keys.removeAll(keepingCapacity: true) }
            keys[key.lookup] = key
        }
    }

    /// Drops the key with this lookup id: the store refused it, or a full check did.
    public func forget(lookup: String) {
        _ = keys.withLock { $0.removeValue(forKey: lookup) }
    }

    /// How many keys are kept.
    var count: Int { keys.withLock { $0.count } }
}
