import Foundation
import JobStore

extension Operations {
    /// Writes a state value; with `expectedVersion` only if the value is still at that version (0: absent).
    ///
    /// - Throws: ``JobStoreError/versionConflict(key:expected:actual:)`` when someone changed it meanwhile:
    ///   nothing is overwritten.
    @discardableResult
    public func setState(
        _ key: String, valueJSON: String, expiresAt: Date? = nil, expectedVersion: Int64? = nil, by actor: Operator
    ) async throws -> StateEntry {
        try await perform("set state \(key)", by: actor) {
            try await store.setState(
                SetStateParams(
                    key: key, valueJSON: valueJSON, expiresAt: expiresAt, expectedVersion: expectedVersion,
                    now: now()))
        }
    }

    /// Deletes a state value, with `expectedVersion` only if it is still at that version. Returns whether a
    /// live value was deleted.
    @discardableResult
    public func deleteState(_ key: String, expectedVersion: Int64? = nil, by actor: Operator) async throws -> Bool {
        try await perform("delete state \(key)", by: actor) {
            try await store.deleteState(DeleteStateParams(key: key, expectedVersion: expectedVersion, now: now()))
        }
    }

    /// Adds `amount` to an integer state value atomically (absent counts as 0) and returns the new value.
    @discardableResult
    public func incrementState(_ key: String, by amount: Int64 = 1, by actor: Operator) async throws -> Int64 {
        try await perform("increment state \(key) by \(amount)", by: actor) {
            try await store.incrementState(IncrementStateParams(key: key, amount: amount, now: now()))
        }
    }

    /// Releases a lock whoever holds it (an operator's fix for a lock left by a dead worker). Returns the lock
    /// released, or nil when no lock is held on `key`.
    ///
    /// With `owner`, only that owner's lock is released; a lock that changed hands meanwhile is kept.
    @discardableResult
    public func releaseLock(_ key: String, owner: String? = nil, by actor: Operator) async throws -> LockRecord? {
        try await perform("release lock \(key)", by: actor) {
            guard
                let lock = try await store.listLocks(LockQuery(prefix: key, now: now())).first(where: { $0.key == key })
            else { return nil }
            if let owner, owner != lock.owner {
                throw JobStoreError.invalidInput("lock \(key) is held by \(lock.owner), not \(owner); nothing released")
            }
            // Released as its holder, so a lock taken by someone else since the read is never released.
            guard try await store.releaseLock(ReleaseLockParams(key: key, owner: lock.owner, now: now())) else {
                throw JobStoreError.invalidInput("lock \(key) changed hands while releasing it; nothing released")
            }
            return lock
        }
    }
}
