import Foundation
import JobStore

/// The durable state store: small JSON values shared by all runs, addressed by string keys, with TTLs,
/// atomic counters, compare-and-set versions and locks. Reached as `ctx.state` in a handler (locks owned by
/// the run) or `stackshift.state` on the client.
///
/// ```swift
/// try await ctx.state.set("imports:42:progress", Progress(processed: 100, total: 500))
/// let processed = try await ctx.state.increment("imports:42:processed")
/// ```
public struct StateStore: Sendable {
    let store: any JobStore
    let clock: any JobClock
    /// Who owns locks taken through this handle: a run id or a worker id.
    public let owner: String

    /// Reads a value; nil when absent or expired.
    public func get<Value: Decodable>(_ key: String, as type: Value.Type = Value.self) async throws -> Value? {
        guard let entry = try await entry(key) else { return nil }
        return try JSONCodec.decode(Value.self, from: entry.valueJSON)
    }

    /// Reads a value with its version and expiry; nil when absent or expired.
    public func entry(_ key: String) async throws -> StateEntry? {
        try await store.getState(GetStateParams(key: key, now: clock.now()))
    }

    /// Writes a value, replacing any other.
    ///
    /// - Parameters:
    ///   - expiresAt: When the value disappears.
    ///   - ttl: How long it lives; used when `expiresAt` is nil.
    ///   - ifVersion: Write only if the stored version is this (0: only if absent); throws
    ///     `JobStoreError.versionConflict` and changes nothing otherwise.
    @discardableResult
    public func set<Value: Encodable>(
        _ key: String, _ value: Value, expiresAt: Date? = nil, ttl: Duration? = nil, ifVersion: Int64? = nil
    ) async throws -> StateEntry {
        let now = clock.now()
        return try await store.setState(
            SetStateParams(
                key: key, valueJSON: try JSONCodec.encode(value),
                expiresAt: expiresAt ?? ttl.map { now.addingTimeInterval($0.timeInterval) }, expectedVersion: ifVersion,
                now: now))
    }

    /// Deletes a value. Returns whether it existed.
    @discardableResult
    public func delete(_ key: String, ifVersion: Int64? = nil) async throws -> Bool {
        try await store.deleteState(DeleteStateParams(key: key, expectedVersion: ifVersion, now: clock.now()))
    }

    /// Atomically adds `amount` (absent counts as 0) and returns the new value.
    @discardableResult
    public func increment(_ key: String, by amount: Int64 = 1) async throws -> Int64 {
        try await store.incrementState(IncrementStateParams(key: key, amount: amount, now: clock.now()))
    }

    /// Values whose key starts with `prefix`, in key order.
    public func list(prefix: String = "", limit: Int = 1000) async throws -> [StateEntry] {
        try await store.listState(StateQuery(prefix: prefix, limit: limit, now: clock.now()))
    }

    /// Takes (or extends) a lock for `ttl`. Returns nil when another owner holds it.
    public func lock(_ key: String, ttl: Duration) async throws -> LockRecord? {
        let now = clock.now()
        return try await store.acquireLock(
            AcquireLockParams(key: key, owner: owner, expiresAt: now.addingTimeInterval(ttl.timeInterval), now: now))
    }

    /// Releases a lock this owner holds. Returns false, changing nothing, when another owner holds it or it
    /// has already expired (another owner may hold it or take it at any moment).
    @discardableResult
    public func unlock(_ key: String) async throws -> Bool {
        try await store.releaseLock(ReleaseLockParams(key: key, owner: owner, now: clock.now()))
    }

    /// Runs `body` while holding the lock, then releases it.
    ///
    /// The lock is renewed for another `ttl` every third of `ttl` while `body` runs, so long work keeps it;
    /// `ttl` only bounds how long the lock outlives a process that died holding it. If a renewal finds the
    /// lock gone (the store was unreachable for longer than `ttl` and another owner took it), `body`'s task
    /// is cancelled and ``LockLost`` is thrown: work that needs the lock must not go on without it.
    ///
    /// - Throws: ``LockUnavailable`` when another owner holds it; ``LockLost`` when it was lost meanwhile.
    public func withLock<Output: Sendable>(
        _ key: String, ttl: Duration, _ body: @Sendable () async throws -> Output
    ) async throws -> Output {
        guard let lock = try await lock(key, ttl: ttl) else {
            let holder = try await store.listLocks(LockQuery(prefix: key, now: clock.now())).first { $0.key == key }
            throw LockUnavailable(key: key, owner: holder?.owner, expiresAt: holder?.expiresAt)
        }
        do {
            // The group waits for both tasks before it returns, so `body` never outlives this call.
            let output = try await withoutActuallyEscaping(body) { body in
                try await withThrowingTaskGroup(of: Output?.self) { group in
                    group.addTask {
                        try await keepRenewing(lock.key, ttl: ttl)
                        return nil
                    }
                    group.addTask { try await body() }
                    // The first to finish decides: body's output, or the renewal's LockLost.
                    defer { group.cancelAll() }
                    while let next = try await group.next() {
                        if let output = next { return output }
                    }
                    throw CancellationError()
                }
            }
            try await unlock(lock.key)
            return output
        } catch {
            _ = try? await unlock(lock.key)
            throw error
        }
    }

    /// Extends the lock by `ttl` every third of it, until cancelled; throws ``LockLost`` if it is gone.
    private func keepRenewing(_ key: String, ttl: Duration) async throws {
        // The TTL is clock time; a compressed clock (the demo's) needs faster real-time renewals.
        let interval = ttl / 3 / max(clock.rate, 1)
        while true {
            try await Task.sleep(for: interval)
            do {
                guard try await lock(key, ttl: ttl) != nil else { throw LockLost(key: key, owner: owner) }
            } catch let error as LockLost {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A store hiccup: the lock still has time left; the next renewal tries again.
                continue
            }
        }
    }
}

/// A lock held by ``StateStore/withLock(_:ttl:_:)`` lapsed and another owner took it while the work ran.
public struct LockLost: Error, Sendable, Hashable, CustomStringConvertible {
    /// The lock's key.
    public var key: String
    /// Who had held it.
    public var owner: String

    /// One line naming the lock and what to do.
    public var description: String {
        "lock \(key) held by \(owner) lapsed and was taken by another owner while the work ran; "
            + "the work was canceled (choose a longer ttl if the store can be unreachable that long)"
    }
}

/// Another owner holds the lock.
public struct LockUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The lock's key.
    public var key: String
    /// Who holds it.
    public var owner: String?
    /// When it lapses.
    public var expiresAt: Date?

    public var description: String {
        "lock \(key) is held by \(owner ?? "another owner")"
            + (expiresAt.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? "")
    }
}
