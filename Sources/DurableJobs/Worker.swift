import Foundation
import JobStore
import Logging
import Synchronization

/// One worker loop: claims runs from its queues up to its concurrency, executes them, renews their leases
/// by heartbeat, and recovers runs whose workers died.
actor Worker {
    private struct InFlight {
        let attempt: AttemptState
        let task: Task<Void, Never>
    }

    let id: WorkerID
    private let queues: [String]
    private let concurrency: Int
    private let options: WorkerOptions
    private let store: any JobStore
    private let clock: any JobClock
    private let logger: Logger
    private let executor: RunExecutor
    private let jobNames: @Sendable () -> [String]
    private let onTick: @Sendable () async -> Void
    let wake = WakeSignal()

    private var inFlight: [RunID: InFlight] = [:]
    /// Set once the worker stops claiming (``stop()``, or its loop ended): read by the loop, and by ending
    /// attempts, off the actor, before they claim the next run with their end.
    private let claimsEnded = Atomic<Bool>(false)
    private let startedAt: Date
    /// Where a worker of one slot runs its handlers: a thread of its own that may block, so the store can write a
    /// lone run's steps and end on it without a hop each (see ``BlockingTaskExecutor``). With
    /// more slots, writes queue up behind the writer and commit together anyway; handlers run on the pool.
    private let handlerExecutor: BlockingTaskExecutor?

    init(
        queues: [String], concurrency: Int, options: WorkerOptions, store: any JobStore, clock: any JobClock,
        logger: Logger, executor: RunExecutor, jobNames: @escaping @Sendable () -> [String],
        onTick: @escaping @Sendable () async -> Void
    ) {
        self.id = options.workerId ?? Worker.makeId()
        self.queues = queues
        self.concurrency = max(1, concurrency)
        self.options = options
        self.store = store
        self.clock = clock
        self.logger = logger
        self.executor = executor
        self.jobNames = jobNames
        self.onTick = onTick
        self.startedAt = clock.now()
        self.handlerExecutor = self.concurrency == 1 ? BlockingTaskExecutor(label: "stackshift.worker.handler") : nil
    }

    static func makeId() -> WorkerID {
        let host = ProcessInfo.processInfo.hostName
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(Identifier.make(prefix: "w").suffix(4))"
    }

    /// Runs until ``stop()`` is called or the calling task is cancelled, then drains.
    func run() async throws {
        FreedMemoryPolicy.install()
        try await heartbeat()
        let beats = Task { await self.heartbeatLoop() }
        defer { beats.cancel() }
        // A store that pushes changes (PostgreSQL LISTEN/NOTIFY) wakes idle workers at once; others are polled.
        let pushes = store.claimNotifications().map { changes in
            Task { [wake] in for await _ in changes { wake.signal() } }
        }
        defer { pushes?.cancel() }
        var storeFailures = 0
        while !claimsEnded.load(ordering: .relaxed) && !Task.isCancelled {
            let free = concurrency - inFlight.count
            var claimed = 0
            if free > 0 {
                do {
                    claimed = try await claim(limit: free)
                    storeFailures = 0
                } catch {
                    storeFailures += 1
                    logger.error("worker \(id) could not claim runs (try \(storeFailures)): \(error)")
                    await wake.wait(timeout: backoff(storeFailures))
                    continue
                }
            }
            if claimed == 0 || inFlight.count >= concurrency {
                await wake.wait(timeout: options.pollInterval)
            }
        }
        claimsEnded.store(true, ordering: .relaxed)
        // Draining must not inherit the caller's cancellation, or the grace period would end at once.
        await Task { await self.drain() }.value
        beats.cancel()
        try? await store.removeWorker(RemoveWorkerParams(workerId: id, now: clock.now()))
    }

    /// Stops claiming; running handlers get the grace period to finish.
    func stop() {
        claimsEnded.store(true, ordering: .relaxed)
        wake.signal()
    }

    private func claim(limit: Int) async throws -> Int {
        let began = ContinuousClock.now
        let claimed = try await store.claimRuns(claimParams(limit: limit, now: clock.now()))
        EngineMetrics.claimed(claimed, after: began.duration(to: .now))
        launch(claimed)
        return claimed.count
    }

    /// Runs each claimed run in a task of its own; in a worker of concurrency 1, an attempt that ends claims
    /// the next run in the same write and hands it back to run here (see ``claimForEndingAttempt()``).
    private func launch(_ claimed: [ClaimedRun]) {
        for run in claimed {
            let attempt = AttemptState(claimed: run, workerId: id)
            let executor = self.executor
            // Detached: a handler must not run on the worker actor, or runs would serialise.
            let task = Task.detached(executorPreference: handlerExecutor) {
                let next = await executor.execute(attempt, claimingNext: { self.claimForEndingAttempt() })
                await self.finished(run.run.id, next: next)
            }
            inFlight[run.run.id] = InFlight(attempt: attempt, task: task)
        }
    }

    /// The claim an ending attempt makes for its slot with its end, in the same transaction; nil when the
    /// worker has other slots, or stops claiming.
    ///
    /// With one slot, every claim the loop makes is a transaction of its own between one run's end and the
    /// next run's start; folding it into the end saves a commit and two hops a run (`stackshift bench`,
    /// concurrency 1 on SQLite: 807 → 902 runs/s, three runs each). With more slots the loop claims what
    /// freed up meanwhile in one batch, which costs the store less than a claim per ending attempt: folding
    /// measured 7% slower at concurrency 64 on SQLite, and 18% slower at 16 on PostgreSQL.
    private nonisolated func claimForEndingAttempt() -> ClaimRunsParams? {
        guard concurrency == 1, !claimsEnded.load(ordering: .relaxed) else { return nil }
        return claimParams(limit: 1, now: clock.now())
    }

    /// A claim of up to `limit` runs for this worker at `now`, with a lease of the worker's length.
    private nonisolated func claimParams(limit: Int, now: Date) -> ClaimRunsParams {
        ClaimRunsParams(
            workerId: id, queues: queues, jobs: jobNames(), limit: limit,
            leaseExpiresAt: now.addingTimeInterval(options.leaseDuration.timeInterval), now: now)
    }

    /// A run's task ended: its slot goes to the run its end claimed, if any. The loop is woken only when the
    /// end made no claim: one that found nothing saw what the loop's own claim would (new work wakes the loop
    /// as always), and a stopping worker's ends make none, so the drain still hears of each.
    private func finished(_ runId: RunID, next: [ClaimedRun]?) {
        inFlight[runId] = nil
        launch(next ?? [])
        if next == nil { wake.signal() }
    }

    private func heartbeatLoop() async {
        var memory = FreeMemoryRelease()
        while !Task.isCancelled {
            // Leases are measured on the engine clock; a compressed clock needs faster real-time heartbeats.
            try? await Task.sleep(for: options.heartbeatInterval / max(clock.rate, 1))
            if Task.isCancelled { return }
            do {
                try await heartbeat()
                let recovered = try await store.recoverExpiredLeases(RecoverLeasesParams(now: clock.now()))
                if !recovered.isEmpty {
                    logger.notice("worker \(id) recovered \(recovered.count) runs whose lease expired")
                    wake.signal()
                }
                await onTick()
                memory.releaseIfDue()
            } catch {
                logger.error("worker \(id) heartbeat failed: \(error)")
            }
        }
    }

    private func heartbeat() async throws {
        let now = clock.now()
        let held = inFlight.values.map { HeldLease(lease: $0.attempt.lease, currentStep: $0.attempt.currentStep) }
        let record = WorkerRecord(
            id: id, host: ProcessInfo.processInfo.hostName, pid: Int(ProcessInfo.processInfo.processIdentifier),
            queues: queues, jobs: jobNames(), concurrency: concurrency, startedAt: startedAt, heartbeatAt: now)
        let result = try await store.heartbeat(
            HeartbeatParams(
                worker: record, leases: held,
                leaseExpiresAt: now.addingTimeInterval(options.leaseDuration.timeInterval), now: now))
        let current = inFlight.mapValues(\.attempt.lease)
        for (runId, reason) in Self.stops(for: result, renewing: held.map(\.lease), current: current) {
            inFlight[runId]?.attempt.requestStop(reason)
            inFlight[runId]?.task.cancel()
        }
    }

    /// The attempts a heartbeat's answer stops: those whose run was canceled, or whose lease the store no
    /// longer knows. Only an attempt still in flight under the lease the heartbeat renewed is stopped: the
    /// heartbeat read its leases before its write, and meanwhile an attempt may have ended and the same run
    /// been claimed again; the new attempt holds a new lease the answer says nothing about.
    static func stops(
        for result: HeartbeatResult, renewing renewed: [RunLease], current: [RunID: RunLease]
    ) -> [(RunID, AttemptState.Stop)] {
        let renewedByRun = Dictionary(renewed.map { ($0.runId, $0) }, uniquingKeysWith: { first, _ in first })
        func stillHeld(_ runId: RunID) -> Bool {
            guard let lease = renewedByRun[runId] else { return false }
            return current[runId] == lease
        }
        let canceled = result.cancelRequested.filter(stillHeld).sorted().map { ($0, AttemptState.Stop.cancelRequested) }
        let lost = result.lost.filter(stillHeld).sorted().map { ($0, AttemptState.Stop.leaseLost) }
        return canceled + lost
    }

    private func drain() async {
        let deadline = ContinuousClock.now + options.shutdownGracePeriod
        while !inFlight.isEmpty && ContinuousClock.now < deadline {
            await wake.wait(timeout: min(deadline - ContinuousClock.now, .milliseconds(100)))
        }
        for (_, running) in inFlight {
            running.attempt.requestStop(.interrupted)
            running.task.cancel()
        }
        for (_, running) in inFlight { await running.task.value }
    }

    private func backoff(_ failures: Int) -> Duration {
        .milliseconds(min(10_000, 100 * (1 << min(failures, 7))))
    }
}
