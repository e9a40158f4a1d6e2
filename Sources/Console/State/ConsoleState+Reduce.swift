import Foundation
import JobStore

extension ConsoleState {
    /// How long a flash message stays.
    public static let flashSeconds: TimeInterval = 4
    /// How often the queues view reloads even without changes: ages and the last-hour window move, and a
    /// pause from another process is not on the change feed. A reload costs ~5 ms at a million runs.
    public static let queuesRefreshSeconds: TimeInterval = 2
    /// How often an active run's detail reloads, for log lines (which are not on the change feed).
    public static let activeRunRefreshSeconds: TimeInterval = 1
    /// The change feed page size the session uses; a full page means more are waiting.
    public static let changesPageSize = 1000
    /// How often the list views reload even without changes (state, locks and workers are not on the feed).
    public static let listRefreshSeconds: TimeInterval = 2
    /// How often the failures view reloads at most when failures arrive: grouping a day of failures costs
    /// ~90 ms at a million runs (`stackshift bench`), too much for every poll of an outage.
    public static let failuresRefreshSeconds: TimeInterval = 5
    /// How often the failures view reloads when no failure arrives, so its window moves on.
    public static let failuresIdleRefreshSeconds: TimeInterval = 15

    /// Applies an action and returns the work the session must do. The only way state changes.
    /// With a tour, the action is then checked against the current step's goal.
    public mutating func reduce(_ action: ConsoleAction) -> [ConsoleEffect] {
        guard tour?.isComplete == false else { return apply(action) }
        let before = TourMoment(self, action: action)
        let effects = apply(action)
        advanceTour(after: action, before: before)
        return effects
    }

    /// Applies an action, tour aside.
    private mutating func apply(_ action: ConsoleAction) -> [ConsoleEffect] {
        switch action {
        case .started:
            pollInFlight = true
            // The first loads are these: the periodic reload counts from them, not from the first tick.
            lastQueuesLoad = now
            lastListLoad = now
            return [.pollChanges(after: nil)] + loadCurrentView()
        case .key(let key):
            return handle(key)
        case .clicked(let x, let y):
            return click(x: x, y: y)
        case .tick(let now):
            return tick(now)
        case .resized(let width, let height):
            self.width = max(1, width)
            self.height = max(1, height)
            keepSelectionInView()
            return []
        case .queuesLoaded(let queues, let at):
            queuesLoaded(queues, at: at)
            return storeAnswered()
        case .runsLoaded(let runs, let query, let at):
            runsLoaded(runs, query: query, at: at)
            return storeAnswered()
        case .runDetailLoaded(let detail, let runId, let at):
            runDetailLoaded(detail, runId: runId, at: at)
            return storeAnswered()
        case .runPruned(let runId):
            runPruned(runId)
            return storeAnswered()
        case .retentionLoaded(let settings):
            retentionLoaded(settings)
            return storeAnswered()
        case .changesArrived(let entries, let latestSequence, let queues):
            // After an outage the feed restarts from what the store says now: the file may have been replaced
            // by one whose sequence is behind the one seen before.
            if storeOutage != nil { lastSequence = nil }
            let effects = changesArrived(entries, latestSequence: latestSequence, queues: queues)
            return effects + storeAnswered().filter { !effects.contains($0) }
        case .waitsLoaded, .eventsLoaded, .rejectedWebhooksLoaded, .stateLoaded, .locksLoaded, .schedulesLoaded,
            .workersLoaded, .failuresLoaded, .auditLoaded:
            listLoaded(action)
            return storeAnswered()
        case .overviewLoaded(let data, let at):
            overviewLoaded(data, at: at)
            return storeAnswered()
        case .activityLoaded(let buckets, let query, let at):
            live.queueActivity = buckets
            live.queueActivityQuery = query
            live.capturedAt = at
            if isPaused, frozen?.queueActivity == nil {
                frozen?.queueActivity = buckets
                frozen?.queueActivityQuery = query
            }
            return storeAnswered()
        case .diagnosed(let diagnosis):
            guard why?.runId == diagnosis.runId else { return [] }
            why?.diagnosis = diagnosis
            why?.error = nil
            return []
        case .diagnosisFailed(let runId, let message):
            guard why?.runId == runId else { return [] }
            why?.error = message
            return []
        case .editorFinished(let request, let outcome):
            return editorFinished(request, outcome)
        case .bulkPrepared(let kind, let ids, let truncated):
            return bulkPrepared(kind, ids, truncated: truncated)
        case .countersArrived(let counters):
            return countersArrived(counters)
        case .loadFailed(let message):
            storeFailed(message)
            return []
        case .actionFinished(let outcome):
            return actionFinished(outcome)
        }
    }

