import Foundation
import JobStore
import PostgresNIO

/// What a look at the queues, without locks, found: whether a claim can succeed, and how to lock.
///
/// Most claims come from workers woken by another process's commit, and most of those find nothing: the
/// queue is full or paused, or every queued run is taken. Answering that with one statement outside a
/// transaction keeps such claims from locking the queues every real claim needs. The look may be stale in
/// both directions: a queue it finds full may free up a moment later (the commit that frees it notifies
/// every worker, which look again), and a queue it finds claimable is checked again under its lock.
struct ClaimOutlook {
    /// Whether a scheduled or waiting run is due: it is promoted first, and then every queue is worth a claim.
    var due = false
    /// The worker's queues that exist, in the order the worker gave them.
    var existing: [String] = []
    /// Those not paused, below their concurrency limit, with a queued run of one of the worker's jobs.
    var claimable: [String] = []
    /// Those with a concurrency limit.
    var limited: Set<String> = []

    /// The queues a claim should try.
    var queuesToClaim: [String] { due ? existing : claimable }

    /// Whether a claim could find anything: a due run to promote, or a queue to claim from.
    var worthClaiming: Bool { due || !queuesToClaim.isEmpty }
}

extension Transaction {
    /// The most due runs moved to `queued` per call; the rest follow on the next call.
    static let promotionBatch = 500

    /// Looks at `queues` without locking anything (see ``ClaimOutlook``).
    func claimOutlook(queues: [String], jobs: [String], now: Date) async throws -> ClaimOutlook {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(now.millis)
        bindings.append(jobs)
        bindings.append(queues)
        let found = try await rows(ClaimStatements.Outlook.self, bindings)
        var outlook = ClaimOutlook()
        var existing: Set<String> = []
        var claimable: Set<String> = []
        for row in found {
            outlook.due = try row.bool("due")
            guard let name = try row.value("name", as: String?.self) else { continue }
            existing.insert(name)
            if try row.bool("claimable") { claimable.insert(name) }
            if try row.bool("limited") { outlook.limited.insert(name) }
        }
        outlook.existing = queues.filter { existing.contains($0) }
        outlook.claimable = queues.filter { claimable.contains($0) }
        return outlook
    }

    /// Moves due `scheduled` runs and `waiting` runs whose timeout or wake-up time passed to `queued`.
    func promoteDueRuns(now: Date) async throws {
        let due = try await rows(
            """
            SELECT * FROM runs WHERE status IN ('scheduled', 'waiting') AND run_at <= \(now.millis)
            ORDER BY run_at LIMIT \(Self.promotionBatch) FOR UPDATE SKIP LOCKED
            """)
        for current in try due.map(Decode.run) {
            try await apply(current.becomingDue(now: now), from: current.status, at: now)
        }
    }

    /// Promotes due runs and claims as `outlook` says.
    func claim(_ params: ClaimRunsParams, as outlook: ClaimOutlook) async throws -> [ClaimedRun] {
        if outlook.due { try await promoteDueRuns(now: params.now) }
        return try await claim(params, from: outlook.queuesToClaim, limited: outlook.limited)
    }

    /// A claim inside a transaction that already wrote (a finishing attempt's): the outlook is read in it,
    /// then due runs are promoted and runs claimed as it says.
    func lookAndClaim(_ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        guard !params.claimsNothing else { return [] }
        let outlook = try await claimOutlook(queues: params.distinctQueues, jobs: params.jobs, now: params.now)
        guard outlook.worthClaiming else { return [] }
        return try await claim(params, as: outlook)
    }

