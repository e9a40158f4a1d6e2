import Foundation

/// Parameters of ``JobStore/createRun(_:)``.
public struct CreateRunParams: Sendable, Hashable {
    /// The new run's id.
    public var id: RunID
    /// The job name.
    public var job: String
    /// The queue.
    public var queue: String
    /// The payload as JSON text.
    public var payloadJSON: String
    /// Claim order within the queue; higher first.
    public var priority: Int
    /// A future time makes the run `scheduled`; nil or a past time makes it `queued`.
    public var runAt: Date?
    /// How failed attempts are retried; nil takes the queue's stored default (``QueueRecord/retryPolicy``),
    /// read in the same transaction, or ``RetryPolicy/standard`` when the queue has none.
    public var retryPolicy: RetryPolicy?
    /// Replaces the chosen policy's `maxAttempts` (at least 1), whichever policy that is.
    public var maxAttempts: Int?
    /// A start with a held, unexpired key returns the existing run.
    public var idempotencyKey: String?
    /// When the key is released; nil holds it for as long as the run exists.
    public var idempotencyExpiresAt: Date?
    /// The current time.
    public var now: Date
    /// The operator starting it (`stackshift serve`'s key), recorded in the audit trail with the new run; nil
    /// for an application's own starts, which are not operator actions. A deduplicated start records nothing.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(
        id: RunID, job: String, queue: String, payloadJSON: String, priority: Int = 0, runAt: Date? = nil,
        retryPolicy: RetryPolicy? = nil, maxAttempts: Int? = nil, idempotencyKey: String? = nil,
        idempotencyExpiresAt: Date? = nil, now: Date, audit: AuditNote? = nil
    ) {
        self.id = id
        self.job = job
        self.queue = queue
        self.payloadJSON = payloadJSON
        self.priority = priority
        self.runAt = runAt
        self.retryPolicy = retryPolicy
        self.maxAttempts = maxAttempts
        self.idempotencyKey = idempotencyKey
        self.idempotencyExpiresAt = idempotencyExpiresAt
        self.now = now
        self.audit = audit
    }
}

extension CreateRunParams {
    /// The policy the new run keeps: its own, else `queueDefault`, else ``RetryPolicy/standard``, with
    /// ``maxAttempts`` applied. Drivers read `queueDefault` only when ``retryPolicy`` is nil.
    public func chosenRetryPolicy(queueDefault: RetryPolicy?) -> RetryPolicy {
        var policy = retryPolicy ?? queueDefault ?? .standard
        if let maxAttempts { policy.maxAttempts = max(1, maxAttempts) }
        return policy
    }
}

/// The result of ``JobStore/createRun(_:)``.
public struct CreateRunResult: Sendable, Hashable {
    /// The new run's id, or the id of the run holding the idempotency key.
    public var runId: RunID
    /// The new run, or the existing run holding the idempotency key; nil when that run has been pruned by
    /// retention (the key outlives it, so the start is still a duplicate).
    public var run: RunRecord?
    /// True when the idempotency key was held and no run was created.
    public var deduplicated: Bool

    /// A new or existing run.
    public init(run: RunRecord, deduplicated: Bool) {
        self.runId = run.id
        self.run = run
        self.deduplicated = deduplicated
    }

    /// A duplicate of a run that retention has pruned.
    public init(prunedRunId: RunID) {
        self.runId = prunedRunId
        self.run = nil
        self.deduplicated = true
    }
}

/// Parameters of ``JobStore/claimRuns(_:)``.
public struct ClaimRunsParams: Sendable, Hashable {
    /// The claiming worker.
    public var workerId: WorkerID
    /// The queues it serves.
    public var queues: [String]
    /// The jobs it has handlers for; runs of other jobs are left for other workers.
    public var jobs: [String]
    /// The most runs to claim.
    public var limit: Int
    /// When the new leases expire unless renewed.
    public var leaseExpiresAt: Date
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(workerId: WorkerID, queues: [String], jobs: [String], limit: Int, leaseExpiresAt: Date, now: Date) {
        self.workerId = workerId
        self.queues = queues
        self.jobs = jobs
        self.limit = limit
        self.leaseExpiresAt = leaseExpiresAt
        self.now = now
    }
}

/// A run a worker has claimed, with what replay needs.
public struct ClaimedRun: Sendable, Hashable {
    /// The run, now `running`, with `attempt` counting this attempt.
    public var run: RunRecord
    /// Its recorded steps, so replay needs no further reads.
    public var steps: [StepRecord]

    /// Creates a claimed run.
    public init(run: RunRecord, steps: [StepRecord]) {
        self.run = run
        self.steps = steps
    }

