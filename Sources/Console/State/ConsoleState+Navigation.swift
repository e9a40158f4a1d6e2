import Foundation
import JobStore

extension ConsoleState {
    /// Rows one page moves.
    var pageSize: Int {
        if let kind = focusedListKind { return max(1, listRows(kind) - 1) }
        return max(1, (currentView.scope == .run ? layout.runSectionRows : layout.tableRows) - 1)
    }

    /// How far a movement key moves the cursor: a row, a page, or to either end.
    func moveDelta(_ command: ViewCommand) -> Int {
        switch command {
        case .moveDown: 1
        case .moveUp: -1
        case .pageDown: pageSize
        case .pageUp: -pageSize
        case .top: Int.min / 2
        case .bottom: Int.max / 2
        default: 0
        }
    }

    /// Moves the cursor (or scrolls help) by rows, within the rows shown.
    mutating func move(by delta: Int) -> [ConsoleEffect] {
        if showsHelp {
            helpScroll = max(0, helpScroll.addingClamped(delta))
            return []
        }
        switch currentView {
        case .overview:
            moveInOverview(by: delta)
            return []
        case .queues:
            let queues = visibleQueues
            guard let index = selectedQueueIndex else { return [] }
            let target = min(max(0, index.addingClamped(delta)), queues.count - 1)
            selectedQueue = queues[target].queue.name
            keepSelectionInView()
            return []
        case .runs:
            let runs = visibleRuns
            guard let index = selectedRunIndex else { return [] }
            let target = min(max(0, index.addingClamped(delta)), runs.count - 1)
            selectedRunId = runs[target].id
            runCursorHint = target
            keepSelectionInView()
            // At the end of a full page, ask for more rows: lists are paged, never loaded whole.
            if target == runs.count - 1, shown.runs.count >= runLimit, !isPaused {
                runLimit += 500
                return [.loadRuns(currentRunsQuery)]
            }
            return []
        case .run:
            moveInRunView(by: delta)
            return []
        case .waits, .events, .state, .schedules, .workers, .failures, .audit:
            if let kind = focusedListKind { moveInList(kind, by: delta) }
            return []
        }
    }

    /// Enter: drills into the selection (or folds JSON in the run view).
    mutating func open() -> [ConsoleEffect] {
        switch currentView {
        case .overview:
            return openOverview()
        case .queues:
            guard let index = selectedQueueIndex else { return nothingToOpen() }
            let queue = visibleQueues[index].queue.name
            return go(to: [.queues, .runs(queue: queue)])
        case .runs:
            guard let run = targetRun else { return nothingToOpen() }
            return go(to: viewStack + [.run(run.id)])
        case .run:
            toggleFoldAtCursor()
            return []
        case .waits:
            guard let run = selectedWait else { return nothingToOpen() }
            return go(to: viewStack + [.run(run.id)])
        case .events where eventsFocus == .rejected:
            showFlash("A rejected delivery sent no event and resumed no run; s sends its event by hand", kind: .info)
            return []
        case .events:
            guard let event = selectedEvent else { return nothingToOpen() }
            guard let id = event.consumedBy.first else {
                showFlash("No run consumed event #\(event.id) yet", kind: .info)
                return []
            }
            return go(to: viewStack + [.run(id)])
        case .schedules:
            guard let schedule = selectedSchedule else { return nothingToOpen() }
            guard let id = schedule.lastRunId else {
                showFlash("\(schedule.name) has not started a run yet", kind: .info)
                return []
            }
            return go(to: viewStack + [.run(id)])
        case .failures:
            guard let group = selectedFailureGroup, let since = shown.failureSince else { return nothingToOpen() }
            return go(
                to: viewStack + [.runs(queue: nil, failure: FailureMatch(signature: group.signature, since: since))])
        case .audit:
            guard let entry = selectedAuditEntry else { return nothingToOpen() }
            guard let id = entry.runId else {
                showFlash("This action was not about a run (\(entry.action) \(entry.target))", kind: .info)
                return []
            }
            return go(to: viewStack + [.run(id)])
        case .state, .workers:  // Enter is not bound in them
            return []
        }
    }

    /// Says why Enter opened nothing on a list with no selected row, instead of doing nothing: the list has
    /// not loaded yet, or it shows no rows.
    private mutating func nothingToOpen() -> [ConsoleEffect] {
        if hasLoadedRows(currentView) {
            showFlash("Nothing to open: this list shows no rows", kind: .info)
        } else {
            showFlash("Still loading: Enter opens the selected row once the list shows", kind: .info)
        }
        return []
    }

    /// Whether `view`'s rows have been read from the store at least once: the one rule both a view's "Loading…"
    /// and Enter's "Still loading" follow.
    func hasLoadedRows(_ view: ConsoleView) -> Bool {
        switch view {
        case .queues: shown.queues != nil
        case .runs: shown.runsQuery != nil
        case .waits: shown.waits != nil
        case .events where eventsFocus == .rejected: shown.rejectedWebhooks != nil
        case .events: shown.events != nil
        case .schedules: shown.schedules != nil
        case .failures: shown.failureGroups != nil
        case .audit: shown.auditEntries != nil
        case .state: shown.stateEntries != nil
        case .workers: shown.workers != nil
        case .overview: shown.overview != nil
        case .run(let id): shown.detail?.run.id == id
        }
    }

