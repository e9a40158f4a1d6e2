import Foundation

/// The storage boundary every driver implements: one method per operation, each taking a params struct.
///
/// A store holds no business rules beyond the run-status state machine (``RunStatus``), which every
/// status change is validated against. What each change does is worked out by a pure function of this
/// module from the rows the driver read (``RunRecord/claimed(by:leaseExpiresAt:now:)``,
/// ``RunRecord/retrying(fresh:fromStep:steps:by:now:)``, ``SaveStepParams/saving(over:)``,
/// ``AwaitEventParams/resolving(_:existing:match:)``, …): a driver reads, calls it and writes the result,
/// so every driver applies the same rules. Times are always passed in (`now`), so a store never reads a
/// clock and tests can control time. Writes made on behalf of a running attempt carry a ``RunLease`` and are
/// refused with ``JobStoreError/leaseLost(runId:attempt:)`` once that attempt no longer owns the run.
///
/// Every change to a run appends a ``TimelineEntry`` with a global, monotonic sequence number; the
/// timeline is the change feed consumers follow with ``changes(_:)``.
///
/// **Audit.** The params of every operator action carry an optional ``AuditNote``. When it is set and the
/// operation changes something, the store writes the note as an ``AuditEntry`` in the same transaction as the
/// change, so the trail never disagrees with the data; when the operation throws, nothing is written. The
/// engine's own calls pass nil and are never audited.
///
/// **Expiry.** One boundary rule holds for every operation and driver: a state value, lock, event or
/// idempotency key whose expiry equals `now` is expired; a lease is recovered only once `now` is strictly
/// past its expiry. (A value set to expire at 10 is invisible at 10; a lease expiring at 10 is still held
/// at 10 and recoverable at any later instant.)
///
/// **Retry budget.** The store keeps ``RunRecord/failures``: attempts that ended `failed` or `crashed`.
/// ``RunRecord/attempt`` counts every claim, resumes included, and only numbers attempts and fences leases.
///
/// Each operation is atomic and runs to completion even when the calling task is cancelled, so a handler
/// that honours cancellation can still record its step and the attempt's end from that task.
///
/// All drivers pass the one conformance suite in `JobStoreTesting`.
public protocol JobStore: Sendable {
    /// What this driver can do beyond the protocol's baseline.
    var capabilities: StoreCapabilities { get }

    /// What opening this store did to its schema: nil when it was current already (or opened read-only),
    /// else the versions it was created at or upgraded between.
    var schemaMigration: SchemaMigration? { get }

    // MARK: Runs

    /// Creates a run, or returns the existing one when its idempotency key is held and unexpired.
    func createRun(_ params: CreateRunParams) async throws -> CreateRunResult

    /// Moves due `scheduled` and `waiting` runs to `queued`, then claims up to `limit` queued runs for a
    /// worker, highest priority first, skipping paused queues and never exceeding a queue's concurrency
    /// limit across all workers. Each claimed run becomes `running` with a new attempt and a lease.
    func claimRuns(_ params: ClaimRunsParams) async throws -> [ClaimedRun]

    /// Renews the leases a worker holds, records its liveness and each run's current step, and reports
    /// which of those runs were asked to cancel or were lost.
    func heartbeat(_ params: HeartbeatParams) async throws -> HeartbeatResult

    /// Recovers every `running` run whose lease expiry is strictly before `now`: records the attempt as
    /// `crashed` and counts it in ``RunRecord/failures``, then cancels the run if cancel was requested,
    /// re-queues it while `failures < maxAttempts`, and fails it otherwise. Returns the recovered runs' ids.
    func recoverExpiredLeases(_ params: RecoverLeasesParams) async throws -> [RunID]

    /// Stores a step's result or error for the attempt holding the lease.
    func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult

    /// Resolves an event-wait step: returns a matching event's payload, reports a passed timeout, or
    /// suspends the run as `waiting` until the event or the timeout arrives.
    func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome

    /// Resolves a durable-sleep step: reports it elapsed, or suspends the run as `waiting` until then.
    func sleep(_ params: SleepParams) async throws -> StepWaitOutcome

    /// Ends the attempt holding the lease: completed, retry scheduled, failed, canceled or released.
    /// `retry` and `failed` count the attempt in ``RunRecord/failures``; the caller decides between them.
    func finishAttempt(_ params: FinishAttemptParams) async throws -> RunRecord

    /// Ends the attempt holding the lease as ``finishAttempt(_:)`` does and, in the same transaction, claims
    /// runs as ``claimRuns(_:)`` does: a worker whose run ended takes its next one without a commit of its own.
    /// A finish that fails (a lost lease) claims nothing and writes nothing.
    func finishAttempt(_ params: FinishAttemptParams, claimingNext: ClaimRunsParams) async throws -> FinishedAttempt

    /// Cancels a queued, scheduled or waiting run at once, or asks a running one to stop at its next step.
    func cancelRun(_ params: CancelRunParams) async throws -> CancelRunResult

