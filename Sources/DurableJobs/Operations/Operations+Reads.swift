import Foundation
import JobStore

extension Operations {
    /// Runs matching a filter, newest first.
    public func runs(_ query: RunQuery) async throws -> [RunRecord] {
        try await store.listRuns(query)
    }

    /// A run with its attempts, steps, timeline and its most recent `logLimit` log lines; nil when there is none.
    public func run(_ runId: RunID, logLimit: Int = 1000) async throws -> RunDetail? {
        try await store.runDetail(RunDetailParams(runId: runId, logLimit: logLimit))
    }

    /// How many runs match, by job, queue and status.
    public func countRuns(_ params: RunCountParams = RunCountParams()) async throws -> [RunCount] {
        try await store.countRuns(params)
    }

    /// Every queue with its settings and depth by status; finished runs count from `finishedSince` (by default
    /// the settings' ``EngineSettings/queueSummaryWindow`` ago).
    public func queues(finishedSince: Date? = nil) async throws -> [QueueSummary] {
        let since = finishedSince ?? now().addingTimeInterval(-settings.queueSummaryWindow.timeInterval)
        return try await store.queueSummaries(QueueSummaryParams(finishedSince: since))
    }

    /// The change feed: timeline entries after a sequence number, oldest first.
    public func changes(after sequence: Int64, limit: Int = 1000) async throws -> [TimelineEntry] {
        try await store.changes(ChangesParams(after: sequence, limit: limit))
    }

    /// The highest timeline sequence number so far (0 for an empty database).
    public func latestSequence() async throws -> Int64 {
        try await store.latestSequence()
    }

    /// What is failing, grouped by cause: attempts that failed or crashed in the last `window` (by default
    /// a day), by ``FailureSignature``, most failures first, each with its per-minute counts.
    public func failureGroups(window: Duration = .seconds(86_400), limit: Int = 50) async throws -> [FailureGroup] {
        let now = now()
        return try await failureGroups(since: now.addingTimeInterval(-window.timeInterval), now: now, limit: limit)
    }

    /// What is failing, grouped by cause, since a time: the window a front end keeps fixed so that a group's
    /// runs (``FailureMatch``) are listed over the same window its counts cover.
    public func failureGroups(since: Date, limit: Int = 50) async throws -> [FailureGroup] {
        try await failureGroups(since: since, now: now(), limit: limit)
    }

    /// The groups of the window from `since` to `now`, with both ends read from one clock reading, so the
    /// window is exactly as long as asked (its length sets the bucket size).
    private func failureGroups(since: Date, now: Date, limit: Int) async throws -> [FailureGroup] {
        try await store.failureGroups(FailureGroupQuery(since: min(since, now), now: now, limit: limit))
    }

    /// Runs started, completed, failed, retried and canceled per bucket, job and queue since a time (at most a
    /// week back), with start→completion histograms: what the overview charts and `stackshift status` counts.
    ///
    /// - Parameters:
    ///   - since: The window's start; buckets start at whole multiples of `bucketSeconds`, so the first one
    ///     may begin a little before it.
    ///   - bucketSeconds: A whole number of minutes, in seconds.
    ///   - queue: Only this queue; nil for every queue.
    public func runActivity(
        since: Date, bucketSeconds: Int = 60, queue: String? = nil
    ) async throws
        -> [ActivityBucket]
    {
        let now = now()
        return try await store.runActivity(
            RunActivityQuery(since: min(since, now), now: now, bucketSeconds: bucketSeconds, queue: queue))
    }

    /// ``runActivity(since:bucketSeconds:queue:)`` for a query built by a front end (its window and buckets).
    public func runActivity(_ query: RunActivityQuery) async throws -> [ActivityBucket] {
        try await store.runActivity(query)
    }

    /// How many times queue settings and state have changed: poll it beside the change feed, and read a
    /// view again when its count moves (see ``ChangeCounters``).
    public func changeCounters() async throws -> ChangeCounters {
        try await store.changeCounters()
    }

    /// Wake-ups pushed when another process changes runs; nil when the database cannot push them (poll instead).
    public func changeNotifications() -> AsyncStream<Void>? {
        store.changeNotifications()
    }

    /// Recent events, newest first; expired ones are left out.
    public func events(
        name: String? = nil, key: String? = nil, unconsumedOnly: Bool = false, limit: Int = 100
    ) async throws -> [EventRecord] {
        try await store.listEvents(
            EventQuery(name: name, key: key, unconsumedOnly: unconsumedOnly, limit: limit, now: now()))
    }

    /// A live state value; nil when it is absent or expired.
    public func stateValue(_ key: String) async throws -> StateEntry? {
        try await store.getState(GetStateParams(key: key, now: now()))
    }

    /// Live state values whose key starts with `prefix`, in key order.
    public func stateValues(prefix: String = "", limit: Int = 1000) async throws -> [StateEntry] {
        try await store.listState(StateQuery(prefix: prefix, limit: limit, now: now()))
    }

    /// Locks held now whose key starts with `prefix`, in key order.
    public func locks(prefix: String = "") async throws -> [LockRecord] {
        try await store.listLocks(LockQuery(prefix: prefix, now: now()))
    }

    /// Every schedule, by name.
    public func schedules() async throws -> [ScheduleRecord] {
        try await store.listSchedules()
    }

    /// The registered workers, most recent heartbeat first, with the running runs each holds a lease on.
    public func workers() async throws -> WorkerActivity {
        let workers = try await store.listWorkers(WorkerQuery())
        let capacity = workers.reduce(0) { $0 + $1.concurrency }
        // Running runs are bounded by the workers' concurrency, so listing them is cheap.
        let running = try await store.listRuns(RunQuery(statuses: [.running], limit: max(100, capacity * 2)))
        var inHand: [WorkerID: Int] = [:]
        for run in running {
            if let owner = run.leaseOwner { inHand[owner, default: 0] += 1 }
        }
        let liveSince = now().addingTimeInterval(-settings.workerLiveness.timeInterval)
        return WorkerActivity(
            workers: workers, runsInHand: inHand, silent: Set(workers.filter { $0.heartbeatAt < liveSince }.map(\.id)))
    }

    /// Why a run is not moving (or how it ended): one sentence, the evidence, and the fix.
    public func why(_ runId: RunID) async throws -> RunDiagnosis {
        try await client.why(runId)
    }
}
