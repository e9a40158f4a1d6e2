import Foundation
import JobStore

extension ConsoleState {
    /// The keymap the console runs on.
    public var keymap: Keymap { .standard }

    mutating func handle(_ key: Key) -> [ConsoleEffect] {
        let binding = keymap.binding(for: key, in: activeScopes, readOnly: readOnly)
        if dialog != nil { return binding.map { performDialog($0.command) } ?? [] }
        if form != nil {
            guard let binding else {
                if let character = key.typedCharacter { typeIntoForm(character) }
                return []
            }
            return performForm(binding.command)
        }
        if input != nil {
            guard let binding else {
                if let character = key.typedCharacter { typeCharacter(character) }
                return []
            }
            return performInput(binding.command)
        }
        guard let binding else { return [] }
        if why != nil, !showsHelp { return performWhy(binding.command) }
        return perform(binding.command)
    }

    /// Carries out a command outside text entry and dialogs.
    mutating func perform(_ command: ConsoleCommand) -> [ConsoleEffect] {
        switch command {
        case .moveDown: return move(by: 1)
        case .moveUp: return move(by: -1)
        case .pageDown: return move(by: pageSize)
        case .pageUp: return move(by: -pageSize)
        case .top: return move(by: Int.min / 2)
        case .bottom: return move(by: Int.max / 2)
        case .open: return open()
        case .back: return back()
        case .startFilter:
            input = TextInput(purpose: .filter, text: filterText, original: filterText)
            return []
        case .startCommand:
            input = TextInput(purpose: .command)
            return []
        case .toggleHelp:
            showsHelp.toggle()
            helpScroll = 0
            return []
        case .retry: return askToRetry()
        case .cancel: return askToCancel()
        case .togglePause:
            if isPaused {
                isPaused = false
                frozen = nil
                keepSelectionInView()
                showFlash("Live updates resumed", kind: .info)
            } else {
                isPaused = true
                frozen = live
                frozen?.capturedAt = now
            }
            return []
        case .cycleTheme:
            let index = themeNames.firstIndex(of: themeName) ?? -1
            themeName = themeNames[(index + 1) % themeNames.count]
            showFlash("Theme: \(themeName)", kind: .info)
            return []
        case .quit:
            isQuitting = true
            return [.quit]
        case .showQueues: return go(to: [.queues])
        case .showRuns: return go(to: [.queues, .runs(queue: nil)])
        case .showRun: return showSelectedRun()
        case .sortNext, .sortReverse: return sort(command)
        case .toggleStatus(let status):
            if statusFilter.contains(status) { statusFilter.remove(status) } else { statusFilter.insert(status) }
            return reloadRunsAfterFilterChange()
        case .clearStatuses:
            statusFilter = []
            return reloadRunsAfterFilterChange()
        case .nextTab, .previousTab:
            let tabs = RunDetailTab.allCases
            let index = tabs.firstIndex(of: runView.tab) ?? 0
            let step = command == .nextTab ? 1 : tabs.count - 1
            runView.tab = tabs[(index + step) % tabs.count]
            return []
        case .showLogs:
            runView.tab = .logs
            return []
        case .toggleFollow:
            runView.followLogs.toggle()
            showFlash(runView.followLogs ? "Following new log lines" : "Stopped following logs", kind: .info)
            return []
        case .expandAll:
            runView.folded[runView.tab] = []
            return []
        case .collapseAll:
            runView.folded[runView.tab] = Set(
                jsonLines(for: runView.tab, folded: []).compactMap(\.foldPath).filter { $0 != "$" })
            runView.cursor[runView.tab] = 0
            runView.scroll[runView.tab] = 0
            return []
        case .copyId:
            guard let (text, what) = copyTarget else {
                showFlash("Nothing selected to copy", kind: .info)
                return []
            }
            showFlash("Copied \(what)\(text) to the clipboard", kind: .info)
            return [.copyToClipboard(text)]
        case .refresh:
            if currentView == .queues { lastQueuesLoad = now }
            if currentView.listKind != nil { lastListLoad = now }
            return loadCurrentView()
        case .showWaits: return go(to: [.waits])
        case .showEvents: return go(to: [.events])
        case .showState: return go(to: [.state])
        case .showSchedules: return go(to: [.schedules])
        case .showWorkers: return go(to: [.workers])
        case .explain: return explainSelected()
        case .sendEvent: return openSendEventForm()
        case .editState: return editSelectedState()
        case .setTTL: return openTTLForm()
        case .incrementState: return incrementSelectedState(by: 1)
        case .decrementState: return incrementSelectedState(by: -1)
        case .deleteState: return askToDeleteState()
        case .toggleQueuePause: return askToToggleQueuePause()
        case .bulkRetry: return askForBulk(.retry)
        case .bulkCancel: return askForBulk(.cancel)
        case .toggleTour: return toggleTour()
        case .closeWhy, .inputAccept, .inputCancel, .inputComplete, .inputDeleteBackward, .inputLeft, .inputRight,
            .inputClear, .dialogSwitch, .dialogPress, .dialogDismiss, .formNext, .formPrevious, .formSubmit,
            .formCancel:
            return []
        }
    }

    /// Rows one page moves.
    var pageSize: Int {
        if let kind = currentView.listKind { return max(1, listRows(kind) - 1) }
        return max(1, (currentView.scope == .run ? layout.runSectionRows : layout.tableRows) - 1)
    }