    /// Re-queues a failed or canceled run, keeping its completed steps unless `fresh` is set. An exhausted
    /// run (`failures >= maxAttempts`) gets exactly one more try: `maxAttempts` becomes `failures + 1`.
    func retryRun(_ params: RetryRunParams) async throws -> RunRecord

    /// Appends log lines written through runs' loggers.
    func appendLogs(_ params: AppendLogsParams) async throws

    // MARK: Audit

    /// Records an operator action on its own: one that was refused, so nothing else changes. An action that
    /// changes data is recorded by its own operation instead, in the same transaction (``AuditNote`` on its
    /// params). Returns the entry as stored.
    func recordAudit(_ params: RecordAuditParams) async throws -> AuditEntry

    /// Audit entries matching a filter, newest first.
    func listAudit(_ params: AuditQuery) async throws -> [AuditEntry]

    // MARK: Reads

    /// One run with its attempts, steps, logs and timeline; nil when there is no such run.
    func runDetail(_ params: RunDetailParams) async throws -> RunDetail?

    /// Runs matching a filter, newest first.
    func listRuns(_ params: RunQuery) async throws -> [RunRecord]

    /// How many runs match a filter, grouped by job, queue and status, in one grouped query. Sorted by
    /// queue, then job, then status in lifecycle order; groups with no runs are left out.
    func countRuns(_ params: RunCountParams) async throws -> [RunCount]

    /// Every queue with its settings and current depth by status.
    func queueSummaries(_ params: QueueSummaryParams) async throws -> [QueueSummary]

    /// Timeline entries with a sequence greater than `after`, oldest first, each with its run's queue and job.
    func changes(_ params: ChangesParams) async throws -> [TimelineEntry]

    /// The highest timeline sequence number so far (0 for an empty store).
    func latestSequence() async throws -> Int64

    /// How many times queue settings and state have changed (see ``ChangeCounters``); the counts only grow.
    func changeCounters() async throws -> ChangeCounters

    /// Failed and crashed attempts since a time, grouped by ``FailureSignature``, most failures first, each
    /// with its per-minute counts: one `GROUP BY` over the `attempts_failures` index.
    func failureGroups(_ params: FailureGroupQuery) async throws -> [FailureGroup]

    /// Runs started, completed, failed, retried and canceled per bucket, job and queue since a time, oldest
    /// bucket first, with the completed runs' start→completion histogram: a range read of the per-minute
    /// counts the driver keeps as runs change status (see ``ActivityBucket``). Buckets with nothing are left out.
    func runActivity(_ params: RunActivityQuery) async throws -> [ActivityBucket]

    /// Registered workers, most recent heartbeat first.
    func listWorkers(_ params: WorkerQuery) async throws -> [WorkerRecord]

    /// Removes a worker's registration (on clean shutdown).
    func removeWorker(_ params: RemoveWorkerParams) async throws

    // MARK: Queues

    /// Sets a queue's concurrency limit and default retry policy, creating the queue if needed.
    func configureQueue(_ params: ConfigureQueueParams) async throws -> QueueRecord

    /// Pauses or resumes a queue, creating it if needed.
    func setQueuePaused(_ params: SetQueuePausedParams) async throws -> QueueRecord

    // MARK: Retention

    /// Sets (or clears) the retention policy of one queue, creating it if needed, or of every queue without
    /// its own. Returns the store's settings after the change.
    func setRetention(_ params: SetRetentionParams) async throws -> RetentionSettings

    /// The store's retention policy for queues without their own, and what has been pruned so far.
    func retentionSettings() async throws -> RetentionSettings

    /// Deletes finished runs old enough to go, oldest finished first and at most `limit` in one transaction,
    /// with everything that belongs to them: attempts, steps, logs, timeline entries and event consumptions.
    /// Idempotency keys stay until their own expiry (a late duplicate start is still deduplicated), and
    /// audit entries and activity counts are kept. Scheduled, queued, running and waiting runs are never
    /// deleted. Where several processes prune at once, each deletes different runs (no two wait on the same
    /// rows). Counts the runs in ``PruneHistory`` and ``ChangeCounters/pruned``; a dry run writes nothing.
    func pruneRuns(_ params: PruneRunsParams) async throws -> PruneResult

    // MARK: API keys

    /// Stores a new API key (its hash, never its token), audited. Refuses a name a key that is not revoked
    /// holds with ``JobStoreError/invalidInput(_:)``, writing nothing.
    func createAPIKey(_ params: CreateAPIKeyParams) async throws -> APIKeyRecord

    /// Revokes the key of that name that is not revoked yet, audited; nil (nothing written) when there is none.
    func revokeAPIKey(_ params: RevokeAPIKeyParams) async throws -> APIKeyRecord?

    /// The key with this lookup id, revoked and expired ones included; nil when there is none.
    func apiKey(lookup: String) async throws -> APIKeyRecord?

    /// Every key, revoked and expired ones included, by name then creation.
    func listAPIKeys() async throws -> [APIKeyRecord]

    /// Records that a request used the key (its ``APIKeyRecord/lastUsedAt``); not audited.
    func noteAPIKeyUse(_ params: NoteAPIKeyUseParams) async throws

