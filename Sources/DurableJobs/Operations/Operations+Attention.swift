import Foundation
import JobStore

extension Operations {
    /// When a queue counts as falling behind: its oldest queued run has waited this long.
    public static let queueBehindAfter: TimeInterval = 300
    /// When a wait with no near miss counts as long.
    public static let longWaitAfter: TimeInterval = 3600
    /// The most items of one kind listed (the rest are counted in the last one's summary).
    static let attentionPerKind = 5
    /// The waiting runs examined for near misses and long waits: the newest this many. Decoding them is most of
    /// the list's cost (`stackshift bench`: a thousand took ~8 ms at a million runs).
    static let waitsExamined = 500

    /// What needs attention now, most urgent first: the failure causes of the last hour, orphaned locks,
    /// expired leases, paused queues with work in them, waits with near-miss events, queues falling behind,
    /// silent workers and long waits, breadth first (the first of each kind, then the second of each…). Empty
    /// when all is well.
    ///
    /// Each kind is one bounded read over an index; the Overview and `stackshift status` both list this.
    public func attention() async throws -> [AttentionItem] {
        let now = now()
        async let queues = store.queueSummaries(QueueSummaryParams(finishedSince: now))
        async let workers = workers()
        async let found = storeAttention(now: now)
        return Self.ranked(try await found + Self.attentionItems(queues: queues, workers: workers, now: now))
    }

    /// Failing causes, orphaned locks, expired leases and stuck waits: the reads of their own the list makes,
    /// side by side (the list costs the slowest of them, not their sum).
    func storeAttention(now: Date) async throws -> [AttentionItem] {
        async let failing = failureGroups(window: .seconds(AttentionItem.failureWindow), limit: Self.attentionPerKind)
        async let locks = lockItems(now: now)
        async let runs = runItems(now: now)
        let failures = try await failing.map { group in
            AttentionItem(
                kind: .failures,
                summary: "\(group.signature): \(group.failures) failure\(group.failures == 1 ? "" : "s") in "
                    + "\(group.runs) run\(group.runs == 1 ? "" : "s") in the last hour",
                target: group.signature, since: group.firstSeen, count: group.failures)
        }
        return try await failures + locks + runs
    }

    /// Paused queues with work, queues behind and silent workers, from queues and workers already read (the
    /// overview reads them for its own panels).
    static func attentionItems(queues: [QueueSummary], workers: WorkerActivity, now: Date) -> [AttentionItem] {
        // Since its last heartbeat: a silent worker did beat once, and how long ago is what on-call weighs.
        queueItems(queues, now: now)
            + workers.workers.filter { workers.silent.contains($0.id) }.sorted { $0.id < $1.id }
            .prefix(attentionPerKind).map { worker in
                AttentionItem(
                    kind: .silentWorker,
                    summary: "worker \(worker.id) has sent no heartbeat for "
                        + RunDiagnoser.age(now.timeIntervalSince(worker.heartbeatAt)),
                    target: worker.id, since: worker.heartbeatAt)
            }
    }

    /// Items ranked breadth first: the first of each kind, most urgent kind first, then the second of each, and
    /// so on. Five failing causes then do not hide the paused queue and the orphaned lock below the fold of a small
    /// screen: the first lines show every different thing that is wrong.
    static func ranked(_ items: [AttentionItem]) -> [AttentionItem] {
        var seen: [AttentionItem.Kind: Int] = [:]
        let ranks = items.map { item in
            defer { seen[item.kind, default: 0] += 1 }
            return seen[item.kind, default: 0]
        }
        return zip(items, ranks).enumerated()
            .sorted { ($0.element.1, $0.element.0.kind, $0.offset) < ($1.element.1, $1.element.0.kind, $1.offset) }
            .map(\.element.0)
    }