    /// Esc: clears the view's filter (or the run view's search) first, then goes back to the view shown
    /// before this one, wherever that was; with no history, backs out one level.
    mutating func back() -> [ConsoleEffect] {
        // Marks go first: they are the easiest thing to lose by accident, so one Esc never drops them and a view.
        if currentView.scope == .runs, !markedRuns.isEmpty {
            showFlash(
                "Unmarked \(Self.plural(markedRuns.count, "run")) (Esc again clears the filter or goes back)",
                kind: .info)
            clearMarks()
            return []
        }
        if [.runs, .waits, .events, .state, .queues, .failures, .audit].contains(currentView.scope), !filterText.isEmpty
        {
            filterText = ""
            if currentView == .state { return loadCurrentView() }
            keepSelectionInView()
            return currentView.scope == .runs ? reloadRunsAfterFilterChange() : []
        }
        // Likewise in the run view: a kept search goes first, then the view.
        if currentView.scope == .run, !runView.search.text.isEmpty {
            runView.search = SectionSearch()
            showFlash("Search cleared (Esc again goes back)", kind: .info)
            return []
        }
        if let previous = viewHistory.popLast() { return go(to: previous, recordingHistory: false) }
        // The list views are roots of their own; Esc from one goes to the overview, the console's home.
        guard viewStack.count > 1 else {
            return currentView == .overview ? [] : go(to: [.overview], recordingHistory: false)
        }
        return go(to: Array(viewStack.dropLast()), recordingHistory: false)
    }

    /// The most view stacks Esc can go back through.
    static let viewHistoryLimit = 100

    /// Replaces the view stack and loads what the new view shows. The stack left is remembered for Esc,
    /// unless this is Esc going back. Each view keeps its own filter, so nothing here touches filters.
    mutating func go(to stack: [ConsoleView], recordingHistory: Bool = true) -> [ConsoleEffect] {
        let previous = currentView
        let newStack = stack.isEmpty ? [ConsoleView.overview] : stack
        if recordingHistory, newStack != viewStack {
            viewHistory.append(viewStack)
            if viewHistory.count > Self.viewHistoryLimit { viewHistory.removeFirst() }
        }
        viewStack = newStack
        guard currentView != previous else { return loadCurrentView() }
        switch currentView {
        case .run(let id):
            if live.detail?.run.id != id {
                runView = RunViewState()
                live.detail = nil
                frozen?.detail = nil
            }
            if case .runs = previous { selectedRunId = id }
        case .runs(let queue, _):
            if case .run(let id) = previous {
                selectedRunId = id
            } else {
                if case .queues = previous, let queue { selectedQueue = queue }
                // A cause's runs are a new list: the cursor starts on its first row, not where another list left it.
                if case .failures = previous {
                    selectedRunId = nil
                    runCursorHint = 0
                }
                runLimit = 500
                runsScroll = 0
            }
        case .queues:
            lastQueuesLoad = now
        case .overview:
            lastListLoad = now
        case .waits, .events, .state, .schedules, .workers, .failures, .audit:
            lastListLoad = now
            if let kind = currentView.listKind { cursors[kind, default: ListCursor()].scroll = 0 }
        }
        keepSelectionInView()
        return loadCurrentView()
    }

    /// The number keys: go to a view.
    mutating func show(_ command: ViewCommand) -> [ConsoleEffect] {
        switch command {
        case .showRuns: go(to: [.queues, .runs(queue: nil)])
        case .showOverview: go(to: [.overview])
        case .showWaits: go(to: [.waits])
        case .showEvents: go(to: [.events])
        case .showState: go(to: [.state])
        case .showSchedules: go(to: [.schedules])
        case .showWorkers: go(to: [.workers])
        case .showFailures: go(to: [.failures])
        case .showAudit: go(to: [.audit])
        case .showQueues: go(to: [.queues])
        default: []
        }
    }

    /// `3`: the run view of the open, selected or waiting run.
    mutating func showSelectedRun() -> [ConsoleEffect] {
        let waitId = currentView == .waits ? selectedWait?.id : nil
        guard let id = openRunId ?? waitId ?? selectedRunId else {
            showFlash("Select a run first (3 lists runs)", kind: .info)
            return []
        }
        var stack = viewStack.filter { if case .run = $0 { false } else { true } }
        if !stack.contains(where: { $0.scope == .runs || $0.listKind != nil }) { stack.append(.runs(queue: nil)) }
        return go(to: stack + [.run(id)])
    }
}

extension Int {
    /// Adds without trapping on overflow (page jumps use very large deltas for top and bottom).
    func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? Int.max : Int.min) : sum
    }
}
