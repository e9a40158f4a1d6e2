import Foundation
import JobStore
import PostgresNIO

extension PostgresJobStore {
    /// Creates a run, or returns the run holding the unexpired idempotency key (see ``JobStore/createRun(_:)``).
    ///
    /// Race-free across processes: the key is claimed first with one `INSERT … ON CONFLICT` on the
    /// key's primary key, so of concurrent starts exactly one inserts (or takes over an expired key) and the
    /// others wait for it to commit, then find the key held.
    public func createRun(_ params: CreateRunParams) async throws -> CreateRunResult {
        try params.validate()
        // An operator's start is audited with the new run; a deduplicated one changed nothing.
        let created: @Sendable (CreateRunResult) -> Bool = { !$0.deduplicated }
        return try await write(audited: params.audit, at: params.now, when: created) { tx in
            try await tx.createRun(params)
        }
    }

    /// Ends the attempt holding the lease (see ``JobStore/finishAttempt(_:)``).
    ///
    /// With the worker's claimed copy (``FinishAttemptParams/claimed``), the end is written from that copy by one
    /// statement outside a transaction block, two round trips where reading and locking the run takes four,
    /// shared with the other runs' ends that queue up meanwhile (``WriteBatches``). When the run changed since
    /// the claim, that statement leaves it alone and the end is written from the run as read.
    public func finishAttempt(_ params: FinishAttemptParams) async throws -> RunRecord {
        try params.validate()
        if params.claimedCopy != nil {
            let finished = try await batched(params, in: attemptEnds) { tx, ends in
                try await tx.finishClaimedCopies(ends).mapValues(Optional.some)
            } absent: { _ in
                nil
            }
            if let finished { return finished }
        }
        return try await write { tx in try await tx.finishAttempt(params) }
    }

    /// Ends the attempt and claims the worker's next runs in one transaction (see
    /// ``JobStore/finishAttempt(_:claimingNext:)``): one commit where a finish and a claim took two, and the
    /// claim's look for work is a statement of that transaction rather than a round trip before it.
    public func finishAttempt(
        _ params: FinishAttemptParams, claimingNext claim: ClaimRunsParams
    )
        async throws -> FinishedAttempt
    {
        try params.validate()
        return try await write { tx in
            // From the claimed copy when the run still agrees with it: the run is not read first.
            let run: RunRecord
            if params.claimedCopy != nil, let finished = try await tx.finishClaimedCopies([params])[params.lease.runId]
            {
                run = finished
            } else {
                run = try await tx.finishAttempt(params)
            }
            return FinishedAttempt(run: run, claimed: try await tx.lookAndClaim(claim))
        }
    }

    /// Cancels a run now, or flags a running one to stop at its next step (see ``JobStore/cancelRun(_:)``).
    public func cancelRun(_ params: CancelRunParams) async throws -> CancelRunResult {
        try await write(audited: params.audit, at: params.now) { tx in try await tx.cancelRun(params) }
    }

    /// Re-queues a failed or canceled run (see ``JobStore/retryRun(_:)``).
    public func retryRun(_ params: RetryRunParams) async throws -> RunRecord {
        try params.validate()
        return try await write { tx in try await tx.retryRun(params) }
    }