    /// Keeps a webhook delivery the server refused, deleting the oldest beyond `keep`.
    func recordRejectedWebhook(_ params: RecordRejectedWebhookParams) async throws -> RejectedWebhook

    /// Rejected webhook deliveries, newest first.
    func listRejectedWebhooks(_ params: RejectedWebhookQuery) async throws -> [RejectedWebhook]

    // MARK: Events

    /// Stores an event durably and resumes every run waiting on its name and key.
    func sendEvent(_ params: SendEventParams) async throws -> SendEventResult

    /// Recent events, newest first.
    func listEvents(_ params: EventQuery) async throws -> [EventRecord]

    /// Deletes an event with the runs' records of consuming it, so no run waiting later receives it. Returns
    /// whether a live event was deleted: an unknown id changes nothing, and an expired one goes but does not
    /// count (it was invisible already).
    func deleteEvent(_ params: DeleteEventParams) async throws -> Bool

    // MARK: State

    /// Reads a state value; an expired value is invisible.
    func getState(_ params: GetStateParams) async throws -> StateEntry?

    /// Writes a state value, optionally only if its version matches.
    func setState(_ params: SetStateParams) async throws -> StateEntry

    /// Deletes a state value, optionally only if its version matches. Returns whether it existed.
    func deleteState(_ params: DeleteStateParams) async throws -> Bool

    /// Atomically adds to an integer state value (absent counts as 0) and returns the new value.
    func incrementState(_ params: IncrementStateParams) async throws -> Int64

    /// State values whose key starts with a prefix, in key order.
    func listState(_ params: StateQuery) async throws -> [StateEntry]

    /// Takes a free or expired lock, or renews one the caller holds: the same owner moves `expiresAt` and
    /// keeps `acquiredAt` (a lock of the caller's that already expired is taken afresh). Returns the lock
    /// when the caller now holds it, nil when another owner does.
    func acquireLock(_ params: AcquireLockParams) async throws -> LockRecord?

    /// Releases a lock the owner holds. Returns false, changing nothing, when another owner holds it or
    /// it has expired (another owner may hold it or take it at any moment).
    func releaseLock(_ params: ReleaseLockParams) async throws -> Bool

    /// Unexpired locks, in key order.
    func listLocks(_ params: LockQuery) async throws -> [LockRecord]

    /// Deletes expired state values, locks, events and idempotency keys.
    func sweepExpired(_ params: SweepParams) async throws -> SweepResult

    // MARK: Schedules

    /// Creates or replaces a schedule. Its fire history is kept when the cron and time zone are unchanged.
    func upsertSchedule(_ params: UpsertScheduleParams) async throws -> ScheduleRecord

    /// All schedules, by name.
    func listSchedules() async throws -> [ScheduleRecord]

    /// Fires a schedule exactly once: if its `nextFireAt` still equals `expectedNextFireAt`, creates the run
    /// and advances `nextFireAt`; otherwise another engine fired it first and nil is returned.
    func fireSchedule(_ params: FireScheduleParams) async throws -> RunRecord?

    // MARK: Lifecycle

    /// Wake-ups pushed after changes commit — by this process or another — to runs or queue settings, so
    /// workers and consoles can read ``changes(_:)`` or claim at once instead of at their next poll.
    /// Elements carry no data and bursts may coalesce; a stream may also wake when nothing changed.
    /// nil when the driver cannot push changes (``StoreCapabilities/pushesChanges`` is false): keep polling.
    /// Defaults to nil.
    func changeNotifications() -> AsyncStream<Void>?

    /// Wake-ups pushed only after changes that may let a worker claim a run: a run queued, a run that stopped
    /// running (freeing a slot of its queue's concurrency limit), queue settings changed. Not after claims,
    /// step saves or retention's deletions, which make nothing claimable. Like ``changeNotifications()``,
    /// elements carry no data and a stream may wake when nothing changed; runs that become due by time (delays,
    /// retries, sleeps, leases that expire) are found by polling. Defaults to ``changeNotifications()``.
    func claimNotifications() -> AsyncStream<Void>?

    /// Releases the store's connections. Later calls fail.
    func close() async throws
}

extension JobStore {
    /// No pushed changes: callers poll. Drivers that push (PostgreSQL's LISTEN/NOTIFY) override this.
    public func changeNotifications() -> AsyncStream<Void>? { nil }

    /// Every pushed change, for a driver that does not tell claimable ones apart.
    public func claimNotifications() -> AsyncStream<Void>? { changeNotifications() }
}

/// Features a driver offers beyond the baseline.
public struct StoreCapabilities: Sendable, Hashable {
    /// Whether other processes' changes are pushed (LISTEN/NOTIFY) rather than only found by polling.
    public var pushesChanges: Bool
    /// Whether workers on other machines can share the store.
    public var multiMachine: Bool

    /// Creates a capability set.
    public init(pushesChanges: Bool, multiMachine: Bool) {
        self.pushesChanges = pushesChanges
        self.multiMachine = multiMachine
    }
}
