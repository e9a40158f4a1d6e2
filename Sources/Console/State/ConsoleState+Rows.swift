import Foundation
import JobStore

extension ConsoleState {
    /// The filter text in effect for the display: what is being typed, or what was applied.
    public var effectiveFilter: String {
        if let input, input.purpose == .filter { return input.value.text }
        return filterText
    }

    /// The queue the runs view is scoped to, if any.
    public var runsQueue: String? {
        for view in viewStack.reversed() {
            if case .runs(let queue, _) = view { return queue }
        }
        return nil
    }

    /// The failure group the runs view is scoped to, if any (Enter on a group in the failures view).
    public var runsFailure: FailureMatch? {
        for view in viewStack.reversed() {
            if case .runs(_, let failure) = view { return failure }
        }
        return nil
    }

    /// The run the run view shows.
    public var openRunId: RunID? {
        if case .run(let id) = currentView { return id }
        return nil
    }

    /// The query that loads the runs view's rows.
    public var currentRunsQuery: RunQuery {
        let text = filterText.trimmingCharacters(in: .whitespaces)
        return RunQuery(
            statuses: statusFilter, queue: runsQueue, text: text.isEmpty ? nil : text, failure: runsFailure,
            limit: runLimit)
    }

    /// The queues shown, filtered by name and sorted.
    public var visibleQueues: [QueueSummary] {
        let needle = currentView == .queues ? effectiveFilter.lowercased() : ""
        let filtered = (shown.queues ?? []).filter { needle.isEmpty || $0.queue.name.lowercased().contains(needle) }
        let now = displayNow
        let sorted = filtered.sorted { lhs, rhs in
            switch queueSort {
            case .name: return lhs.queue.name < rhs.queue.name
            case .queued: return lhs.count(.queued) < rhs.count(.queued)
            case .running: return lhs.count(.running) < rhs.count(.running)
            case .failed: return lhs.count(.failed) < rhs.count(.failed)
            case .oldest:
                return (lhs.oldestQueuedAt.map { now.timeIntervalSince($0) } ?? -1)
                    < (rhs.oldestQueuedAt.map { now.timeIntervalSince($0) } ?? -1)
            }
        }
        return queueSortDescending ? sorted.reversed() : sorted
    }

    /// The runs shown: loaded rows narrowed at once by queue, statuses and filter text (the store applies
    /// the same filter on the next load), then sorted.
    public var visibleRuns: [RunRecord] {
        let needle = effectiveFilter
        let queue = runsQueue
        // A failure group's runs cannot be told apart from the rows loaded for another scope: until they load,
        // none are shown rather than the wrong ones.
        guard (shown.runsQuery?.failure ?? nil) == runsFailure else { return [] }
        let filtered = shown.runs.filter { run in
            if let queue, run.queue != queue { return false }
            if !statusFilter.isEmpty && !statusFilter.contains(run.status) { return false }
            return RunSearch.matches(run, text: needle)
        }
        let now = displayNow
        let sorted = filtered.sorted { lhs, rhs in
            let ordered: Bool? =
                switch runSort {
                case .created: lhs.id == rhs.id ? nil : lhs.id < rhs.id
                case .job: lhs.job == rhs.job ? nil : lhs.job < rhs.job
                case .queue: lhs.queue == rhs.queue ? nil : lhs.queue < rhs.queue
                case .status: lhs.status == rhs.status ? nil : lhs.status < rhs.status
                // The TRY column shows failures used; claims (resumed waits) do not count.
                case .attempt: lhs.failures == rhs.failures ? nil : lhs.failures < rhs.failures
                case .took:
                    RunTiming.sortKey(lhs, now: now) == RunTiming.sortKey(rhs, now: now)
                        ? nil : RunTiming.sortKey(lhs, now: now) < RunTiming.sortKey(rhs, now: now)
                }
            // Ties fall back to creation order so equal rows never swap between frames.
            guard let ordered else { return runSortDescending ? lhs.id < rhs.id : lhs.id > rhs.id }
            return ordered
        }
        return runSortDescending ? sorted.reversed() : sorted
    }

    /// After the filter or the status toggles changed: the selected row stays selected while it still
    /// matches; otherwise the first match is, never whatever row now sits at the old row number.
    mutating func keepSelectionAfterFilterChange() {
        switch currentView {
        case .runs:
            let runs = visibleRuns
            if !runs.contains(where: { $0.id == selectedRunId }) {
                selectedRunId = runs.first?.id
                runCursorHint = 0
            }
        case .queues:
            let queues = visibleQueues
            if !queues.contains(where: { $0.queue.name == selectedQueue }) {
                selectedQueue = queues.first?.queue.name
            }
        case .waits, .events, .state, .schedules, .workers, .failures, .audit:
            // The events view filters both its lists, the events and the rejected deliveries.
            let kinds = (currentView.listKind.map { [$0] } ?? []) + (currentView == .events ? [.rejected] : [])
            for kind in kinds {
                let ids = listIds(kind)
                if let selected = cursors[kind]?.selected, ids.contains(selected) { continue }
                cursors[kind, default: ListCursor()].selected = ids.first
                cursors[kind, default: ListCursor()].hint = 0
            }
        case .run, .overview:
            break
        }
        keepSelectionInView()
    }

