import Foundation
import JobStore

extension ConsoleState {
    /// Stores queue summaries; paused, the display keeps its copy once it has one (an empty list included).
    mutating func queuesLoaded(_ queues: [QueueSummary], at: Date) {
        live.capturedAt = at
        store(frozenHas: frozen?.queues != nil) { $0.queues = queues }
        keepSelectionInView()
    }

    /// Stores the runs of the current query.
    mutating func runsLoaded(_ runs: [RunRecord], query: RunQuery, at: Date) {
        // A slow answer to an older query must not replace the rows of the current one.
        guard query == currentRunsQuery else { return }
        live.runs = runs
        live.runsQuery = query
        live.capturedAt = at
        // Paused, a list opened after pausing still gets its first rows; then it holds still.
        if isPaused, frozen?.runsQuery != query {
            frozen?.runs = runs
            frozen?.runsQuery = query
        }
        for run in runs { runQueues[run.id] = run.queue }
        keepSelectionInView()
    }

    /// Stores the open run's detail; an answer for a run no longer open is dropped. A run that is not there
    /// but that the prune history covers was deleted by retention: the view says so, and it is no error.
    mutating func runDetailLoaded(_ detail: RunDetail?, runId: RunID, at: Date) {
        guard openRunId == runId else { return }
        let hadIt = shown.detail?.run.id == runId
        missingRunId = detail == nil ? runId : nil
        prunedRunId = detail == nil && live.retention?.history.covers(runId) == true ? runId : nil
        live.detail = detail
        live.capturedAt = at
        if isPaused, frozen?.detail?.run.id != runId { frozen?.detail = detail }
        if let detail { runQueues[detail.run.id] = detail.run.queue }
        if detail == nil, prunedRunId == nil {
            showFlash(hadIt ? "Run \(runId) no longer exists" : "No run \(runId) in this database", kind: .error)
        }
        keepSelectionInView()
    }

    /// Stores a list view's data. While paused the display keeps its frozen copy, except that a list opened
    /// after pausing still gets its first rows.
    mutating func listLoaded(_ action: ConsoleAction) {
        switch action {
        case .waitsLoaded(let runs, let unconsumed, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.waits != nil) {
                $0.waits = runs
                $0.unconsumedEvents = unconsumed
            }
            for run in runs { runQueues[run.id] = run.queue }
        case .eventsLoaded(let events, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.events != nil) { $0.events = events }
        case .rejectedWebhooksLoaded(let deliveries, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.rejectedWebhooks != nil) { $0.rejectedWebhooks = deliveries }
        case .stateLoaded(let entries, let prefix, let at):
            // An answer for a prefix no longer shown is dropped.
            guard prefix == statePrefix else { return }
            live.capturedAt = at
            store(frozenHas: frozenHasState(prefix)) {
                $0.stateEntries = entries
                $0.statePrefix = prefix
            }
        case .locksLoaded(let locks, let prefix, let at):
            guard prefix == statePrefix else { return }
            live.capturedAt = at
            store(frozenHas: frozenHasState(prefix)) { $0.locks = locks }
        case .schedulesLoaded(let schedules, let lastRuns, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.schedules != nil) {
                $0.schedules = schedules
                $0.scheduleRuns = lastRuns
            }
        case .workersLoaded(let workers, let runsInHand, let liveness, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.workers != nil) {
                $0.workers = workers
                $0.runsInHand = runsInHand
                $0.workerLiveness = liveness
            }
        case .auditLoaded(let entries, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.auditEntries != nil) { $0.auditEntries = entries }
        case .failuresLoaded(let groups, let since, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.failureGroups != nil) {
                $0.failureGroups = groups
                $0.failureSince = since
            }
        default:
            return
        }
        keepSelectionInView()
    }

    /// Whether the frozen copy already shows state values under a prefix.
    private func frozenHasState(_ prefix: String) -> Bool {
        frozen?.stateEntries != nil && frozen?.statePrefix == prefix
    }

    /// Applies a change to the live data, and to the frozen copy unless it has loaded this list already.
    private mutating func store(frozenHas: Bool, _ change: (inout ConsoleData) -> Void) {
        change(&live)
        if isPaused, !frozenHas, var data = frozen {
            change(&data)
            frozen = data
        }
    }
}
