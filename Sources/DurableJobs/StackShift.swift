import Foundation
import JobStore
import Logging
import Synchronization

/// The StackShift Durable Jobs client: define jobs, start runs, run workers, and inspect what happened.
///
/// ```swift
/// let stackshift = try StackShift(store: .sqlite(path: "jobs.sqlite"))
/// stackshift.job("send-verification-email") { (ctx: JobContext<Verify>) in
///     try await ctx.step.run("send") { try await mailer.send(to: ctx.payload.email) }
/// }
/// let run = try await stackshift.start("send-verification-email", payload: verify,
///     options: .init(queue: "emails", idempotencyKey: "verify:user_123", idempotencyTTL: .days(30)))
/// try await stackshift.runWorker(queues: ["emails"], concurrency: 8)
/// ```
///
/// One client may run several workers; every client on the same database sees the same runs.
public final class StackShift: Sendable {
    /// The store runs are kept in. Front ends reach it only through ``operations``.
    let store: any JobStore
    /// Where the engine reads the time.
    public let clock: any JobClock
    /// The settings every front end shares (event retention, worker liveness, summary window).
    public let settings: EngineSettings
    let logger: Logger
    private let registry = Mutex<[String: JobDefinition]>([:])
    private let workers = Mutex<[ObjectIdentifier: Worker]>([:])
    let scheduleDefinitions = Mutex<[String: ScheduleDefinition]>([:])
    private let stopping = Mutex(false)
    private let lastSweep = Mutex<Date?>(nil)
    let retentionPass = RetentionPass()
    let runWatch = RunWatch()

    /// Creates a client over a store.
    ///
    /// - Parameters:
    ///   - store: The database, e.g. `.sqlite(path: "jobs.sqlite")`.
    ///   - clock: The time source; tests pass a manual clock.
    ///   - settings: Event retention and the other shared settings (see ``EngineSettings``).
    ///   - logger: Where the engine reports its own problems, and operator actions.
    public init(
        store: some JobStore, clock: some JobClock = SystemClock(), settings: EngineSettings = EngineSettings(),
        logger: Logger = Logger(label: "stackshift")
    ) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// How long sent events are kept for waits that have not begun yet (``EngineSettings/eventRetention``).
    public var eventRetention: Duration { settings.eventRetention }

    // MARK: Jobs

