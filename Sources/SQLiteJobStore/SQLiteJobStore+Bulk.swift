import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Writes many runs in one transaction, with the rows the engine would have left behind them: for
    /// benchmarks and load tests that need a database of a million runs without running a million jobs.
    ///
    /// Each run is inserted as given (every column of ``RunRecord``), and beside it:
    /// - its queue's settings row, when the queue is new (not paused, unlimited), as `createRun` makes it;
    /// - one `attempts` row per attempt (``RunRecord/attempt``): the last one ends as the status says
    ///   (`completed`, `failed`, `canceled`, `suspended` for `waiting`, `failed` for a `scheduled` retry,
    ///   `crashed` for a re-`queued` run, still `running` for `running`); earlier ones `failed` while
    ///   ``RunRecord/failures`` lasts, otherwise `suspended`. Attempts split the time from `startedAt` to
    ///   `finishedAt` (or `updatedAt`) evenly;
    /// - timeline entries with the kinds, statuses and messages `createRun`, `claimRuns`, `finishAttempt`,
    ///   `awaitEvent`/`sleep` and `cancelRun` write: created, then per attempt started and how it ended;
    /// - for a `waiting` run, the step row of its wait (`waiting` event wait or `sleeping` sleep);
    /// - the idempotency key, when the run has one (without expiry).
    ///
    /// Steps other than a waiting run's, logs and events are not written. The runs are not validated
    /// against the run-status state machine, only for what every row needs; give them in creation order
    /// (ascending ids) so the indexes grow at their ends, in batches of about 10,000 per call.
    ///
    /// - Parameters:
    ///   - runs: The runs, as they should read back from ``listRuns(_:)`` and ``runDetail(_:)``.
    ///   - workerId: The worker named by attempts and timeline entries when a run has no lease owner.
    /// - Throws: ``JobStoreError/invalidInput(_:)`` for a run without job or queue, a `running` run without a
    ///   lease owner or attempt, or a `waiting` run without its wait; the transaction then writes nothing.
    ///
    /// Package access: benchmarks and tests in this package use it; it is not part of the driver's public API.
    package func insertRunsForBenchmark(_ runs: [RunRecord], workerId: WorkerID = "w-bench") async throws {
        guard !runs.isEmpty else { return }
        try await write { tx in
            var writer = try BulkRunWriter(tx: tx, workerId: workerId)
            for run in runs { try writer.insert(run) }
        }
    }
}

/// The prepared statements and caches of one bulk insert: JSON of the few distinct retry policies and
/// errors is encoded once, not once per row.
private struct BulkRunWriter {
    let tx: Transaction
    let workerId: WorkerID
    let insertRun: Statement
    let insertAttempt: Statement
    let insertStep: Statement
    let insertKey: Statement
    var knownQueues: Set<String> = []
    var encodedErrors: [ErrorDetail: String] = [:]

