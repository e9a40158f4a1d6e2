import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Creates a run, or returns the run holding the unexpired idempotency key (see ``JobStore/createRun(_:)``).
    ///
    /// Race-free across tasks and processes: the key lookup and the insert share one `IMMEDIATE`
    /// transaction on the single writer, and the key is the primary key of `idempotency_keys`.
    public func createRun(_ params: CreateRunParams) async throws -> CreateRunResult {
        try params.validate()
        // An operator's start is audited with the new run; a deduplicated one changed nothing.
        let created: @Sendable (CreateRunResult) -> Bool = { !$0.deduplicated }
        return try await write(audited: params.audit, at: params.now, when: created) { tx in try tx.createRun(params) }
    }

    /// Ends the attempt holding the lease (see ``JobStore/finishAttempt(_:)``).
    public func finishAttempt(_ params: FinishAttemptParams) async throws -> RunRecord {
        try params.validate()
        return try await write { tx in try tx.finishAttempt(params) }
    }

    /// Ends the attempt and claims the worker's next runs in one transaction (see
    /// ``JobStore/finishAttempt(_:claimingNext:)``): one commit where a finish and a claim took two.
    public func finishAttempt(
        _ params: FinishAttemptParams, claimingNext claim: ClaimRunsParams
    )
        async throws -> FinishedAttempt
    {
        try params.validate()
        return try await write { tx in
            let run = try tx.finishAttempt(params)
            return FinishedAttempt(run: run, claimed: try tx.promoteAndClaim(claim))
        }
    }

    /// Cancels a run now, or flags a running one to stop at its next step (see ``JobStore/cancelRun(_:)``).
    public func cancelRun(_ params: CancelRunParams) async throws -> CancelRunResult {
        try await write(audited: params.audit, at: params.now) { tx in try tx.cancelRun(params) }
    }

    /// Re-queues a failed or canceled run (see ``JobStore/retryRun(_:)``).
    public func retryRun(_ params: RetryRunParams) async throws -> RunRecord {
        try params.validate()
        return try await write { tx in try tx.retryRun(params) }
    }

    /// Appends log lines in one transaction.
    public func appendLogs(_ params: AppendLogsParams) async throws {
        guard !params.lines.isEmpty else { return }
        try await write { tx in
            let statement = try tx.db.cachedStatement(
                sql: "INSERT INTO logs (run_id, attempt, step, level, message, at) VALUES (?, ?, ?, ?, ?, ?)")
            for line in params.lines {
                try statement.execute(arguments: [
                    line.runId, line.attempt, line.step, line.level.rawValue, line.message, line.at.millis,
                ])
            }
        }
    }
}

extension Transaction {
    func createRun(_ params: CreateRunParams) throws -> CreateRunResult {
        let now = params.now.millis
        if let key = params.idempotencyKey {
            let held = try db.cachedStatement(
                sql: "SELECT run_id FROM idempotency_keys WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)")
            if let runId = try String.fetchOne(held, arguments: [key, now]) {
                // The key outlives a run pruned by retention: the start is still a duplicate.
                guard let existing = try run(runId) else { return CreateRunResult(prunedRunId: runId) }
                try appendTimeline(
                    existing, at: params.now, kind: .deduplicated, message: existing.deduplicationMessage(key: key))
                return CreateRunResult(run: existing, deduplicated: true)
            }
        }
        let run = try insertRun(params)
        if let key = params.idempotencyKey {
            let claim = try db.cachedStatement(
                sql: """
                    INSERT INTO idempotency_keys (key, run_id, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                    """)
            try claim.execute(arguments: [key, run.id, params.idempotencyExpiresAt?.millis])
        }
        return CreateRunResult(run: run, deduplicated: false)
    }

    func finishAttempt(_ params: FinishAttemptParams) throws -> RunRecord {
        let current = try requireLease(params.lease)
        let change = current.endingAttempt(params.end, worker: params.lease.workerId, now: params.now)
        let stored = try update(change.run, from: current, queuedAt: params.now)
        try endAttempt(
            runId: current.id, number: current.attempt, outcome: change.attemptOutcome, at: params.now,
            error: change.attemptError, signature: change.attemptSignature)
        try appendTimeline(stored, at: params.now, kind: change.timelineKind, message: change.message)
        return stored
    }

    func cancelRun(_ params: CancelRunParams) throws -> CancelRunResult {
        let current = try requireRun(params.runId)
        guard let update = try current.canceling(reason: params.reason, now: params.now) else {
            return CancelRunResult(current)
        }
        return CancelRunResult(try apply(update, from: current, at: params.now))
    }

    /// Writes the retry and, for an operator's, its audit entry with what the retry did.
    func retryRun(_ params: RetryRunParams) throws -> RunRecord {
        let current = try requireRun(params.runId)
        let steps = params.fromStep == nil ? [] : try steps(runId: current.id)
        let change = try current.retrying(
            fresh: params.fresh, fromStep: params.fromStep, steps: steps, by: params.audit?.actorDescription,
            now: params.now)
        switch change.forgottenSteps {
        case .none: break
        case .all:
            try db.execute(sql: "DELETE FROM steps WHERE run_id = ?", arguments: [current.id])
            try db.execute(sql: "DELETE FROM event_consumptions WHERE run_id = ?", arguments: [current.id])
        case .named(let names):
            let json = try StoredJSON.encode(names)
            try db.execute(
                sql: "DELETE FROM steps WHERE run_id = ? AND name IN (SELECT value FROM json_each(?))",
                arguments: [current.id, json])
            try db.execute(
                sql: "DELETE FROM event_consumptions WHERE run_id = ? AND step IN (SELECT value FROM json_each(?))",
                arguments: [current.id, json])
        }
        let retried = try apply(change.update, from: current, at: params.now)
        if let entry = params.auditEntry(for: change) { try insertAudit(entry) }
        return retried
    }
}
