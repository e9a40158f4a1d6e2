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
    /// Failures over the window in equal slices of ``bucketSeconds``, oldest first, from its start.
    public var buckets: [Int]
    /// The length of one of ``buckets``: a minute for windows up to a day, longer for longer ones.
    public var bucketSeconds: Int

    /// Creates a group.
    public init(
        signature: String, job: String, failures: Int, runs: Int, firstSeen: Date, lastSeen: Date,
        example: ErrorDetail, buckets: [Int], bucketSeconds: Int = 60
    ) {
        self.signature = signature
        self.job = job
        self.failures = failures
        self.runs = runs
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.example = example
        self.buckets = buckets
        self.bucketSeconds = bucketSeconds
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

    /// The most buckets a group's counts have: a day of minutes.
    public static let maximumBuckets = 1440

    /// The length of one bucket: a minute, or for a window longer than a day the whole minutes that split
    /// it into at most ``maximumBuckets``, so the counts always cover the whole window.
    public var bucketSeconds: Int {
        // In floating point, so a window of any length (a `since` of `distantPast`) cannot overflow.
        let minutesPerBucket = (windowSeconds / 60 / Double(Self.maximumBuckets)).rounded(.up)
        return Int(saturating: 60 * max(1, minutesPerBucket))
    }

    /// ``bucketSeconds`` in the stored time unit, for the drivers' grouping.
    public var bucketMillis: Int64 {
        let (millis, overflow) = Int64(bucketSeconds).multipliedReportingOverflow(by: 1000)
        return overflow ? .max : millis
    }

    /// How many buckets cover the window.
    public var bucketCount: Int {
        max(1, min(Self.maximumBuckets, Int(saturating: (windowSeconds / Double(bucketSeconds)).rounded(.up))))
    }

    /// The window's length in whole seconds: the milliseconds between two reads of a clock (`since` worked out
    /// from one, `now` read a moment later) do not make a day's window a day and a minute.
    var windowSeconds: TimeInterval { now.timeIntervalSince(since).rounded(.down) }

    /// Refuses a window that ends before it starts and a limit outside 1…1,000.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard since <= now else { throw JobStoreError.invalidInput("a failure window must start before it ends") }
        guard (1...1000).contains(limit) else {
            throw JobStoreError.invalidInput("failure groups: limit must be from 1 to 1,000, not \(limit)")
        }
    }

    /// A group's counts per bucket from its failures counted by bucket number (end time less `since`, over
    /// ``bucketMillis``).
    public func buckets(_ counted: [(bucket: Int, count: Int)]) -> [Int] {
        var counts = Array(repeating: 0, count: bucketCount)
        // A failure in the window's last fraction of a second (past the whole seconds it is split by) belongs
        // to the newest bucket.
        for bucket in counted where bucket.bucket >= 0 { counts[min(bucket.bucket, counts.count - 1)] += bucket.count }
        return counts
    }
}

extension FailureGroup {
    /// The counts summed into `slices` equal parts of the window, oldest first: a trend that fits a column.
    public func trend(slices: Int) -> [Int] {
        guard slices > 0 else { return [] }
        guard !buckets.isEmpty else { return Array(repeating: 0, count: slices) }
        var summed = Array(repeating: 0, count: slices)
        for (index, count) in buckets.enumerated() { summed[index * slices / buckets.count] += count }
        return summed
    }
}
