import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Promotes due runs, then claims queued runs for a worker (see ``JobStore/claimRuns(_:)``).
    ///
    /// A look without locks comes first (see ``ClaimOutlook``): when nothing is due and no queue has
    /// claimable work, the claim ends there, in one round trip. Otherwise one transaction promotes due runs and
    /// claims. Concurrency limits hold across processes: a claim locks the rows of the limited queues it
    /// serves (`SELECT … FROM queues … FOR UPDATE`, in name order) before counting their running runs, so
    /// claims on one limited queue take turns and each counts what the previous one committed; unlimited
    /// queues are locked shared, so their claims run side by side. Candidate runs are picked with
    /// `FOR UPDATE SKIP LOCKED`, so a run being claimed, cancelled or promoted elsewhere is skipped, never
    /// waited for.
    public func claimRuns(_ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        let queues = params.distinctQueues
        try requireWritable()
        guard !params.claimsNothing else { return [] }
        let outlook = try await readStatement { tx in
            try await tx.claimOutlook(queues: queues, jobs: params.jobs, now: params.now)
        }
        guard outlook.worthClaiming else { return [] }
        return try await write { tx in try await tx.claim(params, as: outlook) }
    }

    /// Renews a worker's leases and reports cancel requests and lost leases (see ``JobStore/heartbeat(_:)``).
    public func heartbeat(_ params: HeartbeatParams) async throws -> HeartbeatResult {
        try await write { tx in
            let worker = params.worker
            let queues = try StoredJSON.encodeNames(worker.queues)
            let jobs = try StoredJSON.encodeNames(worker.jobs)
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
        try await write(audited: params.audit, at: params.now) { tx in
            try await tx.execute("DELETE FROM workers WHERE id = \(params.workerId)")
        }
    }
}

extension Transaction {
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
                error: change.attemptError, signature: change.attemptSignature)
            let stored = try await update(change.run, from: current.status, queuedAt: params.now)
            appendTimeline(stored, at: params.now, kind: change.timelineKind, message: change.message)
            recovered.append(current.id)
        }
        return recovered
    }
}
