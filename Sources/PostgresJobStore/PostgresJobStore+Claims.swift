import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Promotes due runs, then claims queued runs for a worker (see ``JobStore/claimRuns(_:)``).
    ///
    /// Concurrency limits hold across processes: a claim locks the rows of the queues it serves
    /// (`SELECT … FROM queues … FOR UPDATE`, in name order) before counting their running runs, so claims on
    /// one queue take turns and each counts what the previous one committed. Candidate runs are picked with
    /// `FOR UPDATE SKIP LOCKED`, so a run being cancelled or promoted elsewhere is skipped, never waited for.
    public func claimRuns(_ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        try await write { tx in
            try await tx.promoteDueRuns(now: params.now)
            return try await tx.claim(params)
        }
    }

    /// Renews a worker's leases and reports cancel requests and lost leases (see ``JobStore/heartbeat(_:)``).
    public func heartbeat(_ params: HeartbeatParams) async throws -> HeartbeatResult {
        try await write { tx in
            let worker = params.worker
            let queues = try StoredJSON.encode(worker.queues)
            let jobs = try StoredJSON.encode(worker.jobs)
            try await tx.execute(
                """
                INSERT INTO workers (id, host, pid, queues, jobs, concurrency, started_at, heartbeat_at)
                VALUES (\(worker.id), \(worker.host), \(worker.pid), \(queues), \(jobs), \(worker.concurrency),
                    \(worker.startedAt.millis), \(params.now.millis))
                ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, queues = excluded.queues,
                    jobs = excluded.jobs, concurrency = excluded.concurrency, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at
                """)
            var result = HeartbeatResult()
            // In id order, so two transactions touching the same runs lock them in the same order.
            for held in params.leases.sorted(by: { $0.lease.runId < $1.lease.runId }) {
                let lease = held.lease
                let renewed = try await tx.first(
                    """
                    UPDATE runs
                    SET lease_expires_at = \(params.leaseExpiresAt.millis), current_step = \(held.currentStep)
                    WHERE id = \(lease.runId) AND status = 'running' AND attempt = \(lease.attempt)
                        AND lease_owner = \(lease.workerId)
                    RETURNING cancel_requested
                    """)
                if let renewed {
                    if try renewed.bool("cancel_requested") { result.cancelRequested.insert(lease.runId) }
                } else {
                    result.lost.insert(lease.runId)
                }
            }
            return result
        }
    }

    /// Re-queues, fails or cancels running runs whose lease expired (see ``JobStore/recoverExpiredLeases(_:)``).
    /// Runs another worker is already recovering (or renewing) are skipped, not waited for.
    public func recoverExpiredLeases(_ params: RecoverLeasesParams) async throws -> [RunID] {
        guard params.limit > 0 else { return [] }
        return try await write { tx in try await tx.recoverExpiredLeases(params) }
    }

    /// Registered workers, most recent heartbeat first.
    public func listWorkers(_ params: WorkerQuery) async throws -> [WorkerRecord] {
        try await read { tx in
            let since = params.heartbeatSince?.millis ?? Millis.min
            return try await tx.rows(
                "SELECT * FROM workers WHERE heartbeat_at >= \(since) ORDER BY heartbeat_at DESC, id"
            )
            .map(Decode.worker)
        }
    }

    /// Removes a worker's registration.
    public func removeWorker(_ params: RemoveWorkerParams) async throws {
        try await write { tx in try await tx.execute("DELETE FROM workers WHERE id = \(params.workerId)") }
    }
}

extension Transaction {
    /// The most due runs moved to `queued` per call; the rest follow on the next call.
    static let promotionBatch = 500

    /// Moves due `scheduled` runs and `waiting` runs whose timeout or wake-up time passed to `queued`.
    func promoteDueRuns(now: Date) async throws {
        let due = try await rows(
            """
            SELECT * FROM runs WHERE status IN ('scheduled', 'waiting') AND run_at <= \(now.millis)
            ORDER BY run_at LIMIT \(Self.promotionBatch) FOR UPDATE SKIP LOCKED
            """)
        for current in try due.map(Decode.run) {
            var run = current
            run.status = .queued
            run.updatedAt = now
            run.wait = nil
            let message: String
            if let wait = current.wait, current.status == .waiting {
                message =
                    wait.isSleep
                    ? "sleep \(wait.step) ended; queued to resume"
                    : "wait for \(wait.eventName ?? "") key \(wait.eventKey ?? "") timed out at "
                        + "\(TimelineText.time(wait.until)); queued to resume"
            } else {
                message = "due at \(TimelineText.time(current.runAt)); queued"
            }
            // A run that became due while no worker looked is ordered by when it became due.
            let stored = try await update(run, from: current.status, queuedAt: current.runAt ?? now)
            appendTimeline(stored, at: now, kind: .queued, step: current.wait?.step, message: message)
        }
    }