    /// Locks whose holder has ended or gone silent.
    private func lockItems(now: Date) async throws -> [AttentionItem] {
        var items: [AttentionItem] = []
        for lock in try await store.listLocks(LockQuery(prefix: "", now: now)).prefix(100) {
            let holder = try await client.holder(of: lock)
            guard holder.isOrphaned, items.count < Self.attentionPerKind else { continue }
            // The run that left it stands for it: `w` on the item explains how that run ended.
            let runId: RunID? = if case .run(let run) = holder { run.id } else { nil }
            items.append(
                AttentionItem(
                    kind: .orphanedLock,
                    summary: "lock \(lock.key) is orphaned: held by \(holder.description(now: now)); it lapses by "
                        + "itself in \(RunDiagnoser.age(lock.expiresAt.timeIntervalSince(now)))",
                    target: lock.key, runId: runId, since: lock.acquiredAt))
        }
        return items
    }

    /// Running runs whose lease expired, and waits that are stuck: with a near-miss event, or just long.
    private func runItems(now: Date) async throws -> [AttentionItem] {
        var items: [AttentionItem] = []
        let running = try await store.listRuns(RunQuery(statuses: [.running], limit: 1000))
        for run in running where (run.leaseExpiresAt ?? .distantFuture) < now {
            guard items.count < Self.attentionPerKind else { break }
            items.append(
                AttentionItem(
                    kind: .expiredLease,
                    summary: "run \(run.id) (\(run.job)) is running on an expired lease from "
                        + "\(run.leaseOwner ?? "a worker"): it is recovered at the next sweep",
                    target: run.id, runId: run.id, since: run.leaseExpiresAt))
        }
        // The newest waits examined, the oldest of them first: the longer a wait, the likelier it is stranded.
        let waiting = try await store.listRuns(RunQuery(statuses: [.waiting], limit: Self.waitsExamined))
            .filter { $0.wait?.eventName != nil }
            .sorted { ($0.wait?.since ?? now) < ($1.wait?.since ?? now) }
        var near = 0
        var long = 0
        // Many runs wait for the same event name: its unconsumed events are read once.
        var unconsumed: [String: [EventRecord]] = [:]
        for run in waiting.prefix(100) {
            guard let wait = run.wait, let name = wait.eventName, let key = wait.eventKey else { continue }
            let waited = RunDiagnoser.age(now.timeIntervalSince(wait.since))
            if unconsumed[name] == nil {
                unconsumed[name] = try await store.listEvents(
                    EventQuery(name: name, unconsumedOnly: true, limit: 100, now: now))
            }
            let events = unconsumed[name] ?? []
            let misses = events.filter { RunDiagnosis.NearMiss.difference(expected: key, actual: $0.key) != nil }
            if let miss = misses.first, near < Self.attentionPerKind {
                near += 1
                items.append(
                    AttentionItem(
                        kind: .nearMissWait,
                        summary: "run \(run.id) has waited \(waited) for \(name) key \(key); an event with key "
                            + "\(miss.key) nearly matches",
                        target: run.id, runId: run.id, since: wait.since, count: misses.count))
            } else if misses.isEmpty, now.timeIntervalSince(wait.since) >= Self.longWaitAfter,
                long < Self.attentionPerKind
            {
                long += 1
                items.append(
                    AttentionItem(
                        kind: .longWait, summary: "run \(run.id) has waited \(waited) for \(name) key \(key)",
                        target: run.id, runId: run.id, since: wait.since))
            }
        }
        return items
    }

    /// Paused queues with runs waiting in them, and queues whose oldest queued run has waited long.
    private static func queueItems(_ queues: [QueueSummary], now: Date) -> [AttentionItem] {
        var items: [AttentionItem] = []
        for summary in queues {
            let queued = summary.count(.queued)
            let name = summary.queue.name
            if summary.queue.paused, queued > 0 {
                items.append(
                    AttentionItem(
                        kind: .pausedQueue,
                        summary: "queue \(name) is paused with \(queued) run\(queued == 1 ? "" : "s") queued",
                        target: name, since: summary.queue.updatedAt, count: queued))
            } else if let oldest = summary.oldestQueuedAt, now.timeIntervalSince(oldest) >= Self.queueBehindAfter {
                items.append(
                    AttentionItem(
                        kind: .queueBehind,
                        summary: "queue \(name) is behind: its oldest queued run has waited "
                            + "\(RunDiagnoser.age(now.timeIntervalSince(oldest))) (\(queued) queued)",
                        target: name, since: oldest, count: queued))
            }
        }
        return items
    }
}