    /// The lease the claim granted.
    public var lease: RunLease {
        RunLease(runId: run.id, attempt: run.attempt, workerId: run.leaseOwner ?? "")
    }
}

/// Parameters of ``JobStore/heartbeat(_:)``.
public struct HeartbeatParams: Sendable, Hashable {
    /// The worker's registration, created or refreshed.
    public var worker: WorkerRecord
    /// The leases it holds, each with the step in progress.
    public var leases: [HeldLease]
    /// The renewed expiry.
    public var leaseExpiresAt: Date
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(worker: WorkerRecord, leases: [HeldLease], leaseExpiresAt: Date, now: Date) {
        self.worker = worker
        self.leases = leases
        self.leaseExpiresAt = leaseExpiresAt
        self.now = now
    }
}

/// A lease held by a worker, with the step it is in.
public struct HeldLease: Sendable, Hashable {
    /// The lease.
    public var lease: RunLease
    /// The step in progress, if any.
    public var currentStep: String?

    /// Creates a held lease.
    public init(lease: RunLease, currentStep: String?) {
        self.lease = lease
        self.currentStep = currentStep
    }
}

/// The result of ``JobStore/heartbeat(_:)``.
public struct HeartbeatResult: Sendable, Hashable {
    /// Runs asked to cancel: stop them at the next step boundary.
    public var cancelRequested: Set<RunID>
    /// Runs this worker no longer owns: abandon them without further writes.
    public var lost: Set<RunID>

    /// Creates a result.
    public init(cancelRequested: Set<RunID> = [], lost: Set<RunID> = []) {
        self.cancelRequested = cancelRequested
        self.lost = lost
    }
}

/// Parameters of ``JobStore/recoverExpiredLeases(_:)``.
public struct RecoverLeasesParams: Sendable, Hashable {
    /// The current time; leases whose expiry is strictly before it are recovered (see "Expiry" in
    /// ``JobStore``).
    public var now: Date
    /// The most runs to recover in one call.
    public var limit: Int

    /// Creates the parameters.
    public init(now: Date, limit: Int = 100) {
        self.now = now
        self.limit = limit
    }
}

/// Parameters of ``JobStore/saveStep(_:)``.
public struct SaveStepParams: Sendable, Hashable {
    /// The attempt's lease.
    public var lease: RunLease
    /// The step name, with occurrence suffix.
    public var name: String
    /// `completed` with a result, or `failed` with an error.
    public var status: StepStatus
    /// The result JSON, when completed.
    public var resultJSON: String?
    /// The error, when failed.
    public var error: ErrorDetail?
    /// When the step started.
    public var startedAt: Date
    /// The current time (when it ended).
    public var now: Date

    /// Creates the parameters.
    public init(
        lease: RunLease, name: String, status: StepStatus, resultJSON: String? = nil, error: ErrorDetail? = nil,
        startedAt: Date, now: Date
    ) {
        self.lease = lease
        self.name = name
        self.status = status
        self.resultJSON = resultJSON
        self.error = error
        self.startedAt = startedAt
        self.now = now
    }
}

/// The result of ``JobStore/saveStep(_:)``.
public struct SaveStepResult: Sendable, Hashable {
    /// The stored step.
    public var step: StepRecord
    /// Whether cancel was requested for the run: the handler should stop now.
    public var cancelRequested: Bool

    /// Creates a result.
    public init(step: StepRecord, cancelRequested: Bool) {
        self.step = step
        self.cancelRequested = cancelRequested
    }
}

/// Parameters of ``JobStore/awaitEvent(_:)``.
public struct AwaitEventParams: Sendable, Hashable {
    /// The attempt's lease.
    public var lease: RunLease
    /// The wait step's name.
    public var step: String
    /// The event name.
    public var eventName: String
    /// The correlation key.
    public var eventKey: String
    /// The timeout; when the step is already recorded, its stored timeout wins.
    public var timeoutAt: Date?
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(lease: RunLease, step: String, eventName: String, eventKey: String, timeoutAt: Date?, now: Date) {
        self.lease = lease
        self.step = step
        self.eventName = eventName
        self.eventKey = eventKey
        self.timeoutAt = timeoutAt
        self.now = now
    }
}

/// Parameters of ``JobStore/sleep(_:)``.
public struct SleepParams: Sendable, Hashable {
    /// The attempt's lease.
    public var lease: RunLease
    /// The sleep step's name.
    public var step: String
    /// When to wake; when the step is already recorded, its stored time wins.
    public var wakeAt: Date
    /// The current time.
    public var now: Date

    /// Creates the parameters.
    public init(lease: RunLease, step: String, wakeAt: Date, now: Date) {
        self.lease = lease
        self.step = step
        self.wakeAt = wakeAt
        self.now = now
    }
}

