import Foundation

extension SetStateParams {
    /// Refuses an empty key, a key over ``InputLimit/key`` or a value over ``InputLimit/payload``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !key.isEmpty else { throw JobStoreError.invalidInput("a state key cannot be empty") }
        try InputLimit.key.check(key, field: "state key")
        try InputLimit.payload.check(valueJSON, field: "state value")
    }

    /// The entry to write over `current`, the live value as read (nil when absent or expired): one version
    /// up, with this value and expiry.
    ///
    /// - Throws: ``JobStoreError/versionConflict(key:expected:actual:)`` when ``expectedVersion`` is set and
    ///   is not the current version (0 for an absent value).
    public func entry(replacing current: StateEntry?) throws -> StateEntry {
        if let expectedVersion, expectedVersion != (current?.version ?? 0) {
            throw JobStoreError.versionConflict(key: key, expected: expectedVersion, actual: current?.version)
        }
        return StateEntry(
            key: key, valueJSON: valueJSON, version: (current?.version ?? 0) + 1, updatedAt: now, expiresAt: expiresAt)
    }
}

extension DeleteStateParams {
    /// Whether deleting `current`, the live value as read, deletes something: false for an absent or expired
    /// value, which is no conflict either.
    ///
    /// - Throws: ``JobStoreError/versionConflict(key:expected:actual:)`` when ``expectedVersion`` is set and a
    ///   live value has another version.
    public func deletes(_ current: StateEntry?) throws -> Bool {
        guard let current else { return false }
        if let expectedVersion, expectedVersion != current.version {
            throw JobStoreError.versionConflict(key: key, expected: expectedVersion, actual: current.version)
        }
        return true
    }
}

extension IncrementStateParams {
    /// The entry holding `current` (the live value as read; absent or expired counts as 0) plus ``amount``,
    /// one version up, keeping its expiry.
    ///
    /// - Throws: ``JobStoreError/notAnInteger(key:)`` when the value is not exactly one JSON integer;
    ///   ``JobStoreError/invalidInput(_:)`` when the sum does not fit in 64 bits.
    public func incrementing(_ current: StateEntry?) throws -> StateIncrement {
        var value: Int64 = 0
        if let current {
            guard let parsed = StateInteger.parse(current.valueJSON) else { throw JobStoreError.notAnInteger(key: key) }
            value = parsed
        }
        let (sum, overflow) = value.addingReportingOverflow(amount)
        guard !overflow else {
            throw JobStoreError.invalidInput("incrementing state key \(key) by \(amount) overflows")
        }
        let entry = StateEntry(
            key: key, valueJSON: String(sum), version: (current?.version ?? 0) + 1, updatedAt: now,
            expiresAt: current?.expiresAt)
        return StateIncrement(entry: entry, value: sum)
    }
}

extension AcquireLockParams {
    /// Refuses an empty key or owner, or one over its ``InputLimit``.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard !key.isEmpty, !owner.isEmpty else { throw JobStoreError.invalidInput("a lock needs a key and an owner") }
        try InputLimit.key.check(key, field: "lock key")
        try InputLimit.name.check(owner, field: "lock owner")
    }
}
