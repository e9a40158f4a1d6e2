import Foundation
import JobStore

/// What "why is this run not moving?" looks at: the run and the state of everything around it.
public struct DiagnosisEvidence: Sendable {
    /// The run.
    public var run: RunRecord
    /// Its queue, with depth by status; nil if the queue has no record yet.
    public var queue: QueueSummary?
    /// Workers that heartbeated recently enough to count as alive.
    public var liveWorkers: [WorkerRecord]
    /// Runs of its queue currently running (the holders of its slots).
    public var runningInQueue: [RunRecord]
    /// Unconsumed events with the waited-for name, for near misses.
    public var eventsWithWaitedName: [EventRecord]
    /// The lock the run last failed to take, if any.
    public var lock: LockRecord?
    /// The time of the diagnosis.
    public var now: Date
    /// Its attempts, oldest first (for a finished run: how its tries went).
    public var attempts: [AttemptRecord]
    /// The failure group of its last error in the last day, for a failed run; nil when none.
    public var failureGroup: FailureGroup?
    /// Who canceled it and why, as the timeline says, for a canceled run.
    public var cancelNote: String?
    /// Who holds ``lock``, as far as the engine can tell.
    public var lockHolder: LockHolder?

    /// Creates evidence.
    public init(
        run: RunRecord, queue: QueueSummary?, liveWorkers: [WorkerRecord], runningInQueue: [RunRecord],
        eventsWithWaitedName: [EventRecord], lock: LockRecord?, now: Date, attempts: [AttemptRecord] = [],
        failureGroup: FailureGroup? = nil, cancelNote: String? = nil, lockHolder: LockHolder? = nil
    ) {
        self.run = run
        self.queue = queue
        self.liveWorkers = liveWorkers
        self.runningInQueue = runningInQueue
        self.eventsWithWaitedName = eventsWithWaitedName
        self.lock = lock
        self.now = now
        self.attempts = attempts
        self.failureGroup = failureGroup
        self.cancelNote = cancelNote
        self.lockHolder = lockHolder
    }
}

/// Turns evidence into one plain sentence, its supporting facts and the fix. Pure: the same evidence
/// always gives the same answer, so every case is tested without a database.
public enum RunDiagnoser {
    /// Diagnoses a run.
    public static func diagnose(_ evidence: DiagnosisEvidence) -> RunDiagnosis {
        let run = evidence.run
        switch run.status {
        case .completed, .failed, .canceled:
            return finished(evidence)
        case .running:
            return running(evidence)
        case .waiting:
            return waiting(evidence)
        case .scheduled:
            if let due = run.runAt, due > evidence.now { return scheduled(evidence, due: due) }
            return ready(evidence)
        case .queued:
            return ready(evidence)
        }
    }