    /// The row of the selected run in ``visibleRuns``.
    public var selectedRunIndex: Int? {
        let runs = visibleRuns
        guard !runs.isEmpty else { return nil }
        if let id = selectedRunId, let index = runs.firstIndex(where: { $0.id == id }) { return index }
        return min(max(0, runCursorHint), runs.count - 1)
    }

    /// The row of the selected queue in ``visibleQueues``.
    public var selectedQueueIndex: Int? {
        let queues = visibleQueues
        guard !queues.isEmpty else { return nil }
        if let name = selectedQueue, let index = queues.firstIndex(where: { $0.queue.name == name }) { return index }
        return 0
    }

    /// The run an action applies to: the open run in the run view, the selected row in the runs and waits views.
    public var targetRun: RunRecord? {
        switch currentView {
        case .run(let id):
            if let detail = shown.detail, detail.run.id == id { return detail.run }
            return shown.runs.first { $0.id == id }
        case .runs:
            guard let index = selectedRunIndex else { return nil }
            return visibleRuns[index]
        case .waits:
            return selectedWait
        case .overview, .queues, .events, .state, .schedules, .workers, .failures, .audit:
            return nil
        }
    }

    /// Whether a command applies to what is shown; the hint bar leaves out those that do not.
    public func offers(_ command: KeyCommand) -> Bool {
        if command == .view(.toggleTour) { return tour != nil }
        if command == .view(.nextMatch) { return !runView.search.text.isEmpty }
        if command == .view(.retryFromStep) { return offersRetryFromStep }
        // A run that is gone (pruned, or never there) has nothing to fold, retry or explain: its view offers the
        // way back and the keys of every view; a why panel on a pruned run has no run to open.
        if openRunIsGone, activeScopes.first == .run {
            return command == .view(.back)
                || keymap.bindings.contains { $0.command == command && $0.scopes.contains(.global) }
        }
        if why?.isPruned == true, activeScopes.first == .why, command == .view(.open) { return false }
        // The State view's keys follow its focus: the values' edits, or the selected lock's release.
        if activeScopes.first == .state {
            switch command {
            case .view(.editState), .view(.setTTL), .view(.incrementState), .view(.decrementState),
                .view(.deleteState):
                return stateFocus == .state
            case .view(.releaseLock): return stateFocus == .locks
            default: break
            }
        }
        // A rejected delivery has no run to open and is no event to delete.
        if activeScopes.first == .events, eventsFocus == .rejected,
            command == .view(.open) || command == .view(.deleteEvent)
        {
            return false
        }
        // The why panel offers the key of its fix line, and no other fix.
        if let diagnosis = why?.diagnosis, activeScopes.first == .why {
            switch command {
            case .view(.retry): return diagnosis.status == .failed || diagnosis.status == .canceled
            case .view(.releaseLock): return diagnosis.lock != nil
            case .view(.toggleQueuePause): return diagnosis.reason == .queuePaused
            default: break
            }
        } else if why != nil, [.view(.retry), .view(.releaseLock), .view(.toggleQueuePause)].contains(command) {
            return false
        }
        guard command == .view(.sendEvent) else { return true }
        if let why { return why.waitsForEvent }
        if case .run = currentView {
            return targetRun.map { $0.status == .waiting && $0.wait?.eventName != nil } ?? false
        }
        return true
    }

    /// What `y` copies in the current view, and how the flash names it (`run_…`, `key pay_123`).
    var copyTarget: (text: String, what: String)? {
        switch currentView {
        case .overview:
            return selectedAttentionItem.map { ($0.runId ?? $0.target, $0.runId == nil ? "target " : "") }
        case .queues:
            return selectedQueueIndex.map { (visibleQueues[$0].queue.name, "queue ") }
        case .runs, .run:
            return targetRun.map { ($0.id, "") }
        case .waits:
            return selectedWait.map { ($0.id, "") }
        case .events:
            return selectedEvent.map { ($0.key, "key ") }
        case .state:
            return selectedStateEntry.map { ($0.key, "key ") }
        case .schedules:
            return selectedSchedule.map { ($0.lastRunId ?? $0.name, $0.lastRunId == nil ? "schedule " : "") }
        case .workers:
            return selectedWorker.map { ($0.id, "") }
        case .failures:
            return selectedFailureGroup.map { ($0.signature, "signature ") }
        case .audit:
            return selectedAuditEntry.map { ($0.runId ?? $0.target, $0.runId == nil ? "target " : "") }
        }
    }
}

/// Age and duration rules shared by the runs table and its sorting.
public enum RunTiming {
    /// How long a run took: start to finish once it ended, start to now while running; nil for a run that
    /// is not running and never finished (queued, scheduled, waiting between attempts).
    public static func took(_ run: RunRecord, now: Date) -> TimeInterval? {
        if run.status.isTerminal, let finished = run.finishedAt {
            return finished.timeIntervalSince(run.startedAt ?? run.createdAt)
        }
        guard run.status == .running, let started = run.startedAt else { return nil }
        return now.timeIntervalSince(started)
    }

    /// The order of the TOOK column: runs without a duration sort before every run with one.
    public static func sortKey(_ run: RunRecord, now: Date) -> TimeInterval {
        took(run, now: now) ?? -1
    }
}