/// How a wait or sleep step resolved.
public enum StepWaitOutcome: Sendable, Hashable {
    /// The event matched (its payload JSON) or the sleep ended (nil): the handler goes on.
    case resumed(payloadJSON: String?)
    /// The event wait's timeout passed: the step returns nil.
    case timedOut
    /// The run is now `waiting` and the attempt is over: the handler must stop without further writes.
    case suspended
}

/// How an attempt ends, for ``JobStore/finishAttempt(_:)``.
public enum AttemptEnd: Sendable, Hashable {
    /// The handler returned this result: the run is `completed`.
    case completed(resultJSON: String)
    /// The handler threw and another attempt is due at this time: the run is `scheduled`.
    case retry(ErrorDetail, at: Date)
    /// The handler threw and no retry is allowed: the run is `failed`.
    case failed(ErrorDetail)
    /// The handler stopped after a cancel request: the run is `canceled`.
    case canceled
    /// The worker is shutting down and gives the run back: it is `queued` again.
    case released
}

/// Parameters of ``JobStore/finishAttempt(_:)``.
public struct FinishAttemptParams: Sendable, Hashable {
    /// The attempt's lease.
    public var lease: RunLease
    /// How it ended.
    public var end: AttemptEnd
    /// The current time.
    public var now: Date
    /// The run as the attempt's claim returned it, when the caller kept it; nil otherwise.
    ///
    /// A store may then write the end in one statement that applies only while the stored run still matches
    /// this copy (everything but the lease expiry and current step that heartbeats renew) and read the run
    /// first only when it does not: a cancel requested, the lease lost, any other change since the claim. The
    /// end written is the same either way. A copy of another run or attempt than ``lease`` is never used.
    public var claimed: RunRecord?

    /// Creates the parameters.
    public init(lease: RunLease, end: AttemptEnd, now: Date, claimed: RunRecord? = nil) {
        self.lease = lease
        self.end = end
        self.now = now
        self.claimed = claimed
    }

    /// ``claimed``, when it is the copy of this lease's run and attempt as that lease's claim returned it.
    public var claimedCopy: RunRecord? {
        guard let claimed, claimed.status == .running, claimed.id == lease.runId, claimed.attempt == lease.attempt,
            claimed.leaseOwner == lease.workerId
        else { return nil }
        return claimed
    }
}

/// Parameters of ``JobStore/cancelRun(_:)``.
public struct CancelRunParams: Sendable, Hashable {
    /// The run.
    public var runId: RunID
    /// Why, for the timeline.
    public var reason: String?
    /// The current time.
    public var now: Date
    /// The operator canceling, recorded in the audit trail with the change; nil for the engine's own cancels.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(runId: RunID, reason: String? = nil, now: Date, audit: AuditNote? = nil) {
        self.runId = runId
        self.reason = reason
        self.now = now
        self.audit = audit
    }
}

/// The result of ``JobStore/cancelRun(_:)``.
public enum CancelRunResult: Sendable, Hashable {
    /// The run was queued, scheduled or waiting and is now `canceled`.
    case canceled(RunRecord)
    /// The run is running; its worker will stop it at the next step boundary.
    case cancelRequested(RunRecord)

    /// The run as it is now.
    public var run: RunRecord {
        switch self {
        case .canceled(let run), .cancelRequested(let run): run
        }
    }
}

/// Parameters of ``JobStore/retryRun(_:)``.
public struct RetryRunParams: Sendable, Hashable {
    /// The run.
    public var runId: RunID
    /// Forget completed steps and start over clean, including which events the run consumed, so its waits
    /// can match those events again.
    public var fresh: Bool
    /// Forget this step and every step recorded after it (and the events their waits consumed), keeping the
    /// steps before it: the run resumes from this step. Not with `fresh`.
    public var fromStep: String?
    /// The current time.
    public var now: Date
    /// The operator retrying, named on the run's `retried` timeline entry and recorded in the audit trail with
    /// the change; nil for the engine's own retries.
    public var audit: AuditNote?

    /// Creates the parameters.
    public init(runId: RunID, fresh: Bool = false, fromStep: String? = nil, now: Date, audit: AuditNote? = nil) {
        self.runId = runId
        self.fresh = fresh
        self.fromStep = fromStep
        self.now = now
        self.audit = audit
    }
}

/// Parameters of ``JobStore/appendLogs(_:)``.
public struct AppendLogsParams: Sendable, Hashable {
    /// The lines, in order.
    public var lines: [LogRecord]

    /// Creates the parameters.
    public init(lines: [LogRecord]) {
        self.lines = lines
    }
}
