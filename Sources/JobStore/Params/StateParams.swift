import Foundation

/// Parameters of ``JobStore/getState(_:)``.
public struct GetStateParams: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The current time; a value expired at it is invisible (see "Expiry" in ``JobStore``).
    public var now: Date

    /// Creates the parameters.
    public init(key: String, now: Date) {
        self.key = key
        self.now = now
    }
}

/// Parameters of ``JobStore/setState(_:)``.
public struct SetStateParams: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value as JSON text.
    public var valueJSON: String
    /// When it expires; nil keeps it.
    public var expiresAt: Date?
    /// Write only if the current version equals this; 0 means "only if absent"; nil writes unconditionally.
    public var expectedVersion: Int64?
    /// The current time.
    public var now: Date
    /// The operator writing it, recorded in the audit trail with the value; nil for the engine's own writes.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(
        key: String, valueJSON: String, expiresAt: Date? = nil, expectedVersion: Int64? = nil, now: Date,
        audit: AuditNote? = nil
    ) {
        self.key = key
        self.valueJSON = valueJSON
        self.expiresAt = expiresAt
        self.expectedVersion = expectedVersion
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/deleteState(_:)``.
public struct DeleteStateParams: Sendable, Hashable {
    /// The key.
    public var key: String
    /// Delete only if the current version equals this; nil deletes unconditionally. An absent (or expired)
    /// key is not a conflict: nothing is deleted and the result is false.
    public var expectedVersion: Int64?
    /// The current time.
    public var now: Date
    /// The operator deleting it, recorded in the audit trail when a live value is deleted; nil for the engine.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(key: String, expectedVersion: Int64? = nil, now: Date, audit: AuditNote? = nil) {
        self.key = key
        self.expectedVersion = expectedVersion
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/incrementState(_:)``.
public struct IncrementStateParams: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The amount to add (may be negative).
    public var amount: Int64
    /// The current time.
    public var now: Date
    /// The operator adding, recorded in the audit trail with the change; nil for the engine's own increments.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(key: String, amount: Int64 = 1, now: Date, audit: AuditNote? = nil) {
        self.key = key
        self.amount = amount
        self.now = now
        self.audit = audit
    }
}

/// A filter for ``JobStore/listState(_:)``.
public struct StateQuery: Sendable, Hashable {
    /// Only keys starting with this.
    public var prefix: String
    /// The most entries to return.
    public var limit: Int
    /// The current time; values expired at it are invisible (see "Expiry" in ``JobStore``).
    public var now: Date

    /// Creates a filter.
    public init(prefix: String = "", limit: Int = 1000, now: Date) {
        self.prefix = prefix
        self.limit = limit
        self.now = now
    }
}

/// Parameters of ``JobStore/acquireLock(_:)``.
public struct AcquireLockParams: Sendable, Hashable {
    /// The lock's key.
    public var key: String
    /// The would-be owner: a run id or worker id.
    public var owner: String
    /// When the lock lapses unless renewed.
    public var expiresAt: Date
    /// The current time; a lock expired at it can be taken by anyone (see "Expiry" in ``JobStore``).
    public var now: Date

    /// Creates the parameters.
    public init(key: String, owner: String, expiresAt: Date, now: Date) {
        self.key = key
        self.owner = owner
        self.expiresAt = expiresAt
        self.now = now
    }
}

/// Parameters of ``JobStore/releaseLock(_:)``.
public struct ReleaseLockParams: Sendable, Hashable {
    /// The lock's key.
    public var key: String
    /// The owner releasing it.
    public var owner: String
    /// The current time; a lock expired at it is no longer the owner's to release (see "Expiry" in
    /// ``JobStore``).
    public var now: Date
    /// The operator releasing it, recorded in the audit trail when the lock is released; nil for the engine's
    /// own releases.
    public var audit: AuditNote?

    /// Creates the parameters.
    ///
    /// - Parameter now: The current time. Pass the caller's clock; the wall-clock default only keeps
    ///   callers written before this parameter existed compiling, and is wrong under a test clock.
    public init(key: String, owner: String, now: Date, audit: AuditNote? = nil) {
        self.key = key
        self.owner = owner
        self.now = now
        self.audit = audit
    }
}

/// A filter for ``JobStore/listLocks(_:)``.
public struct LockQuery: Sendable, Hashable {
    /// Only keys starting with this.
    public var prefix: String
    /// The current time; locks expired at it are not listed (see "Expiry" in ``JobStore``).
    public var now: Date

    /// Creates a filter.
    public init(prefix: String = "", now: Date) {
        self.prefix = prefix
        self.now = now
    }
}

/// Parameters of ``JobStore/sweepExpired(_:)``.
public struct SweepParams: Sendable, Hashable {
    /// The current time; everything expired at it is deleted (see "Expiry" in ``JobStore``).
    public var now: Date

    /// How far back activity rows are kept: the longest window a chart may read, and a day more.
    public static let activityHorizon: TimeInterval = RunActivityQuery.maximumWindowSeconds + 86_400

    /// The first minute (since 1970) of activity kept: rows of earlier minutes are deleted.
    public var firstActivityMinute: Int64 {
        Int64(saturating: (now.timeIntervalSince1970 - Self.activityHorizon) / 60)
    }

    /// Creates the parameters.
    public init(now: Date) {
        self.now = now
    }
}

/// What ``JobStore/sweepExpired(_:)`` deleted.
public struct SweepResult: Sendable, Hashable {
    /// Expired state values.
    public var stateValues: Int
    /// Expired locks.
    public var locks: Int
    /// Events past their retention.
    public var events: Int
    /// Released idempotency keys.
    public var idempotencyKeys: Int
    /// Per-minute activity rows older than ``SweepParams/activityHorizon`` (no chart reads that far back).
    public var activityRows: Int

    /// Creates a result.
    public init(stateValues: Int = 0, locks: Int = 0, events: Int = 0, idempotencyKeys: Int = 0, activityRows: Int = 0)
    {
        self.stateValues = stateValues
        self.locks = locks
        self.events = events
        self.idempotencyKeys = idempotencyKeys
        self.activityRows = activityRows
    }
}