    /// Claims up to `params.limit` queued runs from `queues`, locking limited queues exclusively (in name
    /// order, before counting their running runs) and the others shared.
    ///
    /// A limited queue's claims take turns, so each counts what the previous one committed. An unlimited
    /// queue needs no count: its claims hold shared locks and run side by side, kept apart by `SKIP LOCKED`
    /// on the runs, while a pause or a new limit (an update of the queue's row) still waits for the claims
    /// in progress. If the look and the lock disagree about a limit, the claim skips that queue.
    func claim(_ params: ClaimRunsParams, from queues: [String], limited: Set<String>) async throws -> [ClaimedRun] {
        guard !params.claimsNothing, !queues.isEmpty else { return [] }
        let exclusive = queues.filter { limited.contains($0) }
        let shared = queues.filter { !limited.contains($0) }
        var settings: [Row] = []
        if !exclusive.isEmpty {
            settings += try await rows(ClaimStatements.LockExclusive.self, Self.bindings(exclusive))
        }
        if !shared.isEmpty { settings += try await rows(ClaimStatements.LockShared.self, Self.bindings(shared)) }
        var open: Set<String> = []
        var limits: [String: Int] = [:]
        for row in settings {
            let name = try row.string("name")
            guard try !row.bool("paused") else { continue }
            if let limit = try row.optionalInt("concurrency_limit") {
                // Limited since the look: a shared lock cannot make the count safe. The change notified every
                // worker, and the next claim locks the queue exclusively.
                guard limited.contains(name) else { continue }
                limits[name] = limit
            }
            open.insert(name)
        }
        var running: [String: Int] = [:]
        if !limits.isEmpty {
            for row in try await rows(ClaimStatements.CountRunning.self, Self.bindings(Array(limits.keys))) {
                running[try row.string("queue")] = try row.int("count")
            }
        }

        // Each queue contributes at most its free slots, best first; the merge picks the best overall.
        var candidates: [ClaimCandidate] = []
        for queue in queues where open.contains(queue) {
            let take = params.slots(concurrencyLimit: limits[queue], running: running[queue, default: 0])
            guard take > 0 else { continue }
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(queue)
            bindings.append(params.jobs)
            bindings.append(take)
            for row in try await rows(ClaimStatements.Pick.self, bindings) {
                let queuedAt = Date(millis: try row.value("queued_at", as: Millis?.self) ?? 0)
                candidates.append(ClaimCandidate(run: try Decode.run(row), queuedAt: queuedAt))
            }
        }
        return try await start(params.picking(candidates), params)
    }

    /// Starts an attempt of each (locked, queued) run for the claiming worker, as
    /// ``RunRecord/claimed(by:leaseExpiresAt:now:)`` works it out: one statement writes the runs, inserts their
    /// attempts and their timeline entries (``ClaimStatements/Start``).
    private func start(_ picked: [RunRecord], _ params: ClaimRunsParams) async throws -> [ClaimedRun] {
        guard !picked.isEmpty else { return [] }
        var updates: [RunUpdate] = []
        for current in picked {
            let update = current.claimed(by: params.workerId, leaseExpiresAt: params.leaseExpiresAt, now: params.now)
            try current.status.validateTransition(to: update.run.status, runId: current.id)
            updates.append(update)
        }
        // Promotions made by this transaction come first on the timeline.
        try await flushTimeline()
        let bindings = try ClaimStatements.startBindings(updates, at: params.now)
        var byId: [RunID: RunRecord] = [:]
        for row in try await rows(ClaimStatements.Start.self, bindings) {
            let run = try Decode.run(row)
            byId[run.id] = run
        }
        // Every picked run is locked by this transaction, so every one was updated.
        let claimed = picked.compactMap { byId[$0.id] }
        // Steps are only ever stored under a lease, so a run claimed for the first time has none.
        var steps: [RunID: [StepRecord]] = [:]
        let resumed = picked.filter { $0.attempt > 0 }.map(\.id)
        if !resumed.isEmpty {
            for row in try await rows("SELECT * FROM steps WHERE run_id = ANY(\(resumed)) ORDER BY id") {
                let step = try Decode.step(row)
                steps[step.runId, default: []].append(step)
            }
        }
        return claimed.map { ClaimedRun(run: $0, steps: steps[$0.id] ?? []) }
    }

    private static func bindings(_ names: [String]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(names)
        return bindings
    }
}