    private static func running(_ evidence: DiagnosisEvidence) -> RunDiagnosis {
        let run = evidence.run
        let owner = run.leaseOwner ?? "an unknown worker"
        let step = run.currentStep.map { " in step \($0)" } ?? ""
        if run.cancelRequested {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .cancelRequested,
                sentence:
                    "Cancel was requested; \(owner) stops it at its next step boundary\(step.isEmpty ? "" : " (now\(step))")."
            )
        }
        guard let expires = run.leaseExpiresAt, expires >= evidence.now else {
            let ago = run.leaseExpiresAt.map { " \(age(evidence.now.timeIntervalSince($0))) ago" } ?? ""
            let recoverer =
                servingWorkers(evidence).isEmpty
                ? " but no live worker serves queue \(run.queue) to recover it"
                : "; a live worker will recover it at its next heartbeat"
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .leaseExpired,
                sentence: "Its worker \(owner) stopped heartbeating: the lease expired\(ago)\(recoverer).",
                evidence: ["try \(TimelineText.tries(run)) was\(step) when the worker went silent"],
                fix: servingWorkers(evidence).isEmpty ? .init(summary: "start a worker for queue \(run.queue)") : nil)
        }
        let started = run.startedAt.map { " for \(age(evidence.now.timeIntervalSince($0)))" } ?? ""
        return RunDiagnosis(
            runId: run.id, status: run.status, reason: .running,
            sentence:
                "It is running\(step) on \(owner)\(started); its lease is healthy (expires in \(age(expires.timeIntervalSince(evidence.now)))).",
            evidence: ["try \(TimelineText.tries(run))"])
    }

    private static func waiting(_ evidence: DiagnosisEvidence) -> RunDiagnosis {
        let run = evidence.run
        guard let wait = run.wait else {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .waitingForEvent, sentence: "It is waiting.")
        }
        let since = age(evidence.now.timeIntervalSince(wait.since))
        var facts: [String] = []
        if servingWorkers(evidence).isEmpty {
            facts.append("no live worker serves queue \(run.queue), so nothing will resume it until one starts")
        }
        guard let name = wait.eventName else {
            let until =
                wait.until.map { "until \(clockTime($0)) (in \(age($0.timeIntervalSince(evidence.now))))" } ?? ""
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .sleeping,
                sentence: "It is sleeping in step \(wait.step) \(until); it has slept \(since).", evidence: facts)
        }
        let key = wait.eventKey ?? ""
        let timeout = wait.until.map { ", times out in \(age($0.timeIntervalSince(evidence.now)))" } ?? ", no timeout"
        let misses = evidence.eventsWithWaitedName.compactMap { event -> RunDiagnosis.NearMiss? in
            RunDiagnosis.NearMiss.difference(expected: key, actual: event.key).map {
                RunDiagnosis.NearMiss(event: event, difference: $0)
            }
        }
        var sentence = "It is waiting for \(name) with key \(key) for \(since)\(timeout)"
        if misses.isEmpty {
            sentence += "; no event with that name and key has arrived."
        } else {
            let keys = misses.map { "\($0.event.key.debugDescription) (\($0.difference))" }.joined(separator: ", ")
            sentence +=
                "; \(misses.count) \(name) event\(misses.count == 1 ? "" : "s") arrived with nearly that key: \(keys)."
        }
        facts += misses.map {
            "event #\($0.event.id) \(name) key \($0.event.key.debugDescription) received \(age(evidence.now.timeIntervalSince($0.event.receivedAt))) ago differs by \($0.difference)"
        }
        return RunDiagnosis(
            runId: run.id, status: run.status, reason: .waitingForEvent, sentence: sentence, evidence: facts,
            fix: .init(
                summary: "send the event", consoleKey: "s",
                command: ["events", "send", name, "--key", key, "--payload", "<JSON>"]),
            nearMisses: misses)
    }

    private static func scheduled(_ evidence: DiagnosisEvidence, due: Date) -> RunDiagnosis {
        let run = evidence.run
        let when = "\(clockTime(due)) (in \(age(due.timeIntervalSince(evidence.now))))"
        guard run.attempt > 0 else {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .delayedStart,
                sentence: "It was started with a delay and begins at \(when).")
        }
        let error = run.error.map { " after \"\($0.message)\"" } ?? ""
        if let lock = evidence.lock, let holder = evidence.lockHolder, holder.isOrphaned {
            // The holder ended without releasing it (its worker died, say): nothing will, until it lapses.
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .blockedOnLock,
                sentence:
                    "It is blocked on lock \(lock.key), held by \(orphanedHolder(holder, now: evidence.now)): "
                    + "the lock is orphaned and lapses only at \(clockTime(lock.expiresAt)) (in "
                    + "\(age(lock.expiresAt.timeIntervalSince(evidence.now)))); it retries at \(when).",
                evidence: ["try \(run.failures)/\(run.maxAttempts) failed\(error)"],
                fix: .init(
                    summary: "release the orphaned lock", consoleKey: "u",
                    command: ["state", "unlock", lock.key, "--owner", lock.owner]),
                lock: lock)
        }
        if let lock = evidence.lock {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .blockedOnLock,
                sentence:
                    "It is blocked on lock \(lock.key), held by \(lock.owner) until \(clockTime(lock.expiresAt)) (in \(age(lock.expiresAt.timeIntervalSince(evidence.now)))); it retries at \(when).",
                evidence: ["try \(run.failures)/\(run.maxAttempts) failed\(error)"],
                fix: .init(
                    summary: "if \(lock.owner) is gone, release the lock (or wait for it to expire)", consoleKey: "u",
                    command: ["state", "unlock", lock.key, "--owner", lock.owner, "--force"]),
                lock: lock)
        }
        return RunDiagnosis(
            runId: run.id, status: run.status, reason: .retryScheduled,
            sentence:
                "Try \(run.failures)/\(run.maxAttempts) failed\(error); try \(TimelineText.tries(run)) is scheduled for \(when).",
            evidence: run.error.map { ["\($0.type): \($0.message)" + ($0.location.map { " (\($0))" } ?? "")] } ?? [])
    }

    private static func ready(_ evidence: DiagnosisEvidence) -> RunDiagnosis {
        let run = evidence.run
        let queued = evidence.queue?.count(.queued) ?? 0
        if evidence.queue?.queue.paused == true {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .queuePaused,
                sentence: "Queue \(run.queue) is paused; \(queued) run\(queued == 1 ? "" : "s") wait in it.",
                fix: .init(
                    summary: "resume queue \(run.queue)", consoleKey: "P",
                    command: ["queues", "resume", run.queue]))
        }
        let serving = servingWorkers(evidence)
        if serving.isEmpty {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .noWorker,
                sentence: "No live worker serves queue \(run.queue).",
                evidence: evidence.liveWorkers.isEmpty
                    ? ["no worker has heartbeated recently"]
                    : evidence.liveWorkers.map { "\($0.id) serves \($0.queues.joined(separator: ", "))" },
                fix: .init(summary: "start a worker with runWorker(queues: [\"\(run.queue)\"])"))
        }
        if !serving.contains(where: { $0.jobs.contains(run.job) }) {
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .noWorker,
                sentence: "No live worker on queue \(run.queue) has a handler for job \(run.job).",
                evidence: serving.map { "\($0.id) handles \($0.jobs.joined(separator: ", "))" },
                fix: .init(summary: "register the job in the worker process: stackshift.job(\"\(run.job)\") { … }"))
        }
        if let limit = evidence.queue?.queue.concurrencyLimit, evidence.runningInQueue.count >= limit {
            let holders = evidence.runningInQueue.map(\.id)
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .concurrencyFull,
                sentence:
                    "Queue \(run.queue) is at its concurrency limit \(evidence.runningInQueue.count)/\(limit), held by \(holders.prefix(5).joined(separator: ", "))\(holders.count > 5 ? " and \(holders.count - 5) more" : "").",
                evidence: evidence.runningInQueue.map {
                    "\($0.id) \($0.job) running\($0.currentStep.map { " step \($0)" } ?? "")"
                },
                holders: holders)
        }
        return RunDiagnosis(
            runId: run.id, status: run.status, reason: .readyToClaim,
            sentence:
                "It is ready; \(serving.count) live worker\(serving.count == 1 ? "" : "s") on queue \(run.queue) should claim it at the next poll (\(queued) queued)."
        )
    }

    /// Live workers whose queues include the run's.
    private static func servingWorkers(_ evidence: DiagnosisEvidence) -> [WorkerRecord] {
        evidence.liveWorkers.filter { $0.queues.contains(evidence.run.queue) }
    }

    /// `850ms`, `12s`, `4m10s`, `3h05m`, `2d4h`.
    /// `run run_…, which failed 20m ago`, `worker w-1, which has sent no heartbeat for 4m10s`: an orphaned
    /// lock's holder, for the sentence.
    static func orphanedHolder(_ holder: LockHolder, now: Date) -> String {
        switch holder {
        case .run(let run):
            let ended = run.finishedAt.map { " \(age(now.timeIntervalSince($0))) ago" } ?? ""
            return "run \(run.id), which \(run.status.rawValue)\(ended)"
        case .worker(let worker, _):
            return
                "worker \(worker.id), which has sent no heartbeat for \(age(now.timeIntervalSince(worker.heartbeatAt)))"
        case .goneRun(let id):
            return "run \(id), which no longer exists"
        case .unknown(let owner):
            return owner
        }
    }

    static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        if seconds < 1 { return "\(Int(saturating: seconds * 1000))ms" }
        let whole = Int(saturating: seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        if whole < 86400 { return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" }
        return "\(whole / 86400)d\(whole % 86400 / 3600)h"
    }

    /// `12:04:33` in UTC (the console and CLI show UTC throughout).
    static func clockTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }

    /// A run that ended: how its tries went, what failed it (and whether the same failure hits other runs
    /// now), or who canceled it and why.
    static func finished(_ evidence: DiagnosisEvidence) -> RunDiagnosis {
        let run = evidence.run
        let took = run.finishedAt.map { " in " + age($0.timeIntervalSince(run.startedAt ?? run.createdAt)) } ?? ""
        let attempts = evidence.attempts.count
        let claims = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        let evidenceLines = attemptPattern(evidence.attempts)
        let retry = RunDiagnosis.Fix(
            summary: "retry it once what failed it is back (completed steps are not run again)", consoleKey: "r",
            command: ["runs", "retry", run.id])
        switch run.status {
        case .completed:
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .finished,
                sentence: "It completed\(took), on try \(TimelineText.tries(run)) (\(claims)); nothing holds it.",
                evidence: evidenceLines)
        case .canceled:
            let note = evidence.cancelNote.map { ": \($0)" } ?? "."
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .finished, sentence: "It was canceled\(note)",
                evidence: evidenceLines, fix: retry)
        default:
            guard let error = run.error else {
                return RunDiagnosis(
                    runId: run.id, status: run.status, reason: .finished,
                    sentence: "It failed after \(run.failures) of \(run.maxAttempts) tries; no error was recorded.",
                    evidence: evidenceLines, fix: retry)
            }
            let place = error.location.map { " at \($0)" } ?? ""
            var sentence =
                "\(run.failures) of \(run.maxAttempts) tries failed, the last with \(error.type): \(error.message)\(place)"
                + (error.retryable ? "." : " (not retryable).")
            if let group = evidence.failureGroup, group.runs > 1 {
                sentence +=
                    " The same failure hit \(group.runs) runs in the last day (\(group.failures) tries, first "
                    + "\(age(evidence.now.timeIntervalSince(group.firstSeen))) ago, last "
                    + "\(age(evidence.now.timeIntervalSince(group.lastSeen))) ago): one cause, not this run."
            }
            return RunDiagnosis(
                runId: run.id, status: run.status, reason: .finished, sentence: sentence, evidence: evidenceLines,
                fix: retry)
        }
    }

    /// The attempts as lines, runs of attempts that ended the same way with the same error joined:
    /// `attempts 2–6 failed: ProviderError: 502 …`; the last five such lines.
    static func attemptPattern(_ attempts: [AttemptRecord]) -> [String] {
        var lines: [(first: Int, last: Int, text: String)] = []
        for attempt in attempts {
            let text =
                attempt.outcome.rawValue + (attempt.error.map { ": \($0.type): \($0.message)" } ?? "")
            if let previous = lines.last, previous.text == text {
                lines[lines.count - 1].last = attempt.number
            } else {
                lines.append((attempt.number, attempt.number, text))
            }
        }
        return lines.suffix(5).map { line in
            (line.first == line.last ? "attempt \(line.first)" : "attempts \(line.first)–\(line.last)") + " "
                + line.text
        }
    }
}