    /// Effects that load what the current view shows.
    func loadCurrentView() -> [ConsoleEffect] {
        switch currentView {
        case .overview: [.loadOverview(overviewQuery)]
        case .queues:
            [.loadQueues(finishedSince: now.addingTimeInterval(-3600))]
                + (QueuesView.chartsFit(self) ? [.loadActivity(queueActivityQuery)] : [])
        case .runs: [.loadRuns(currentRunsQuery)]
        case .run(let id): [.loadRunDetail(id)]
        case .waits: [.loadWaits]
        case .events: [.loadEvents]
        case .state: [.loadState(prefix: statePrefix), .loadLocks(prefix: statePrefix)]
        case .schedules: [.loadSchedules]
        case .workers: [.loadWorkers]
        case .failures: [.loadFailures(since: now.addingTimeInterval(-failureWindow))]
        case .audit: [.loadAudit]
        }
    }

    mutating func tick(_ now: Date) -> [ConsoleEffect] {
        self.now = now
        if let flash, flash.expiresAt <= now { self.flash = nil }
        throughput.prune(now: now)
        var effects: [ConsoleEffect] = []
        if !pollInFlight {
            pollInFlight = true
            effects.append(.pollChanges(after: lastSequence))
        }
        switch currentView {
        case .overview:
            if lastListLoad.map({ now.timeIntervalSince($0) >= Self.overviewRefreshSeconds }) ?? true {
                lastListLoad = now
                effects += loadCurrentView()
            }
        case .queues:
            if lastQueuesLoad.map({ now.timeIntervalSince($0) >= Self.queuesRefreshSeconds }) ?? true {
                lastQueuesLoad = now
                effects += loadCurrentView()
            }
        case .run(let id):
            let active = live.detail.map { $0.run.id == id && !$0.run.status.isTerminal } ?? false
            if active, lastDetailLoad.map({ now.timeIntervalSince($0) >= Self.activeRunRefreshSeconds }) ?? true {
                lastDetailLoad = now
                effects.append(.loadRunDetail(id))
            }
        case .runs:
            break
        case .waits, .events, .state, .schedules, .workers, .failures, .audit:
            let every = currentView == .failures ? Self.failuresIdleRefreshSeconds : Self.listRefreshSeconds
            if lastListLoad.map({ now.timeIntervalSince($0) >= every }) ?? true {
                lastListLoad = now
                effects += loadCurrentView()
            }
        }
        return effects
    }

