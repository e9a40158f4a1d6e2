import Foundation
import JobStore

extension ConsoleState {
    /// Carries out a view command (the why panel has its own, ``performWhy(_:)``). Each case hands over to the
    /// feature that owns it; the dangerous ones have passed the read-only guard in ``handle(_:)`` already.
    mutating func perform(_ command: ViewCommand) -> [ConsoleEffect] {
        switch command {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom: return move(by: moveDelta(command))
        case .open: return open()
        case .back: return back()
        case .showOverview, .showQueues, .showRuns, .showWaits, .showEvents, .showState, .showSchedules, .showWorkers,
            .showFailures, .showAudit:
            return show(command)
        case .shorterWindow, .longerWindow:
            let longer = command == .longerWindow
            return currentView == .overview ? changeOverviewWindow(longer: longer) : changeFailureWindow(longer: longer)
        case .startFilter:
            // The filter kept is shown selected: typing starts a new one, an arrow key edits it.
            var line = InputLine(purpose: .filter, text: filterText, limit: .filter(in: currentView))
            line.value.selectAll()
            input = line
        case .startCommand: input = InputLine(purpose: .command)
        case .toggleHelp:
            showsHelp.toggle()
            helpScroll = 0
        case .togglePause: togglePause()
        case .cycleTheme: cycleTheme()
        case .quit:
            isQuitting = true
            return [.quit]
        case .sortNext, .sortReverse: sort(command)
        case .toggleStatus(let status): return toggleStatus(status)
        case .clearStatuses:
            statusFilter = []
            return reloadRunsAfterFilterChange()
        case .nextTab where currentView == .overview, .previousTab where currentView == .overview:
            moveOverviewFocus(forward: command == .nextTab)
        case .nextTab, .previousTab, .showLogs, .toggleFollow, .expandAll, .collapseAll: performInRunView(command)
        case .startSearch: startSectionSearch()
        case .nextMatch, .previousMatch: moveToNextMatch(forward: command == .nextMatch)
        case .copyId: return copySelectedId()
        case .refresh: return refresh()
        case .explain: return currentView == .overview ? explainAttentionItem() : explainSelected()
        // Bound only in the why panel, whose commands go to performWhy.
        case .closeWhy: break
        case .toggleTour: return toggleTour()
        case .retry: return currentView == .failures ? askForGroupBulk(.retry) : askToRetry(targetRun)
        case .retryFromStep: return askToRetryFromStep()
        case .cancel: return currentView == .failures ? askForGroupBulk(.cancel) : askToCancel()
        case .sendEvent: return openSendEventForm()
        case .editState: return editSelectedState()
        case .setTTL: return openTTLForm()
        case .incrementState: return incrementSelectedState(by: 1)
        case .decrementState: return incrementSelectedState(by: -1)
        case .deleteState: return askToDeleteState()
        case .toggleQueuePause: return askToToggleQueuePause()
        case .releaseLock: return askToReleaseLock()
        case .switchPane: currentView == .events ? switchEventsPane() : switchStatePane()
        case .forgetWorker: askToForgetWorker()
        case .deleteEvent: askToDeleteEvent()
        case .toggleMark: return toggleMark()
        case .markAll: markAllListed()
        case .bulkRetry: return askForBulk(.retry)
        case .bulkCancel: return askForBulk(.cancel)
        }
        return []
    }

    /// `p`: freezes the display (loading goes on underneath), or shows live data again.
    mutating func togglePause() {
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
    }

    /// `s` and `o`: the next sort column of the queues or runs, or the other direction.
    mutating func sort(_ command: ViewCommand) {
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
                runSortDescending = runSort == .created || runSort == .took || runSort == .attempt
            } else {
                runSortDescending.toggle()
            }
            showFlash("Runs sorted by \(runSort.rawValue) \(runSortDescending ? "↓" : "↑")", kind: .info)
        }
        keepSelectionInView()
    }

    /// The status toggles (`F`, `R`, …): show or hide one status, then ask the store for the new set.
    mutating func toggleStatus(_ status: RunStatus) -> [ConsoleEffect] {
        if statusFilter.contains(status) { statusFilter.remove(status) } else { statusFilter.insert(status) }
        return reloadRunsAfterFilterChange()
    }

    /// Starts the runs list over for a new filter: the first page, from the store.
    mutating func reloadRunsAfterFilterChange() -> [ConsoleEffect] {
        runLimit = 500
        keepSelectionAfterFilterChange()
        return currentView.scope == .runs ? [.loadRuns(currentRunsQuery)] : []
    }

    /// `y`: puts the selected id on the clipboard and says what it copied.
    mutating func copySelectedId() -> [ConsoleEffect] {
        if currentView == .events, eventsFocus == .rejected { return copyRejectedBody() }
        guard let (text, what) = copyTarget else {
            showFlash("Nothing selected to copy", kind: .info)
            return []
        }
        showFlash("Copied \(what)\(text) to the clipboard", kind: .info)
        return [.copyToClipboard(text)]
    }

    /// `^R`: reloads the current view now (and restarts its refresh timer).
    mutating func refresh() -> [ConsoleEffect] {
        if currentView == .queues { lastQueuesLoad = now }
        if currentView.listKind != nil { lastListLoad = now }
        return loadCurrentView()
    }
}
