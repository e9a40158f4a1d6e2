import JobStore

/// A command on what the view shows (and on the help overlay or why panel over it).
public enum ViewCommand: Sendable, Hashable {
    /// Cursor down one row (or scroll down).
    case moveDown
    /// Cursor up one row (or scroll up).
    case moveUp
    /// Down one screen.
    case pageDown
    /// Up one screen.
    case pageUp
    /// To the first row.
    case top
    /// To the last row.
    case bottom
    /// Drill into the selected queue or run (or fold JSON in a run).
    case open
    /// Go back to the view shown before, or clear the view's filter first.
    case back
    /// Start typing a filter.
    case startFilter
    /// Open the `:` command line.
    case startCommand
    /// Show or hide the key help.
    case toggleHelp
    /// Retry the selected run (after confirming).
    case retry
    /// Retry the run from the timeline step at the cursor, forgetting it and every step after it (after
    /// confirming).
    case retryFromStep
    /// Cancel the selected run (after confirming).
    case cancel
    /// Freeze or unfreeze the displayed data.
    case togglePause
    /// Switch to the next theme.
    case cycleTheme
    /// Leave the console.
    case quit
    /// Go to the overview.
    case showOverview
    /// Go to the queues view.
    case showQueues
    /// Go to the runs view.
    case showRuns
    /// Go to the waits view.
    case showWaits
    /// Go to the events view.
    case showEvents
    /// Go to the state view.
    case showState
    /// Go to the schedules view.
    case showSchedules
    /// Go to the workers view.
    case showWorkers
    /// Go to the failures view.
    case showFailures
    /// Go to the audit view.
    case showAudit
    /// Count over the next shorter window (failures view, overview).
    case shorterWindow
    /// Count over the next longer window (failures view, overview).
    case longerWindow
    /// Ask why the selected run is not moving.
    case explain
    /// Close the why panel.
    case closeWhy
    /// Open the send-event form, prefilled from the selection.
    case sendEvent
    /// Edit the selected state value in `$EDITOR`.
    case editState
    /// Set the selected state value's expiry.
    case setTTL
    /// Add one to the selected integer state value.
    case incrementState
    /// Subtract one from the selected integer state value.
    case decrementState
    /// Delete the selected state value (after confirming).
    case deleteState
    /// Pause or resume the selected queue (after confirming).
    case toggleQueuePause
    /// Retry every failed or canceled run matching the runs filter (after confirming the count).
    case bulkRetry
    /// Cancel every active run matching the runs filter (after confirming the count).
    case bulkCancel
    /// Sort runs by the next column.
    case sortNext
    /// Reverse the sort order.
    case sortReverse
    /// Show or hide runs of one status.
    case toggleStatus(RunStatus)
    /// Show runs of every status again.
    case clearStatuses
    /// Next section of the run view.
    case nextTab
    /// Previous section of the run view.
    case previousTab
    /// Jump to the run's logs.
    case showLogs
    /// Keep the newest log line in view as lines arrive.
    case toggleFollow
    /// Expand everything in a JSON section.
    case expandAll
    /// Collapse every nested object and array in a JSON section.
    case collapseAll
    /// Search the run view's section for a text.
    case startSearch
    /// Go to the section's next line matching the search.
    case nextMatch
    /// Go to the section's previous line matching the search.
    case previousMatch
    /// Copy the selected item's id to the clipboard.
    case copyId
    /// Reload the current view now.
    case refresh
    /// Show or hide the guided tour's panel.
    case toggleTour
    /// Move the focus between the state view's values and locks, or show the events view's events or rejected
    /// webhook deliveries.
    case switchPane
    /// Release the selected lock (asks first).
    case releaseLock
    /// Forget the selected silent worker (asks first).
    case forgetWorker
    /// Delete the selected event (asks first).
    case deleteEvent
    /// Mark or unmark the run under the cursor for a bulk action.
    case toggleMark
    /// Mark every run listed, or unmark them all.
    case markAll

    /// Whether the command changes data (or opens the form, editor or dialog that does): like k9s's
    /// "dangerous" actions, these are what a read-only console refuses. No `default:`, so a new command
    /// cannot be added without deciding.
    public var isDangerous: Bool {
        switch self {
        case .retry, .cancel, .bulkRetry, .bulkCancel, .sendEvent, .editState, .setTTL, .incrementState,
            .decrementState, .deleteState, .retryFromStep, .toggleQueuePause, .releaseLock, .forgetWorker, .deleteEvent:
            true
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .open, .back, .startFilter, .startCommand,
            .toggleHelp, .togglePause, .cycleTheme, .quit, .showOverview, .showQueues, .showRuns, .showWaits,
            .showEvents,
            .showState, .showSchedules, .showWorkers, .showFailures, .showAudit, .shorterWindow, .longerWindow,
            .explain, .closeWhy, .sortNext, .sortReverse, .toggleStatus,
            .clearStatuses, .nextTab, .previousTab, .showLogs, .toggleFollow, .expandAll, .collapseAll, .startSearch,
            .nextMatch, .previousMatch, .copyId, .refresh, .toggleTour, .switchPane, .toggleMark, .markAll:
            false
        }
    }
}