    func claim(_ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        var queues: [String] = []
        for queue in params.queues where !queues.contains(queue) { queues.append(queue) }
        guard params.limit > 0, !queues.isEmpty, !params.jobs.isEmpty else { return [] }

        // The capacity check's serialisation point: claims on these queues (from any process) wait here
        // until the previous one commits, and the counts below see its runs as running.
        let settings = try await rows(
            "SELECT name, paused, concurrency_limit FROM queues WHERE name = ANY(\(queues)) ORDER BY name FOR UPDATE")
        var paused: Set<String> = []
        var limits: [String: Int] = [:]
        for row in settings {
            let name = try row.string("name")
            if try row.bool("paused") { paused.insert(name) }
            if let limit = try row.optionalInt("concurrency_limit") { limits[name] = limit }
        }
        var running: [String: Int] = [:]
        let limited = Array(limits.keys)
        if !limited.isEmpty {
            let counts = try await rows(
                """
                SELECT queue, count(*) AS count FROM runs WHERE status = 'running' AND queue = ANY(\(limited))
                GROUP BY queue
                """)
            for row in counts { running[try row.string("queue")] = try row.int("count") }
        }

        // Each queue contributes at most its free slots, best first; the merge picks the best overall.
        var candidates: [(run: RunRecord, queuedAt: Millis)] = []
        for queue in queues where !paused.contains(queue) {
            let free = limits[queue].map { max(0, $0 - running[queue, default: 0]) } ?? params.limit
            let take = min(free, params.limit)
            guard take > 0 else { continue }
            let picked = try await rows(
                """
                SELECT * FROM runs WHERE status = 'queued' AND queue = \(queue) AND job = ANY(\(params.jobs))
                ORDER BY priority DESC, queued_at, id LIMIT \(take) FOR UPDATE SKIP LOCKED
                """)
            for row in picked {
                candidates.append((try Decode.run(row), try row.value("queued_at", as: Millis?.self) ?? 0))
            }
        }
        candidates.sort { lhs, rhs in
            if lhs.run.priority != rhs.run.priority { return lhs.run.priority > rhs.run.priority }
            if lhs.queuedAt != rhs.queuedAt { return lhs.queuedAt < rhs.queuedAt }
            return lhs.run.id < rhs.run.id
        }

        var claimed: [RunRecord] = []
        for candidate in candidates.prefix(params.limit) {
            let current = candidate.run
            var run = current
            run.status = .running
            run.attempt += 1
            run.leaseOwner = params.workerId
            run.leaseExpiresAt = params.leaseExpiresAt
            run.startedAt = current.startedAt ?? params.now
            run.updatedAt = params.now
            run.wait = nil
            run.currentStep = nil
            let stored = try await update(run, from: current.status)
            try await insertAttempt(
                runId: run.id, number: run.attempt, workerId: params.workerId, startedAt: params.now)
            appendTimeline(
                stored, at: params.now, kind: .started,
                message:
                    "attempt \(stored.attempt) started on worker \(params.workerId) (\(TimelineText.failures(stored)))")
            claimed.append(stored)
        }
        guard !claimed.isEmpty else { return [] }

        var steps: [RunID: [StepRecord]] = [:]
        for row in try await rows("SELECT * FROM steps WHERE run_id = ANY(\(claimed.map(\.id))) ORDER BY id") {
            let step = try Decode.step(row)
            steps[step.runId, default: []].append(step)
        }
        return claimed.map { ClaimedRun(run: $0, steps: steps[$0.id] ?? []) }
    }

    func recoverExpiredLeases(_ params: RecoverLeasesParams) async throws -> [RunID] {
        let expired = try await rows(
            """
            SELECT * FROM runs WHERE status = 'running' AND lease_expires_at < \(params.now.millis)
            ORDER BY lease_expires_at LIMIT \(params.limit) FOR UPDATE SKIP LOCKED
            """)
        var recovered: [RunID] = []
        for current in try expired.map(Decode.run) {
            let change = current.recoveringExpiredLease(now: params.now)
            try await endAttempt(
                runId: current.id, number: current.attempt, outcome: change.attemptOutcome, at: params.now,
                error: change.attemptError)
            let stored = try await update(change.run, from: current.status, queuedAt: params.now)
            appendTimeline(stored, at: params.now, kind: change.timelineKind, message: change.message)
            recovered.append(current.id)
        }
        return recovered
    }
}
