import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Promotes due runs, then claims queued runs for a worker (see ``JobStore/claimRuns(_:)``).
    ///
    /// Promotion, the capacity count and the claim share one write transaction, and every writer of the
    /// file is serialised, so two workers (even in two processes) can never both fill a queue's last slot.
    public func claimRuns(_ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        try await write { tx in try tx.promoteAndClaim(params) }
    }

    /// Renews a worker's leases and reports cancel requests and lost leases (see ``JobStore/heartbeat(_:)``).
    public func heartbeat(_ params: HeartbeatParams) async throws -> HeartbeatResult {
        try await write { tx in
            let worker = params.worker
            let upsert = try tx.db.cachedStatement(
                sql: """
                    INSERT INTO workers (id, host, pid, queues, jobs, concurrency, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, queues = excluded.queues,
                        jobs = excluded.jobs, concurrency = excluded.concurrency, started_at = excluded.started_at,
                        heartbeat_at = excluded.heartbeat_at
                    """)
            try upsert.execute(arguments: [
                worker.id, worker.host, worker.pid, try StoredJSON.encodeNames(worker.queues),
                try StoredJSON.encodeNames(worker.jobs), worker.concurrency, worker.startedAt.millis, params.now.millis,
            ])
            let renew = try tx.db.cachedStatement(
                sql: """
                    UPDATE runs SET lease_expires_at = ?, current_step = ?
                    WHERE id = ? AND status = 'running' AND attempt = ? AND lease_owner = ?
                    RETURNING cancel_requested
                    """)
            var result = HeartbeatResult()
            for held in params.leases {
                let lease = held.lease
                let arguments: StatementArguments = [
                    params.leaseExpiresAt.millis, held.currentStep, lease.runId, lease.attempt, lease.workerId,
                ]
                if let cancelRequested = try Bool.fetchOne(renew, arguments: arguments) {
                    if cancelRequested { result.cancelRequested.insert(lease.runId) }
                } else {
                    result.lost.insert(lease.runId)
                }
            }
            return result
        }
    }

    /// Re-queues, fails or cancels running runs whose lease expired (see ``JobStore/recoverExpiredLeases(_:)``).
    public func recoverExpiredLeases(_ params: RecoverLeasesParams) async throws -> [RunID] {
        guard params.limit > 0 else { return [] }
        return try await write { tx in try tx.recoverExpiredLeases(params) }
    }

    /// Registered workers, most recent heartbeat first.
    public func listWorkers(_ params: WorkerQuery) async throws -> [WorkerRecord] {
        try await read { tx in
            let statement = try tx.db.cachedStatement(
                sql: "SELECT * FROM workers WHERE heartbeat_at >= ? ORDER BY heartbeat_at DESC, id")
            return try Row.fetchAll(statement, arguments: [params.heartbeatSince?.millis ?? Millis.min])
                .map(Decode.worker)
        }
    }

    /// Removes a worker's registration.
    public func removeWorker(_ params: RemoveWorkerParams) async throws {
        try await write(audited: params.audit, at: params.now) { tx in
            try tx.db.execute(sql: "DELETE FROM workers WHERE id = ?", arguments: [params.workerId])
        }
    }
}

extension Transaction {
    /// The most due runs moved to `queued` per call; the rest follow on the next call.
    static let promotionBatch = 500

    /// Moves due `scheduled` runs and `waiting` runs whose timeout or wake-up time passed to `queued`.
    func promoteDueRuns(now: Date) throws {
        let due = try db.cachedStatement(
            sql: "SELECT * FROM runs WHERE status IN ('scheduled', 'waiting') AND run_at <= ? ORDER BY run_at LIMIT ?")
        let rows = try Row.fetchAll(due, arguments: [now.millis, Self.promotionBatch])
        for current in try rows.map(Decode.run) {
            try apply(current.becomingDue(now: now), from: current, at: now)
        }
    }

    /// What a claim does: due runs promoted, then queued ones claimed.
    func promoteAndClaim(_ params: ClaimRunsParams) throws -> [ClaimedRun] {
        try promoteDueRuns(now: params.now)
        return try claim(params)
    }

