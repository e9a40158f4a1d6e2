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
        try await perform(
            .setState, target: key,
            detail: Self.stateDetail(valueJSON, expiresAt: expiresAt, expectedVersion: expectedVersion), by: actor
        ) { note in
            try await store.setState(
                SetStateParams(
                    key: key, valueJSON: valueJSON, expiresAt: expiresAt, expectedVersion: expectedVersion,
                    now: now(), audit: note))
        }
    }

    /// Deletes a state value, with `expectedVersion` only if it is still at that version. Returns whether a
    /// live value was deleted.
    @discardableResult
    public func deleteState(_ key: String, expectedVersion: Int64? = nil, by actor: Operator) async throws -> Bool {
        try await perform(
            .deleteState, target: key, detail: expectedVersion.map { "if at version \($0)" } ?? "", by: actor,
            refusal: { $0 ? nil : "state key \(key) holds no live value; nothing deleted" },
            { note in
                try await store.deleteState(
                    DeleteStateParams(key: key, expectedVersion: expectedVersion, now: now(), audit: note))
            })
    }

    /// Adds `amount` to an integer state value atomically (absent counts as 0) and returns the new value.
    @discardableResult
    public func incrementState(_ key: String, by amount: Int64 = 1, by actor: Operator) async throws -> Int64 {
        try await perform(.incrementState, target: key, detail: "by \(amount)", by: actor) { note in
            try await store.incrementState(IncrementStateParams(key: key, amount: amount, now: now(), audit: note))
        }
    }

    /// Releases a lock (an operator's fix for a lock left by a run that ended or a worker that died). Returns the
    /// lock released, or nil when no lock is held on `key`.
    ///
    /// Without `force`, only an orphaned lock is released: one held by a run that has ended or no longer
    /// exists. A lock whose holder may still be at work (a run that is not finished, or an owner that is no
    /// run) is refused with who holds it, since its holder loses it and is canceled at its next renewal.
    /// With `owner`, only that owner's lock is released. A lock that changes hands meanwhile is never
    /// released: the release is made as the holder read.
    @discardableResult
    public func releaseLock(
        _ key: String, owner: String? = nil, force: Bool = false, by actor: Operator
    ) async throws -> LockRecord? {
        let detail = [owner.map { "owner \($0)" }, force ? "forced" : nil].compactMap { $0 }.joined(separator: ", ")
        let refusal: (LockRecord?) -> String? = { $0 == nil ? "no lock is held on \(key)" : nil }
        return try await perform(.releaseLock, target: key, detail: detail, by: actor, refusal: refusal) { note in
            guard
                let lock = try await store.listLocks(LockQuery(prefix: key, now: now())).first(where: { $0.key == key })
            else { return nil }
            if let owner, owner != lock.owner {
                throw JobStoreError.invalidInput("lock \(key) is held by \(lock.owner), not \(owner); nothing released")
            }
            if !force {
                let holder = try await client.holder(of: lock)
                guard holder.isOrphaned else {
                    throw JobStoreError.invalidInput(
                        "lock \(key) is held by \(holder.description(now: now())): releasing it takes it from work "
                            + "that may still be going on; pass --force to release it anyway")
                }
            }
            // Released as its holder, so a lock taken by someone else since the read is never released.
            guard try await store.releaseLock(ReleaseLockParams(key: key, owner: lock.owner, now: now(), audit: note))
            else {
                throw JobStoreError.invalidInput("lock \(key) changed hands while releasing it; nothing released")
            }
            return lock
        }
    }
}
