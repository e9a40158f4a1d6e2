import Foundation

/// What happened to the runs of one job in one queue during one time bucket: how many started, completed,
/// failed for good, failed a try that will be retried (or crashed and were recovered), and were canceled,
/// with how long the completed ones took from start to completion.
///
/// The drivers keep these counts per minute as runs change status, in the same transaction, so a chart of the
/// last day reads a few thousand rows, not the runs themselves.
public struct ActivityBucket: Sendable, Hashable, Codable {
    /// The start of the bucket.
    public var start: Date
    /// The job.
    public var job: String
    /// The queue.
    public var queue: String
    /// Runs created (started) in the bucket.
    public var started: Int
    /// Runs that completed in the bucket.
    public var completed: Int
    /// Runs that failed for good (no tries left) in the bucket.
    public var failed: Int
    /// Tries that failed or crashed in the bucket and will run again: a retry scheduled, or a lease recovered.
    public var retried: Int
    /// Runs canceled in the bucket.
    public var canceled: Int
    /// Start→completion times of the runs that completed in the bucket.
    public var latency: LatencyHistogram

    /// Creates a bucket.
    public init(
        start: Date, job: String, queue: String, started: Int = 0, completed: Int = 0, failed: Int = 0,
        retried: Int = 0, canceled: Int = 0, latency: LatencyHistogram = LatencyHistogram()
    ) {
        self.start = start
        self.job = job
        self.queue = queue
        self.started = started
        self.completed = completed
        self.failed = failed
        self.retried = retried
        self.canceled = canceled
        self.latency = latency
    }

    /// Adds another bucket's counts to this one (its start, job and queue are kept).
    public mutating func merge(_ other: ActivityBucket) {
        started += other.started
        completed += other.completed
        failed += other.failed
        retried += other.retried
        canceled += other.canceled
        latency.merge(other.latency)
    }
}

/// Parameters of ``JobStore/runActivity(_:)``.
public struct RunActivityQuery: Sendable, Hashable {
    /// The shortest bucket the store keeps: a minute.
    public static let minuteSeconds = 60
    /// The longest window read at once: a week.
    public static let maximumWindowSeconds: TimeInterval = 7 * 86_400

    /// Buckets that start at or after this time are read (it is rounded down to its bucket).
    public var since: Date
    /// The length of one bucket in seconds: a whole number of minutes. Buckets start at whole multiples of it
    /// since 1970, so the same bucket reads the same whatever `since` is.
    public var bucketSeconds: Int
    /// Only this queue; nil for every queue.
    public var queue: String?
    /// The end of the window (the current time), to refuse a window longer than a week.
    public var now: Date

    /// Creates the parameters.
    public init(since: Date, now: Date, bucketSeconds: Int = 60, queue: String? = nil) {
        self.since = since
        self.now = now
        self.bucketSeconds = bucketSeconds
        self.queue = queue
    }

    /// The first minute read, in minutes since 1970: `since` rounded down to its bucket.
    public var firstMinute: Int64 {
        bucketMinute(Int64(saturating: (since.timeIntervalSince1970 / 60).rounded(.down)))
    }

    /// Minutes per bucket.
    public var bucketMinutes: Int { max(1, bucketSeconds / Self.minuteSeconds) }

    /// The first minute of the bucket that holds `minute` (both in minutes since 1970); `Int64.min` for the
    /// bucket that would start before it (a finite but absurd `since`, which `validate()` lets through).
    public func bucketMinute(_ minute: Int64) -> Int64 {
        let perBucket = Int64(bucketMinutes)
        let (first, overflow) = minute.flooredQuotient(dividingBy: perBucket).multipliedReportingOverflow(by: perBucket)
        return overflow ? .min : first
    }

    /// The start of the bucket that holds `minute` (minutes since 1970).
    public func bucketStart(minute: Int64) -> Date {
        Date(timeIntervalSince1970: Double(bucketMinute(minute)) * 60)
    }

    /// Refuses a bucket that is not a whole number of minutes from one minute to a day, and a window that ends
    /// before it starts or is longer than a week.
    ///
    /// - Throws: ``JobStoreError/invalidInput(_:)``.
    public func validate() throws {
        guard bucketSeconds >= Self.minuteSeconds, bucketSeconds <= 86_400,
            bucketSeconds % Self.minuteSeconds == 0
        else {
            throw JobStoreError.invalidInput(
                "run activity: a bucket is a whole number of minutes from 1 to 1,440, not \(bucketSeconds) s")
        }
        guard since.timeIntervalSince1970.isFinite, now.timeIntervalSince1970.isFinite, since <= now else {
            throw JobStoreError.invalidInput("run activity: a window must start before it ends")
        }
        guard now.timeIntervalSince(since) <= Self.maximumWindowSeconds else {
            throw JobStoreError.invalidInput("run activity: a window is at most 7 days")
        }
    }
}