    init(tx: Transaction, workerId: WorkerID) throws {
        self.tx = tx
        self.workerId = workerId
        let db = tx.db
        insertRun = try db.cachedStatement(
            sql: """
                INSERT INTO runs (id, job, queue, status, priority, payload, result, error, attempt, failures,
                    max_attempts, retry_policy, idempotency_key, created_at, updated_at, run_at, queued_at,
                    started_at, finished_at, lease_owner, lease_expires_at, cancel_requested, current_step,
                    wait_step, wait_event_name, wait_event_key, wait_until, wait_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        insertAttempt = try db.cachedStatement(
            sql: """
                INSERT INTO attempts (run_id, number, worker_id, started_at, ended_at, outcome, error)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        insertStep = try db.cachedStatement(
            sql: """
                INSERT INTO steps (run_id, name, kind, status, attempt, failures, started_at, event_name, event_key,
                    until_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """)
        insertKey = try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_keys (key, run_id, expires_at) VALUES (?, ?, NULL)
                ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, expires_at = NULL
                """)
    }

    mutating func insert(_ run: RunRecord) throws {
        try validate(run)
        try insertRunRow(run)
        if !knownQueues.contains(run.queue) {
            try tx.ensureQueue(run.queue, now: run.createdAt.millis)
            knownQueues.insert(run.queue)
        }
        if let key = run.idempotencyKey { try insertKey.execute(arguments: [key, run.id]) }
        let startedScheduled = Self.startedScheduled(run)
        var createdAs = run
        createdAs.status = startedScheduled ? .scheduled : .queued
        createdAs.attempt = 0
        try tx.appendTimeline(createdAs, at: run.createdAt, kind: .created, message: createdAs.creationMessage)
        if run.attempt == 0 {
            if run.status == .canceled {
                try tx.appendTimeline(
                    run, at: run.finishedAt ?? run.updatedAt, kind: .canceled,
                    message: "canceled while \(startedScheduled ? "scheduled" : "queued")")
            } else if run.status == .queued, startedScheduled, let due = run.runAt {
                try tx.appendTimeline(
                    run, at: due, kind: .queued, message: "due at \(TimelineText.time(due)); queued")
            }
            return
        }
        try insertAttempts(run)
        if run.status == .waiting, let wait = run.wait {
            try insertStep.execute(arguments: [
                run.id, wait.step, wait.isSleep ? StepKind.sleep.rawValue : StepKind.waitForEvent.rawValue,
                wait.isSleep ? StepStatus.sleeping.rawValue : StepStatus.waiting.rawValue, run.attempt,
                wait.since.millis, wait.eventName, wait.eventKey, wait.until?.millis,
            ])
        }
    }

    /// Whether the run was created for later (a delayed start) rather than ready at once.
    private static func startedScheduled(_ run: RunRecord) -> Bool {
        run.attempt == 0 && (run.runAt.map { $0.millis > run.createdAt.millis } ?? false)
    }

    /// When the run last became ready, as createRun, retryRun and lease recovery set `queued_at` (the claim
    /// order); nil for a run never ready.
    private static func queuedAt(_ run: RunRecord) -> Date? {
        if run.attempt > 0 { return run.status == .queued ? run.updatedAt : run.createdAt }
        guard startedScheduled(run) else { return run.createdAt }
        return run.status == .queued ? run.runAt : nil
    }

    private func validate(_ run: RunRecord) throws {
        guard !run.job.isEmpty, !run.queue.isEmpty else {
            throw JobStoreError.invalidInput("run \(run.id) needs a job and a queue name")
        }
        if run.status == .running, run.attempt < 1 || run.leaseOwner == nil {
            throw JobStoreError.invalidInput("running run \(run.id) needs an attempt and a lease owner")
        }
        if run.status == .waiting, run.wait == nil {
            throw JobStoreError.invalidInput("waiting run \(run.id) needs the condition it waits for")
        }
    }

    private mutating func insertRunRow(_ run: RunRecord) throws {
        let policy = try StoredJSON.encodeRetryPolicy(run.retryPolicy)
        let queuedAt = Self.queuedAt(run)
        let arguments: StatementArguments = [
            run.id, run.job, run.queue, run.status.rawValue, run.priority, run.payloadJSON, run.resultJSON,
            try encoded(run.error), run.attempt, run.failures, run.maxAttempts, policy, run.idempotencyKey,
            run.createdAt.millis, run.updatedAt.millis, run.runAt?.millis, queuedAt?.millis, run.startedAt?.millis,
            run.finishedAt?.millis, run.leaseOwner, run.leaseExpiresAt?.millis, run.cancelRequested,
            run.currentStep, run.wait?.step, run.wait?.eventName, run.wait?.eventKey, run.wait?.until?.millis,
            run.wait?.since.millis,
        ]
        try insertRun.execute(arguments: arguments)
    }

    private mutating func encoded(_ error: ErrorDetail?) throws -> String? {
        guard let error else { return nil }
        if let text = encodedErrors[error] { return text }
        let text = try StoredJSON.encode(error) as String
        encodedErrors[error] = text
        return text
    }

    /// The attempts and their timeline entries, oldest first.
    private mutating func insertAttempts(_ run: RunRecord) throws {
        let worker = run.leaseOwner ?? workerId
        let start = run.startedAt ?? run.createdAt
        let end = max(start, run.finishedAt ?? run.updatedAt)
        let slice = end.timeIntervalSince(start) / Double(run.attempt)
        let lastFails = [.failed, .scheduled, .queued].contains(run.status)
        var earlierFailures = max(0, run.failures - (lastFails ? 1 : 0))
        var state = run
        state.failures = 0
        for number in 1...run.attempt {
            let began = start.addingTimeInterval(slice * Double(number - 1))
            let ended = start.addingTimeInterval(slice * Double(number))
            state.attempt = number
            state.status = .running
            try tx.appendTimeline(
                state, at: began, kind: .started,
                message: "attempt \(number) started on worker \(worker) (\(TimelineText.failures(state)))")
            let outcome: AttemptOutcome
            if number < run.attempt {
                outcome = earlierFailures > 0 ? .failed : .suspended
                if outcome == .failed { earlierFailures -= 1 }
                try appendEarlierEnd(run, state: &state, outcome: outcome, at: ended)
            } else {
                outcome = Self.lastOutcome(run.status)
                try tx.appendLastEnd(run, number: number, at: ended)
            }
            try insertAttempt.execute(arguments: [
                run.id, number, worker, began.millis, outcome == .running ? nil : ended.millis, outcome.rawValue,
                outcome == .failed || outcome == .crashed ? try encoded(run.error) : nil,
            ])
        }
    }

    /// How the run's last attempt ended, from the status it left the run in.
    private static func lastOutcome(_ status: RunStatus) -> AttemptOutcome {
        switch status {
        case .completed: .completed
        case .failed, .scheduled: .failed
        case .canceled: .canceled
        case .waiting: .suspended
        case .queued: .crashed
        case .running: .running
        }
    }

    /// The entries after an attempt that did not end the run: a retry that came due, or a wait that resumed.
    private func appendEarlierEnd(
        _ run: RunRecord, state: inout RunRecord, outcome: AttemptOutcome, at: Date
    ) throws {
        if outcome == .failed {
            state.failures += 1
            state.status = .scheduled
            let error = run.error.map { "\($0.type): \($0.message)" } ?? "an error"
            try tx.appendTimeline(
                state, at: at, kind: .retryScheduled,
                message: "attempt \(state.attempt) failed (\(error)); \(TimelineText.failures(state)), "
                    + "retrying at \(TimelineText.time(at))")
            state.status = .queued
            try tx.appendTimeline(state, at: at, kind: .queued, message: "due at \(TimelineText.time(at)); queued")
        } else {
            state.status = .waiting
            try tx.appendTimeline(state, at: at, kind: .sleeping, message: "sleeping until \(TimelineText.time(at))")
            state.status = .queued
            try tx.appendTimeline(state, at: at, kind: .queued, message: "sleep ended; queued to resume")
        }
    }
}

extension Transaction {
    /// The timeline entry for how a run's last attempt ended, as the operation that ended it writes it.
    fileprivate func appendLastEnd(_ run: RunRecord, number: Int, at: Date) throws {
        let error = run.error.map { "\($0.type): \($0.message)" } ?? "no error recorded"
        switch run.status {
        case .completed:
            try appendTimeline(run, at: at, kind: .completed, message: "completed on attempt \(number)")
        case .failed:
            try appendTimeline(
                run, at: at, kind: .failed,
                message: "failed on attempt \(number) (\(TimelineText.failures(run))): \(error)")
        case .canceled:
            try appendTimeline(
                run, at: at, kind: .canceled, message: "canceled at a step boundary on attempt \(number)")
        case .scheduled:
            try appendTimeline(
                run, at: at, kind: .retryScheduled,
                message: "attempt \(number) failed (\(error)); \(TimelineText.failures(run)), "
                    + "retrying at \(TimelineText.time(run.runAt))")
        case .queued:
            try appendTimeline(
                run, at: at, kind: .crashed, message: "attempt \(number) crashed: \(error); queued again")
        case .waiting:
            guard let wait = run.wait else { return }
            if let name = wait.eventName {
                let deadline = wait.until.map { " until \(TimelineText.time($0))" } ?? ""
                try appendTimeline(
                    run, at: wait.since, kind: .waitingForEvent, step: wait.step,
                    message: "waiting for \(name) key \(wait.eventKey ?? "")\(deadline)")
            } else {
                try appendTimeline(
                    run, at: wait.since, kind: .sleeping, step: wait.step,
                    message: "sleeping until \(TimelineText.time(wait.until))")
            }
        case .running:
            break
        }
    }
}
