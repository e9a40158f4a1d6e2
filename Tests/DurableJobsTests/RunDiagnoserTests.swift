import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Testing

@Suite("Why is this run not moving?")
struct RunDiagnoserTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func run(_ status: RunStatus, _ change: (inout RunRecord) -> Void = { _ in }) -> RunRecord {
        var run = RunRecord(
            id: "run_1", job: "sendVerificationEmail", queue: "emails", status: status, payloadJSON: "{}",
            attempt: 0, maxAttempts: 5, retryPolicy: .standard, createdAt: now.addingTimeInterval(-300),
            updatedAt: now.addingTimeInterval(-60))
        change(&run)
        return run
    }

    static func worker(queues: [String] = ["emails"], jobs: [String] = ["sendVerificationEmail"]) -> WorkerRecord {
        WorkerRecord(
            id: "w-1", host: "api-7", pid: 42, queues: queues, jobs: jobs, concurrency: 8, startedAt: now,
            heartbeatAt: now.addingTimeInterval(-3))
    }

    static func queue(paused: Bool = false, limit: Int? = nil, queued: Int = 3) -> QueueSummary {
        QueueSummary(
            queue: QueueRecord(name: "emails", concurrencyLimit: limit, paused: paused, updatedAt: now),
            counts: [.queued: queued], oldestQueuedAt: now.addingTimeInterval(-120))
    }

    static func diagnose(
        _ run: RunRecord, queue: QueueSummary? = queue(), workers: [WorkerRecord] = [worker()],
        running: [RunRecord] = [], events: [EventRecord] = [], lock: LockRecord? = nil
    ) -> RunDiagnosis {
        RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: run, queue: queue, liveWorkers: workers, runningInQueue: running, eventsWithWaitedName: events,
                lock: lock, now: now))
    }

    @Test("queue paused")
    func queuePaused() {
        let diagnosis = Self.diagnose(Self.run(.queued), queue: Self.queue(paused: true, queued: 12))
        #expect(diagnosis.reason == .queuePaused)
        #expect(diagnosis.sentence == "Queue emails is paused; 12 runs wait in it.")
        #expect(
            diagnosis.fix
                == RunDiagnosis.Fix(
                    summary: "resume queue emails", consoleKey: "P",
                    command: ["queues", "resume", "emails"]))
    }

    @Test("concurrency limit full, naming the runs holding it")
    func concurrencyFull() {
        let holders = (1...5).map { index in
            Self.run(.running) {
                $0.id = "run_h\(index)"
                $0.currentStep = "render"
            }
        }
        let diagnosis = Self.diagnose(Self.run(.queued), queue: Self.queue(limit: 5), running: holders)
        #expect(diagnosis.reason == .concurrencyFull)
        #expect(
            diagnosis.sentence
                == "Queue emails is at its concurrency limit 5/5, held by run_h1, run_h2, run_h3, run_h4, run_h5.")
        #expect(diagnosis.holders.count == 5)
    }

    @Test("no live worker serves the queue, or none has the job")
    func noWorker() {
        let none = Self.diagnose(Self.run(.queued), workers: [])
        #expect(none.reason == .noWorker)
        #expect(none.sentence == "No live worker serves queue emails.")
        let elsewhere = Self.diagnose(Self.run(.queued), workers: [Self.worker(queues: ["billing"])])
        #expect(elsewhere.reason == .noWorker)
        #expect(elsewhere.evidence == ["w-1 serves billing"])
        let noHandler = Self.diagnose(Self.run(.queued), workers: [Self.worker(jobs: ["resizeImage"])])
        #expect(noHandler.reason == .noWorker)
        #expect(noHandler.sentence == "No live worker on queue emails has a handler for job sendVerificationEmail.")
    }

    @Test("retry scheduled: the failed try of the budget, the next one, when, last error")
    func retryScheduled() {
        let run = Self.run(.scheduled) {
            // Five claims (two resumed from waits), three failures: the budget counts the failures.
            $0.attempt = 5
            $0.failures = 3
            $0.runAt = Self.now.addingTimeInterval(12)
            $0.error = ErrorDetail(type: "ProviderError", message: "mail provider returned 503")
        }
        let diagnosis = Self.diagnose(run)
        #expect(diagnosis.reason == .retryScheduled)
        #expect(
            diagnosis.sentence
                == "Try 3/5 failed after \"mail provider returned 503\"; try 4/5 is scheduled for 08:00:12 (in 12s).")
    }

    @Test("delayed start")
    func delayedStart() {
        let diagnosis = Self.diagnose(Self.run(.scheduled) { $0.runAt = Self.now.addingTimeInterval(250) })
        #expect(diagnosis.reason == .delayedStart)
        #expect(diagnosis.sentence == "It was started with a delay and begins at 08:04:10 (in 4m10s).")
    }

    @Test("waiting for an event, with near-miss events listed")
    func waitingWithNearMisses() {
        let run = Self.run(.waiting) {
            $0.wait = WaitCondition(
                step: "await-confirmation", eventName: "payment.confirmed", eventKey: "pay_123",
                until: Self.now.addingTimeInterval(3600), since: Self.now.addingTimeInterval(-240))
        }
        let events = ["PAY_123", "pay_124", "pay_999"].enumerated().map { index, key in
            EventRecord(
                id: Int64(index + 1), name: "payment.confirmed", key: key, payloadJSON: "{}",
                receivedAt: Self.now.addingTimeInterval(-30), expiresAt: Self.now.addingTimeInterval(86_400))
        }
        let diagnosis = Self.diagnose(run, events: events)
        #expect(diagnosis.reason == .waitingForEvent)
        #expect(
            diagnosis.sentence
                == "It is waiting for payment.confirmed with key pay_123 for 4m00s, times out in 1h00m; 2 payment.confirmed events arrived with nearly that key: \"PAY_123\" (case), \"pay_124\" (one character)."
        )
        #expect(diagnosis.nearMisses.map(\.event.key) == ["PAY_123", "pay_124"])
        #expect(diagnosis.fix?.consoleKey == "s")
        #expect(
            diagnosis.fix?.command == [
                "events", "send", "payment.confirmed", "--key", "pay_123", "--payload", "<JSON>",
            ])
    }

    @Test("sleeping until a time")
    func sleeping() {
        let run = Self.run(.waiting) {
            $0.wait = WaitCondition(
                step: "cool-off", until: Self.now.addingTimeInterval(600), since: Self.now.addingTimeInterval(-60))
        }
        let diagnosis = Self.diagnose(run)
        #expect(diagnosis.reason == .sleeping)
        #expect(diagnosis.sentence == "It is sleeping in step cool-off until 08:10:00 (in 10m00s); it has slept 1m00s.")
    }

    @Test("running with a healthy lease")
    func runningHealthy() {
        let run = Self.run(.running) {
            $0.attempt = 1
            $0.leaseOwner = "w-1"
            $0.leaseExpiresAt = Self.now.addingTimeInterval(25)
            $0.startedAt = Self.now.addingTimeInterval(-95)
            $0.currentStep = "render-template"
        }
        let diagnosis = Self.diagnose(run)
        #expect(diagnosis.reason == .running)
        #expect(
            diagnosis.sentence
                == "It is running in step render-template on w-1 for 1m35s; its lease is healthy (expires in 25s).")
    }

    @Test("lease expired and due for recovery")
    func leaseExpired() {
        let run = Self.run(.running) {
            $0.attempt = 2
            $0.leaseOwner = "w-dead"
            $0.leaseExpiresAt = Self.now.addingTimeInterval(-40)
        }
        let diagnosis = Self.diagnose(run)
        #expect(diagnosis.reason == .leaseExpired)
        #expect(
            diagnosis.sentence
                == "Its worker w-dead stopped heartbeating: the lease expired 40s ago; a live worker will recover it at its next heartbeat."
        )
        #expect(
            Self.diagnose(run, workers: []).sentence.hasSuffix("but no live worker serves queue emails to recover it."))
    }

    @Test("blocked on a lock: owner and expiry")
    func blockedOnLock() {
        let run = Self.run(.scheduled) {
            $0.attempt = 2
            $0.runAt = Self.now.addingTimeInterval(4)
            $0.error = ErrorDetail(
                type: "LockUnavailable", message: "lock search-index:rebuild is held by run_old",
                location: "lock search-index:rebuild")
        }
        let lock = LockRecord(
            key: "search-index:rebuild", owner: "run_old", acquiredAt: Self.now.addingTimeInterval(-600),
            expiresAt: Self.now.addingTimeInterval(7140))
        let diagnosis = Self.diagnose(run, lock: lock)
        #expect(diagnosis.reason == .blockedOnLock)
        #expect(
            diagnosis.sentence
                == "It is blocked on lock search-index:rebuild, held by run_old until 09:59:00 (in 1h59m); it retries at 08:00:04 (in 4s)."
        )
        #expect(diagnosis.lock == lock)
    }

    @Test("cancel requested, ready to claim, finished")
    func otherCases() {
        let canceling = Self.diagnose(
            Self.run(.running) {
                $0.cancelRequested = true
                $0.leaseOwner = "w-1"
                $0.leaseExpiresAt = Self.now
            })
        #expect(canceling.reason == .cancelRequested)
        #expect(Self.diagnose(Self.run(.queued)).reason == .readyToClaim)
        #expect(Self.diagnose(Self.run(.failed)).reason == .finished)
    }

    @Test("a failed run: how its tries went, its last error, and how many other runs the same failure hit")
    func failedRun() throws {
        let error = ErrorDetail(type: "ProviderError", message: "502 for cus_a1", location: "step provision")
        let failed = Self.run(.failed) {
            $0.failures = 5
            $0.error = error
        }
        let attempts = (1...5).map { number in
            AttemptRecord(
                runId: "run_1", number: number, workerId: "w-1", startedAt: Self.now, outcome: .failed, error: error)
        }
        let group = FailureGroup(
            signature: FailureSignature.of(job: failed.job, error: error), job: failed.job, failures: 40, runs: 12,
            firstSeen: Self.now.addingTimeInterval(-1200), lastSeen: Self.now.addingTimeInterval(-5), example: error,
            buckets: [])
        let diagnosis = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: failed, queue: Self.queue(), liveWorkers: [Self.worker()], runningInQueue: [],
                eventsWithWaitedName: [], lock: nil, now: Self.now, attempts: attempts, failureGroup: group))
        #expect(diagnosis.reason == .finished)
        #expect(
            diagnosis.sentence
                == "5 of 5 tries failed, the last with ProviderError: 502 for cus_a1 at step provision. The same failure "
                + "hit 12 runs in the last day (40 tries, first 20m00s ago, last 5s ago): one cause, not this run.")
        #expect(diagnosis.evidence == ["attempts 1–5 failed: ProviderError: 502 for cus_a1"])
        #expect(diagnosis.fix?.consoleKey == "r" && diagnosis.fix?.command == ["runs", "retry", "run_1"])
        let alone = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: failed, queue: nil, liveWorkers: [], runningInQueue: [], eventsWithWaitedName: [], lock: nil,
                now: Self.now, attempts: attempts))
        #expect(!alone.sentence.contains("same failure"), "no group: nothing said about other runs")
    }

    @Test("a canceled run says who canceled it and why; a completed one how long and how many tries")
    func canceledAndCompleted() {
        let canceled = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: Self.run(.canceled), queue: nil, liveWorkers: [], runningInQueue: [], eventsWithWaitedName: [],
                lock: nil, now: Self.now, cancelNote: "canceled by ada@laptop via console: duplicate order"))
        #expect(canceled.sentence == "It was canceled: canceled by ada@laptop via console: duplicate order")
        let completed = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: Self.run(.completed) {
                    $0.startedAt = Self.now.addingTimeInterval(-10)
                    $0.finishedAt = Self.now.addingTimeInterval(-8)
                }, queue: nil, liveWorkers: [], runningInQueue: [], eventsWithWaitedName: [], lock: nil, now: Self.now))
        #expect(completed.sentence == "It completed in 2s, on try 1/5 (0 attempts); nothing holds it.")
        #expect(completed.fix == nil)
    }

    @Test("a lock held by a run that ended is orphaned: the sentence says so and the fix releases it")
    func orphanedLock() {
        let blocked = Self.run(.scheduled) {
            $0.attempt = 2
            $0.failures = 1
            $0.runAt = Self.now.addingTimeInterval(4)
            $0.error = ErrorDetail(type: "LockUnavailable", message: "held", location: "lock search-index:rebuild")
        }
        let lock = LockRecord(
            key: "search-index:rebuild", owner: "run_old", acquiredAt: Self.now.addingTimeInterval(-1500),
            expiresAt: Self.now.addingTimeInterval(5700))
        var holder = Self.run(.failed) { $0.finishedAt = Self.now.addingTimeInterval(-1200) }
        holder.id = "run_old"
        let orphaned = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: blocked, queue: Self.queue(), liveWorkers: [Self.worker()], runningInQueue: [],
                eventsWithWaitedName: [], lock: lock, now: Self.now, lockHolder: .run(holder)))
        #expect(orphaned.reason == .blockedOnLock)
        #expect(orphaned.sentence.contains("held by run run_old, which failed 20m00s ago: the lock is orphaned"))
        #expect(orphaned.fix?.command == ["state", "unlock", "search-index:rebuild", "--owner", "run_old"])
        var alive = holder
        alive.status = .running
        alive.finishedAt = nil
        let busy = RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: blocked, queue: Self.queue(), liveWorkers: [Self.worker()], runningInQueue: [],
                eventsWithWaitedName: [], lock: lock, now: Self.now, lockHolder: .run(alive)))
        #expect(!busy.sentence.contains("orphaned"), "a holder still running holds it for a reason")

        // A worker that stopped heartbeating holds it: orphaned too. One that heartbeats, or an owner the engine
        // cannot check, is not.
        var workerLock = lock
        workerLock.owner = "w-9"
        var silent = Self.worker()
        silent.id = "w-9"
        silent.heartbeatAt = Self.now.addingTimeInterval(-250)
        func diagnosis(_ holder: LockHolder) -> RunDiagnosis {
            RunDiagnoser.diagnose(
                DiagnosisEvidence(
                    run: blocked, queue: Self.queue(), liveWorkers: [Self.worker()], runningInQueue: [],
                    eventsWithWaitedName: [], lock: workerLock, now: Self.now, lockHolder: holder))
        }
        #expect(
            diagnosis(.worker(silent, silent: true)).sentence.contains(
                "held by worker w-9, which has sent no heartbeat for 4m10s: the lock is orphaned"))
        #expect(!diagnosis(.worker(silent, silent: false)).sentence.contains("orphaned"))
        #expect(!diagnosis(.unknown("w-9")).sentence.contains("orphaned"))
        #expect(diagnosis(.goneRun("run_gone")).sentence.contains("held by run run_gone, which no longer exists"))
    }

    @Test("end to end: why on a failed run finds the failure group its signature is in")
    func failedRunEndToEnd() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        stackshift.job("provision", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) in
            try await ctx.step.run("call") { throw JobError("502 for cus_\(ctx.payload.id)1") }
        }
        var ids: [RunID] = []
        for index in 0..<3 { ids.append(try await stackshift.start("provision", payload: Item(id: "c\(index)")).id) }
        try await engine.withWorker {
            for id in ids {
                let run = try await stackshift.waitForRun(id, timeout: .testPatience)
                #expect(run.status == .failed)
            }
        }
        let why = try await stackshift.why(ids[0])
        #expect(why.sentence.contains("The same failure hit 3 runs"), "\(why.sentence)")
    }

    @Test("end to end: why on a real database sees a paused queue and a near-miss event")
    func endToEnd() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        stackshift.job("provision") { (ctx: JobContext<Item>) -> String? in
            try await ctx.step.waitForEvent("await", event: "payment.confirmed", key: ctx.payload.id)
        }
        let waiting = try await stackshift.start("provision", payload: Item(id: "pay_123"))
        try await engine.withWorker {
            try await stackshift.waitForRun(waiting.id, toBe: [.waiting], timeout: .testPatience)
            try await stackshift.sendEvent("payment.confirmed", key: "PAY_123", payload: "wrong key")
            let diagnosis = try await stackshift.why(waiting.id)
            #expect(diagnosis.reason == .waitingForEvent)
            #expect(diagnosis.nearMisses.map(\.event.key) == ["PAY_123"])

            try await stackshift.queue("emails").pause()
            let held = try await stackshift.queue("emails").enqueue("provision", payload: Item(id: "x"))
            #expect(try await stackshift.why(held.id).reason == .queuePaused)
        }
        await #expect(throws: JobStoreError.runNotFound("run_missing")) { try await stackshift.why("run_missing") }
    }
}