    /// Registers a job handler with a typed payload and result.
    ///
    /// The handler is replayed from the top on every attempt; wrap side effects in `ctx.step.run` so a
    /// retry or resume never repeats a completed one.
    public func job<Payload: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, options: JobOptions = .init(),
        _ handler: @escaping @Sendable (JobContext<Payload>) async throws -> Output
    ) {
        register(JobDefinition(name: name, options: options, handler: handler))
    }

    /// Registers a job handler that returns nothing.
    public func job<Payload: Decodable & Sendable>(
        _ name: String, options: JobOptions = .init(),
        _ handler: @escaping @Sendable (JobContext<Payload>) async throws -> Void
    ) {
        register(
            JobDefinition(name: name, options: options) { (context: JobContext<Payload>) -> JSONValue in
                try await handler(context)
                return .null
            })
    }

    private func register(_ definition: JobDefinition) {
        registry.withLock { $0[definition.name] = definition }
    }

    /// The names of the jobs registered on this client.
    public var registeredJobs: [String] { registry.withLock { $0.keys.sorted() } }

    func definition(_ name: String) -> JobDefinition? { registry.withLock { $0[name] } }

    // MARK: Starting runs

    /// Starts a run of a job.
    ///
    /// With an idempotency key that is already held, no run is created: the existing run is returned with
    /// `deduplicated == true`. Concurrent duplicate starts create exactly one run.
    @discardableResult
    public func start<Payload: Encodable & Sendable>(
        _ job: String, payload: Payload, options: StartOptions = .init()
    ) async throws -> StartedRun {
        try await start(job, payloadJSON: try JSONCodec.encode(payload), options: options, audit: nil)
    }

    /// Starts a run whose payload is JSON text already checked by the caller; `audit` records an operator's
    /// start with the new run.
    func start(
        _ job: String, payloadJSON: String, options: StartOptions, audit: AuditNote?
    ) async throws -> StartedRun {
        let params = try createRunParams(job: job, payloadJSON: payloadJSON, options: options, audit: audit)
        let result = try await store.createRun(params)
        if !result.deduplicated { wakeWorkers() }
        return StartedRun(id: result.runId, run: result.run, deduplicated: result.deduplicated)
    }

    func createRunParams(
        job: String, payloadJSON: String, options: StartOptions, audit: AuditNote? = nil
    ) throws
        -> CreateRunParams
    {
        let job = job.trimmingCharacters(in: .whitespaces)
        guard !job.isEmpty else { throw JobError("a run needs a job name", retryable: false) }
        let definition = definition(job)
        let queue = options.queue ?? definition?.options.queue ?? "default"
        let now = clock.now()
        let runAt = options.runAt ?? options.delay.map { now.addingTimeInterval($0.timeInterval) }
        let id = Identifier.run(at: now)
        var audit = audit
        audit?.runId = id
        return CreateRunParams(
            id: id, job: job, queue: queue, payloadJSON: payloadJSON,
            // Without a policy of its own the store applies the queue's stored default as it creates the run.
            priority: options.priority, runAt: runAt,
            retryPolicy: options.retryPolicy ?? definition?.options.retryPolicy,
            maxAttempts: options.maxAttempts, idempotencyKey: options.idempotencyKey,
            idempotencyExpiresAt: options.idempotencyTTL.map { now.addingTimeInterval($0.timeInterval) }, now: now,
            audit: audit)
    }

    /// A handle on a queue: enqueue runs, pause, resume, set its concurrency limit.
    public func queue(_ name: String) -> QueueHandle { QueueHandle(name: name, client: self) }

    // MARK: Acting on runs

    /// Cancels a run: at once when queued, scheduled or waiting; at its next step boundary when running.
    /// A shorthand for ``Operations/cancel(_:reason:by:)`` by this application.
    @discardableResult
    public func cancel(
        _ runId: RunID, reason: String? = nil, by actor: Operator = .application
    ) async throws
        -> CancelRunResult
    {
        try await operations.cancel(runId, reason: reason, by: actor)
    }

    /// Re-queues a failed or canceled run. Completed steps are kept unless `fresh` is set.
    /// A shorthand for ``Operations/retry(_:from:by:)`` by this application.
    @discardableResult
    public func retry(
        _ runId: RunID, fresh: Bool = false, by actor: Operator = .application
    ) async throws
        -> RunRecord
    {
        try await operations.retry(runId, from: fresh ? .fresh : .keepingCompletedSteps, by: actor)
    }

    // MARK: Reading

    /// A run with its attempts, steps, logs and timeline; nil when there is no such run.
    public func run(_ runId: RunID) async throws -> RunDetail? {
        try await store.runDetail(RunDetailParams(runId: runId))
    }

    /// Runs matching a filter, newest first.
    public func runs(_ query: RunQuery = RunQuery()) async throws -> [RunRecord] {
        try await store.listRuns(query)
    }

    /// Every queue with its settings and depth by status (terminal counts cover the last hour).
    public func queues() async throws -> [QueueSummary] {
        try await store.queueSummaries(QueueSummaryParams(finishedSince: clock.now().addingTimeInterval(-3600)))
    }

    /// What changed after a timeline sequence number: the change feed.
    public func changes(after sequence: Int64, limit: Int = 1000) async throws -> [TimelineEntry] {
        try await store.changes(ChangesParams(after: sequence, limit: limit))
    }

    /// The decoded result of a completed run; nil when it has not completed.
    public func result<Output: Decodable>(
        of runId: RunID, as type: Output.Type = Output.self
    ) async throws
        -> Output?
    {
        guard let detail = try await run(runId) else { throw await missingRun(runId) }
        guard detail.run.status == .completed, let json = detail.run.resultJSON else { return nil }
        return try JSONCodec.decode(Output.self, from: json)
    }

    /// Waits until a run reaches one of `statuses` (by default a terminal one), following the change feed.
    ///
    /// - Throws: `JobError` when `timeout` passes first.
    @discardableResult
    public func waitForRun(
        _ runId: RunID, toBe statuses: Set<RunStatus> = [.completed, .failed, .canceled],
        timeout: Duration = .seconds(30)
    ) async throws -> RunRecord {
        let deadline = ContinuousClock.now + timeout
        // Changes made in this process wake the wait at once; the poll catches other processes' changes.
        let changed = runWatch.start(runId)
        defer { runWatch.stop(runId, changed) }
        while true {
            guard let detail = try await run(runId) else { throw await missingRun(runId) }
            if statuses.contains(detail.run.status) { return detail.run }
            let now = ContinuousClock.now
            guard now < deadline else {
                throw JobError(
                    "run \(runId) is still \(detail.run.status.rawValue) after \(timeout)", retryable: false)
            }
            await changed.wait(timeout: min(deadline - now, .milliseconds(50)))
            try Task.checkCancellation()
        }
    }

    /// The durable state store, with locks owned by this client.
    public var state: StateStore {
        StateStore(store: store, clock: clock, owner: "client:\(ProcessInfo.processInfo.processIdentifier)")
    }

    // MARK: Workers

    /// Runs a worker on this process until ``shutdown()`` is called or the calling task is cancelled.
    ///
    /// It claims runs of the jobs registered on this client from `queues`, executes up to `concurrency` at
    /// once, renews their leases by heartbeat, recovers runs whose worker died, and fires due schedules.
    /// On shutdown it stops claiming, gives running handlers the grace period, then releases what is left
    /// back to the queue.
    ///
    /// A worker of concurrency 1 runs its handlers on a thread of its own rather than Swift's task pool, so
    /// a SQLite store can commit their writes on it without a thread hop each (``BlockingTaskExecutor``);
    /// a handler's child tasks share that thread. Start CPU-bound parallel work inside such a handler with
    /// `Task.detached` to put it on the pool.
    public func runWorker(
        queues: [String] = ["default"], concurrency: Int = 8, options: WorkerOptions = .init()
    ) async throws {
        let executor = RunExecutor(
            store: store, clock: clock, logger: logger, definition: { [weak self] name in self?.definition(name) },
            attemptEnded: { [runWatch] runId in runWatch.changed(runId) })
        let worker = Worker(
            queues: queues, concurrency: concurrency, options: options, store: store, clock: clock, logger: logger,
            executor: executor, jobNames: { [weak self] in self?.registeredJobs ?? [] },
            onTick: { [weak self] in await self?.tick() })
        let key = ObjectIdentifier(worker)
        // Registering and checking for a shutdown under one lock: a worker started during shutdown exits at once.
        let refused = stopping.withLock { stopping in
            if stopping { return true }
            workers.withLock { $0[key] = worker }
            return false
        }
        guard !refused else { return }
        defer { _ = workers.withLock { $0.removeValue(forKey: key) } }
        await tick()
        try await worker.run()
    }

    /// Stops every worker on this client and waits for them to drain. Workers started later run again
    /// normally; a worker starting while the shutdown is in progress exits at once.
    public func shutdown() async {
        let running = stopping.withLock { stopping in
            stopping = true
            return workers.withLock { Array($0.values) }
        }
        for worker in running { await worker.stop() }
        await retentionPass.stop()
        while !workers.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(5)) }
        stopping.withLock { $0 = false }
    }

    /// Wakes this client's idle workers at once (new work in this process).
    func wakeWorkers() {
        for worker in workers.withLock({ Array($0.values) }) { worker.wake.signal() }
    }

    /// Periodic housekeeping shared by the workers: fire due schedules, sweep expired values and start a
    /// retention pass when one is due.
    func tick() async {
        await fireDueSchedules()
        await sweepIfDue()
        retentionPass.runIfDue(self)
    }

    /// Deletes expired state, locks, events and idempotency keys about once a minute of clock time.
    private func sweepIfDue() async {
        let now = clock.now()
        let due = lastSweep.withLock { last -> Bool in
            guard last.map({ now.timeIntervalSince($0) >= 60 }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            _ = try await store.sweepExpired(SweepParams(now: now))
        } catch {
            logger.warning("could not sweep expired values: \(error)")
        }
    }
}
