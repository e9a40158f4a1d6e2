import Foundation

/// Parameters of ``JobStore/upsertSchedule(_:)``.
public struct UpsertScheduleParams: Sendable, Hashable {
    /// The schedule's unique name.
    public var name: String
    /// The five-field cron expression (already validated by the engine).
    public var cron: String
    /// The IANA time zone.
    public var timeZone: String
    /// The job to start.
    public var job: String
    /// The payload as JSON text.
    public var payloadJSON: String
    /// The queue.
    public var queue: String
    /// The next fire time, used when the schedule is new or its cron or time zone changed.
    public var nextFireAt: Date
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(
        name: String, cron: String, timeZone: String, job: String, payloadJSON: String, queue: String,
        nextFireAt: Date, now: Date
    ) {
        self.name = name
        self.cron = cron
        self.timeZone = timeZone
        self.job = job
        self.payloadJSON = payloadJSON
        self.queue = queue
        self.nextFireAt = nextFireAt
        self.now = now
    }
}

/// Parameters of ``JobStore/fireSchedule(_:)``.
public struct FireScheduleParams: Sendable, Hashable {
    /// The schedule.
    public var name: String
    /// The `nextFireAt` the caller read; the fire happens only if it is still current.
    public var expectedNextFireAt: Date
    /// The fire time this run stands for (the latest missed one on catch-up).
    public var fireAt: Date
    /// The following fire time.
    public var nextFireAt: Date
    /// The run to create.
    public var run: CreateRunParams

    /// Creates the parameters.
    public init(name: String, expectedNextFireAt: Date, fireAt: Date, nextFireAt: Date, run: CreateRunParams) {
        self.name = name
        self.expectedNextFireAt = expectedNextFireAt
        self.fireAt = fireAt
        self.nextFireAt = nextFireAt
        self.run = run
    }
}