    mutating func changesArrived(
        _ entries: [TimelineEntry], latestSequence: Int64, queues: [RunID: String]
    ) -> [ConsoleEffect] {
        let isFirstPoll = lastSequence == nil
        lastSequence = max(lastSequence ?? 0, latestSequence)
        pollInFlight = false
        for (id, queue) in queues { runQueues[id] = queue }
        for entry in entries where entry.kind == .completed || entry.kind == .failed {
            if let queue = runQueues[entry.runId] { throughput.record(queue: queue, at: entry.at) }
        }
        if runQueues.count > 50_000 { runQueues.removeAll(keepingCapacity: true) }
        guard !entries.isEmpty || isFirstPoll else { return [] }
        var effects: [ConsoleEffect] = []
        if entries.count >= Self.changesPageSize {
            pollInFlight = true
            effects.append(.pollChanges(after: lastSequence))
        }
        guard !entries.isEmpty else { return effects }
        switch currentView {
        case .overview:
            // Changes come many times a second under load; the panels follow them no faster than a second.
            if lastListLoad.map({ now.timeIntervalSince($0) >= 1 }) ?? true {
                lastListLoad = now
                effects += loadCurrentView()
            }
        case .queues:
            lastQueuesLoad = now
            effects += loadCurrentView()
        case .runs:
            effects += loadCurrentView()
        case .run(let id):
            if entries.contains(where: { $0.runId == id }) { effects += loadCurrentView() }
        case .waits, .events, .schedules, .workers:
            lastListLoad = now
            effects += loadCurrentView()
        case .audit:
            // Operator actions are read on the periodic reload; a run's change says nothing about them.
            break
        case .failures:
            // Only a failure changes the groups, and not more often than the grouping's cost allows; the
            // periodic reload moves the window.
            let failed = entries.contains { $0.kind == .failed || $0.kind == .retryScheduled || $0.kind == .crashed }
            if failed, lastListLoad.map({ now.timeIntervalSince($0) >= Self.failuresRefreshSeconds }) ?? true {
                lastListLoad = now
                effects += loadCurrentView()
            }
        case .state:
            break
        }
        return effects
    }

    /// Queue settings or state changed in the store (another process paused a queue, a job set a value), or
    /// runs were pruned: the view that shows them loads again at once, not at its next periodic reload.
    mutating func countersArrived(_ counters: ChangeCounters) -> [ConsoleEffect] {
        defer { lastCounters = counters }
        guard let last = lastCounters else { return [] }
        // A prune deletes runs without a feed entry: only this counter says the lists hold runs that are gone.
        let pruned = counters.pruned != last.pruned
        switch currentView {
        case .queues where counters.queues != last.queues || pruned:
            lastQueuesLoad = now
            return loadCurrentView()
        case .overview where counters.queues != last.queues || counters.state != last.state || pruned:
            lastListLoad = now
            return loadCurrentView()
        case .runs where pruned:
            return loadCurrentView()
        case .run where pruned:
            lastDetailLoad = now
            return loadCurrentView()
        case .state where counters.state != last.state:
            lastListLoad = now
            return loadCurrentView()
        default:
            return []
        }
    }

    /// Shows a message in the status line for a few seconds.
    mutating func showFlash(_ message: String, kind: FlashKind, seconds: TimeInterval = flashSeconds) {
        flash = Flash(message, kind: kind, expiresAt: now.addingTimeInterval(seconds))
    }

    /// Re-anchors the selections on the rows now shown and scrolls them into view.
    mutating func keepSelectionInView() {
        let rows = layout.tableRows
        if let index = selectedRunIndex {
            let runs = visibleRuns
            selectedRunId = runs[index].id
            runCursorHint = index
            runsScroll = Self.scroll(runsScroll, keeping: index, rows: rows, count: runs.count)
        }
        if let index = selectedQueueIndex {
            let queues = visibleQueues
            selectedQueue = queues[index].queue.name
            queuesScroll = Self.scroll(queuesScroll, keeping: index, rows: rows, count: queues.count)
        }
        if let kind = currentView.listKind { keepListSelectionInView(kind) }
        if currentView == .state { keepListSelectionInView(.locks) }
        if currentView == .events { keepListSelectionInView(.rejected) }
    }

    /// A scroll offset that keeps `index` among `rows` visible rows, moving as little as possible.
    static func scroll(_ current: Int, keeping index: Int, rows: Int, count: Int) -> Int {
        var top = current
        if index < top { top = index }
        if index >= top + rows { top = index - rows + 1 }
        return max(0, min(top, max(0, count - rows)))
    }
}