    func claim(_ params: ClaimRunsParams) throws -> [ClaimedRun] {
        guard !params.claimsNothing else { return [] }
        let queues = params.distinctQueues
        let queueList = try StoredJSON.encodeNames(queues)
        let jobList = try StoredJSON.encodeNames(params.jobs)

        let settings = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT name, paused, concurrency_limit FROM queues WHERE name IN (SELECT value FROM json_each(?))"
            ),
            arguments: [queueList])
        var paused: Set<String> = []
        var limits: [String: Int] = [:]
        for row in settings {
            let name: String = row["name"]
            if row["paused"] as Bool { paused.insert(name) }
            if let limit = row["concurrency_limit"] as Int? { limits[name] = limit }
        }
        // Running runs are few (bounded by the workers' concurrency): count them all on their partial
        // index. Pinned, because with ANALYZE statistics SQLite prefers scanning a whole queue's runs. Only a
        // concurrency limit needs the count: without one, every claim skips reading every running run.
        var running: [String: Int] = [:]
        if !limits.isEmpty {
            let counts = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT queue, COUNT(*) AS running FROM runs INDEXED BY runs_running
                        WHERE status = 'running' GROUP BY queue
                        """))
            for row in counts { running[row["queue"]] = row["running"] }
        }

        // Each queue contributes at most its free slots, best first; the merge picks the best overall.
        let pick = try db.cachedStatement(
            sql: """
                SELECT * FROM runs
                WHERE status = 'queued' AND queue = ? AND job IN (SELECT value FROM json_each(?))
                ORDER BY priority DESC, queued_at, id LIMIT ?
                """)
        var candidates: [ClaimCandidate] = []
        for queue in queues where !paused.contains(queue) {
            let take = params.slots(concurrencyLimit: limits[queue], running: running[queue, default: 0])
            guard take > 0 else { continue }
            candidates += try Fetch.all(pick, arguments: [queue, jobList, take]) { row in
                ClaimCandidate(run: try Decode.run(row), queuedAt: Date(millis: row["queued_at"] ?? 0))
            }
        }

        var claimed: [RunRecord] = []
        for current in params.picking(candidates) {
            let update = current.claimed(by: params.workerId, leaseExpiresAt: params.leaseExpiresAt, now: params.now)
            let stored = try apply(update, from: current, at: params.now)
            try insertAttempt(
                runId: stored.id, number: stored.attempt, workerId: params.workerId, startedAt: params.now)
            claimed.append(stored)
        }
        guard !claimed.isEmpty else { return [] }
        let steps = try steps(of: claimed.map(\.id))
        return claimed.map { ClaimedRun(run: $0, steps: steps[$0.id] ?? []) }
    }

    /// The recorded steps of `runs`, each run's in the order they first ran, for replay.
    private func steps(of runs: [RunID]) throws -> [RunID: [StepRecord]] {
        let claimedSteps = try Fetch.all(
            db.cachedStatement(
                sql: "SELECT * FROM steps WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY id"),
            arguments: [try StoredJSON.encode(runs)], Decode.step)
        var steps: [RunID: [StepRecord]] = [:]
        for step in claimedSteps { steps[step.runId, default: []].append(step) }
        return steps
    }

    func recoverExpiredLeases(_ params: RecoverLeasesParams) throws -> [RunID] {
        let expired = try db.cachedStatement(
            sql: """
                SELECT * FROM runs INDEXED BY runs_running
                WHERE status = 'running' AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT ?
                """)
        var recovered: [RunID] = []
        for current in try Fetch.all(expired, arguments: [params.now.millis, params.limit], Decode.run) {
            let change = current.recoveringExpiredLease(now: params.now)
            try endAttempt(
                runId: current.id, number: current.attempt, outcome: change.attemptOutcome, at: params.now,
                error: change.attemptError, signature: change.attemptSignature)
            let stored = try update(change.run, from: current, queuedAt: params.now)
            try appendTimeline(stored, at: params.now, kind: change.timelineKind, message: change.message)
            recovered.append(current.id)
        }
        return recovered
    }
}
