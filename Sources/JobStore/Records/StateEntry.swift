import Foundation

/// A value in the durable state store.
public struct StateEntry: Sendable, Codable, Hashable {
    /// The key (`imports:42:progress`).
    public var key: String
    /// The value as JSON text.
    public var valueJSON: String
    /// Starts at 1 and grows by one on every write; compare-and-set checks it.
    public var version: Int64
    /// When it was last written.
    public var updatedAt: Date
    /// When it stops being visible; nil keeps it.
    public var expiresAt: Date?

    /// Creates a state entry.
    public init(key: String, valueJSON: String, version: Int64, updatedAt: Date, expiresAt: Date? = nil) {
        self.key = key
        self.valueJSON = valueJSON
        self.version = version
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }
}

/// A lock in the state store: one owner at a time, until it is released or expires.
public struct LockRecord: Sendable, Codable, Hashable {
    /// The lock's key.
    public var key: String
    /// Who holds it: a run id or a worker id.
    public var owner: String
    /// When the current owner took it.
    public var acquiredAt: Date
    /// When it lapses unless renewed.
    public var expiresAt: Date

    /// Creates a lock record.
    public init(key: String, owner: String, acquiredAt: Date, expiresAt: Date) {
        self.key = key
        self.owner = owner
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }
}

/// A recurring schedule that starts a run of a job at every cron fire time.
public struct ScheduleRecord: Sendable, Codable, Hashable {
    /// The schedule's unique name.
    public var name: String
    /// The five-field cron expression.
    public var cron: String
    /// The IANA time zone the expression is read in.
    public var timeZone: String
    /// The job to start.
    public var job: String
    /// The payload as JSON text.
    public var payloadJSON: String
    /// The queue to start it on.
    public var queue: String
    /// The next fire time not yet fired.
    public var nextFireAt: Date
    /// The last fire time that started a run.
    public var lastFireAt: Date?
    /// The run started at the last fire time.
    public var lastRunId: RunID?
    /// When the schedule was last defined.
    public var updatedAt: Date

    /// Creates a schedule record.
    public init(
        name: String, cron: String, timeZone: String, job: String, payloadJSON: String, queue: String,
        nextFireAt: Date, lastFireAt: Date? = nil, lastRunId: RunID? = nil, updatedAt: Date
    ) {
        self.name = name
        self.cron = cron
        self.timeZone = timeZone
        self.job = job
        self.payloadJSON = payloadJSON
        self.queue = queue
        self.nextFireAt = nextFireAt
        self.lastFireAt = lastFireAt
        self.lastRunId = lastRunId
        self.updatedAt = updatedAt
    }
}
