import Foundation

/// Failed and crashed attempts of a time window that share a ``FailureSignature``: one cause, counted.
public struct FailureGroup: Sendable, Hashable, Codable {
    /// The signature the attempts share: `job · step · Type: normalised message`.
    public var signature: String
    /// The job of the runs that failed.
    public var job: String
    /// How many attempts failed or crashed with it in the window.
    public var failures: Int
    /// How many runs those attempts belong to.
    public var runs: Int
    /// When the first and the last of them ended, in the window.
    public var firstSeen: Date
    /// When the last of them ended.
    public var lastSeen: Date
    /// One of the errors, as recorded (its message not normalised).
    public var example: ErrorDetail
    /// Failures per minute over the window, oldest first: one count per whole minute from its start.
    public var perMinute: [Int]

    /// Creates a group.
    public init(
        signature: String, job: String, failures: Int, runs: Int, firstSeen: Date, lastSeen: Date,
        example: ErrorDetail, perMinute: [Int]
    ) {
        self.signature = signature
        self.job = job
        self.failures = failures
        self.runs = runs
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.example = example
        self.perMinute = perMinute
    }
}

/// Parameters of ``JobStore/failureGroups(_:)``.
public struct FailureGroupQuery: Sendable, Hashable {
    /// Attempts that ended at or after this time count.
    public var since: Date
    /// The end of the window (the current time), for the per-minute counts.
    public var now: Date
    /// The most groups, largest first.
    public var limit: Int
    /// Only the group of this signature (a run's own failure); nil for every group.
    public var signature: String?

    /// Creates the parameters.
    public init(since: Date, now: Date, limit: Int = 50, signature: String? = nil) {
        self.since = since
        self.now = now
        self.limit = limit
        self.signature = signature
    }

    /// The whole minutes of the window, each failure's bucket counted from `since`; at most a day's worth.
    public var minutes: Int { max(1, min(1440, Int(saturating: (now.timeIntervalSince(since) / 60).rounded(.up)))) }

    /// Refuses a window that ends before it starts and a limit outside 1…1,000.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard since <= now else { throw JobStoreError.invalidInput("a failure window must start before it ends") }
        guard (1...1000).contains(limit) else {
            throw JobStoreError.invalidInput("failure groups: limit must be from 1 to 1,000, not \(limit)")
        }
    }

    /// The per-minute counts of a group from the end times of its failures.
    public func buckets(_ endedAt: [(minute: Int, count: Int)]) -> [Int] {
        var counts = Array(repeating: 0, count: minutes)
        for bucket in endedAt where counts.indices.contains(bucket.minute) { counts[bucket.minute] += bucket.count }
        return counts
    }
}