    mutating func move(by delta: Int) -> [ConsoleEffect] {
        if showsHelp {
            helpScroll = max(0, helpScroll.addingClamped(delta))
            return []
        }
        switch currentView {
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
        case .waits, .events, .state, .schedules, .workers:
            if let kind = currentView.listKind { moveInList(kind, by: delta) }
            return []
        }
    }

    mutating func open() -> [ConsoleEffect] {
        switch currentView {
        case .queues:
            guard let index = selectedQueueIndex else { return [] }
            let queue = visibleQueues[index].queue.name
            return go(to: [.queues, .runs(queue: queue)])
        case .runs:
            guard let run = targetRun else { return [] }
            return go(to: viewStack + [.run(run.id)])
        case .run:
            toggleFoldAtCursor()
            return []
        case .waits:
            guard let run = selectedWait else { return [] }
            return go(to: viewStack + [.run(run.id)])
        case .events:
            guard let event = selectedEvent else { return [] }
            guard let id = event.consumedBy.first else {
                showFlash("No run consumed event #\(event.id) yet", kind: .info)
                return []
            }
            return go(to: viewStack + [.run(id)])
        case .schedules:
            guard let schedule = selectedSchedule else { return [] }
            guard let id = schedule.lastRunId else {
                showFlash("\(schedule.name) has not started a run yet", kind: .info)
                return []
            }
            return go(to: viewStack + [.run(id)])
        case .state, .workers:
            return []
        }
    }

    mutating func back() -> [ConsoleEffect] {
        if [.runs, .waits, .events, .state].contains(currentView.scope), !filterText.isEmpty {
            filterText = ""
            if currentView == .state { return loadCurrentView() }
            keepSelectionInView()
            return currentView.scope == .runs ? reloadRunsAfterFilterChange() : []
        }
        // The list views are roots of their own; Esc from one goes to the queues.
        guard viewStack.count > 1 else { return currentView == .queues ? [] : go(to: [.queues]) }
        return go(to: Array(viewStack.dropLast()))
    }

    /// Replaces the view stack and loads what the new view shows.
    mutating func go(to stack: [ConsoleView]) -> [ConsoleEffect] {
        let previous = currentView
        viewStack = stack.isEmpty ? [.queues] : stack
        guard currentView != previous else { return loadCurrentView() }
        // The filter belongs to a list: it survives opening a run and coming back, nothing else.
        let isList = { (view: ConsoleView) in view.scope == .runs || view.listKind != nil }
        let keepsFilter =
            (isList(previous) && currentView.scope == .run) || (previous.scope == .run && isList(currentView))
        if !keepsFilter { filterText = "" }
        switch currentView {
        case .run(let id):
            if live.detail?.run.id != id {
                runView = RunViewState()
                live.detail = nil
                frozen?.detail = nil
            }
            if case .runs = previous { selectedRunId = id }
        case .runs(let queue):
            if case .run(let id) = previous {
                selectedRunId = id
            } else {
                if case .queues = previous, let queue { selectedQueue = queue }
                runLimit = 500
                runsScroll = 0
            }
        case .queues:
            lastQueuesLoad = now
        case .waits, .events, .state, .schedules, .workers:
            lastListLoad = now
            if let kind = currentView.listKind { cursors[kind, default: ListCursor()].scroll = 0 }
        }
        keepSelectionInView()
        return loadCurrentView()
    }

    mutating func showSelectedRun() -> [ConsoleEffect] {
        let waitId = currentView == .waits ? selectedWait?.id : nil
        guard let id = openRunId ?? waitId ?? selectedRunId else {
            showFlash("Select a run first (2 lists runs)", kind: .info)
            return []
        }
        var stack = viewStack.filter { if case .run = $0 { false } else { true } }
        if !stack.contains(where: { $0.scope == .runs || $0.listKind != nil }) { stack.append(.runs(queue: nil)) }
        return go(to: stack + [.run(id)])
    }

    mutating func sort(_ command: ConsoleCommand) -> [ConsoleEffect] {
        switch currentView.scope {
        case .queues:
            if command == .sortNext {
                let all = QueueSortColumn.allCases
                queueSort = all[((all.firstIndex(of: queueSort) ?? 0) + 1) % all.count]
                queueSortDescending = queueSort != .name
            } else {
                queueSortDescending.toggle()
            }
            showFlash("Queues sorted by \(queueSort.rawValue) \(queueSortDescending ? "↓" : "↑")", kind: .info)
        default:
            if command == .sortNext {
                let all = RunSortColumn.allCases
                runSort = all[((all.firstIndex(of: runSort) ?? 0) + 1) % all.count]
                runSortDescending = runSort == .created || runSort == .age || runSort == .attempt
            } else {
                runSortDescending.toggle()
            }
            showFlash("Runs sorted by \(runSort.rawValue) \(runSortDescending ? "↓" : "↑")", kind: .info)
        }
        keepSelectionInView()
        return []
    }

    mutating func reloadRunsAfterFilterChange() -> [ConsoleEffect] {
        runLimit = 500
        keepSelectionInView()
        return currentView.scope == .runs ? [.loadRuns(currentRunsQuery)] : []
    }
}

extension Int {
    /// Adds without trapping on overflow (page jumps use very large deltas for top and bottom).
    func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? Int.max : Int.min) : sum
    }
}