    /// Appends log lines in one transaction.
    public func appendLogs(_ params: AppendLogsParams) async throws {
        guard !params.lines.isEmpty else { return }
        try await write { tx in
            // 6 parameters a line; batches stay far below PostgreSQL's 65,535.
            for start in stride(from: 0, to: params.lines.count, by: 1000) {
                let lines = params.lines[start..<min(start + 1000, params.lines.count)]
                var bindings = PostgresBindings(capacity: lines.count * 6)
                var values: [String] = []
                for line in lines {
                    let base = bindings.count
                    bindings.append(line.runId)
                    bindings.append(line.attempt)
                    bindings.append(line.step)
                    bindings.append(line.level.rawValue)
                    bindings.append(line.message)
                    bindings.append(line.at.millis)
                    values.append("(" + (1...6).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                }
                let sql =
                    "INSERT INTO logs (run_id, attempt, step, level, message, at) VALUES "
                    + values.joined(separator: ", ")
                try await tx.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
            }
        }
    }
}

extension Transaction {
    func createRun(_ params: CreateRunParams) async throws -> CreateRunResult {
        if let key = params.idempotencyKey {
            let expiresAt = params.idempotencyExpiresAt?.millis
            // Inserts the key, or takes over one that has expired; a held key is left alone (but locked until
            // commit, so its run cannot be re-pointed meanwhile) and returns no row.
            let claimed = try await first(
                """
                INSERT INTO idempotency_keys (key, run_id, expires_at) VALUES (\(key), \(params.id), \(expiresAt))
                ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                    WHERE idempotency_keys.expires_at IS NOT NULL
                        AND idempotency_keys.expires_at <= \(params.now.millis)
                RETURNING run_id
                """)
            if claimed == nil {
                let held = try await first("SELECT run_id FROM idempotency_keys WHERE key = \(key)")
                if let runId = try held?.string("run_id") {
                    // The key outlives a run pruned by retention: the start is still a duplicate.
                    guard let existing = try await run(runId, forUpdate: false) else {
                        return CreateRunResult(prunedRunId: runId)
                    }
                    appendTimeline(
                        existing, at: params.now, kind: .deduplicated, message: existing.deduplicationMessage(key: key))
                    return CreateRunResult(run: existing, deduplicated: true)
                }
                // The key went between the insert and the read (expired and swept): it is this start's now.
                try await execute(
                    "UPDATE idempotency_keys SET run_id = \(params.id), expires_at = \(expiresAt) WHERE key = \(key)")
            }
        }
        return CreateRunResult(run: try await insertRun(params), deduplicated: false)
    }

    /// Ends the attempt from the run read and locked first.
    func finishAttempt(_ params: FinishAttemptParams) async throws -> RunRecord {
        let current = try await requireLease(params.lease)
        let change = try params.change(from: current)
        var bindings = try RunStatements.updateBindings(change.run, queuedAt: params.now)
        bindings.append(change.attemptOutcome.rawValue)
        bindings.append(try StoredJSON.encode(change.attemptError))
        bindings.append(current.attempt)
        bindings.append(params.now.millis)
        bindings.append(change.timelineKind.rawValue)
        bindings.append(change.message)
        bindings.append(change.attemptSignature)
        // The run, the attempt and the timeline entry are written by one statement.
        try await flushTimeline()
        guard try await rows(RunStatements.Finish.self, bindings).first != nil else {
            throw JobStoreError.runNotFound(current.id)
        }
        return change.run.asStored
    }

    func cancelRun(_ params: CancelRunParams) async throws -> CancelRunResult {
        let current = try await requireRun(params.runId)
        guard let update = try current.canceling(reason: params.reason, now: params.now) else {
            return CancelRunResult(current)
        }
        return CancelRunResult(try await apply(update, from: current.status, at: params.now))
    }

    /// Writes the retry and, for an operator's, its audit entry with what the retry did.
    func retryRun(_ params: RetryRunParams) async throws -> RunRecord {
        let current = try await requireRun(params.runId)
        let steps = params.fromStep == nil ? [] : try await steps(runId: current.id)
        let change = try current.retrying(
            fresh: params.fresh, fromStep: params.fromStep, steps: steps, by: params.audit?.actorDescription,
            now: params.now)
        switch change.forgottenSteps {
        case .none: break
        case .all:
            try await execute("DELETE FROM steps WHERE run_id = \(current.id)")
            try await execute("DELETE FROM event_consumptions WHERE run_id = \(current.id)")
        case .named(let names):
            try await execute("DELETE FROM steps WHERE run_id = \(current.id) AND name = ANY(\(names))")
            try await execute("DELETE FROM event_consumptions WHERE run_id = \(current.id) AND step = ANY(\(names))")
        }
        let retried = try await apply(change.update, from: current.status, at: params.now)
        if let entry = params.auditEntry(for: change) { try await insertAudit(entry) }
        return retried
    }
}

extension FinishAttemptParams {
    /// The end ``RunRecord/endingAttempt(_:worker:now:)`` works out from `current`, its status change checked.
    func change(from current: RunRecord) throws -> RunChange {
        let change = current.endingAttempt(end, worker: lease.workerId, now: now)
        if change.run.status != current.status {
            try current.status.validateTransition(to: change.run.status, runId: current.id)
        }
        return change
    }
}
