import JobStore

extension Keymap {
    /// Actions on the selection; the dangerous ones change data.
    static let actionBindings: [KeyBinding] = [
        KeyBinding(
            [.character("w")], .view(.explain), hint: "why", summary: "Why is this run not moving?",
            scopes: [.runs, .run, .waits]),
        KeyBinding(
            [.character("s")], .view(.sendEvent), hint: "send", summary: "Send an event (prefilled from the selection)",
            scopes: [.waits, .why, .events]),
        KeyBinding(
            [.character("r")], .view(.retry), hint: "retry", summary: "Retry the run (asks first)",
            scopes: [.runs, .run]),
        KeyBinding(
            [.character("C")], .view(.cancel), hint: "cancel", summary: "Cancel the run (asks first)",
            scopes: [.runs, .run]),
        KeyBinding(
            [.character("r")], .view(.retry), hint: "retry all",
            summary: "Retry the cause's failed and canceled runs (asks first, with the count)", scopes: [.failures]),
        KeyBinding(
            [.character("C")], .view(.cancel), summary: "Cancel the cause's active runs (asks first, with the count)",
            scopes: [.failures]),
        KeyBinding(
            [.character("w")], .view(.explain), hint: "why",
            summary: "Explain the selected problem: why its run is not moving", scopes: [.overview]),
        KeyBinding(
            [.tab], .view(.nextTab), hint: "panel", summary: "Next panel", scopes: [.overview]),
        KeyBinding([.backTab], .view(.previousTab), summary: "Previous panel", scopes: [.overview]),
        KeyBinding(
            [.character("[")], .view(.shorterWindow), hint: "window", summary: "Chart a shorter window",
            scopes: [.overview]),
        KeyBinding(
            [.character("]")], .view(.longerWindow), summary: "Chart a longer window", scopes: [.overview]),
        KeyBinding(
            [.character("[")], .view(.shorterWindow), hint: "window",
            summary: "Count failures over a shorter window", scopes: [.failures]),
        KeyBinding(
            [.character("]")], .view(.longerWindow), summary: "Count failures over a longer window",
            scopes: [.failures]),
        KeyBinding(
            [.character("e")], .view(.editState), hint: "edit",
            summary: "Edit the value in $EDITOR (shows a diff first)", scopes: [.state]),
        KeyBinding(
            [.character("T")], .view(.setTTL), hint: "ttl", summary: "Set or clear the value's TTL", scopes: [.state]),
        KeyBinding(
            [.character("+")], .view(.incrementState), hint: "incr", summary: "Increment an integer value",
            scopes: [.state]),
        KeyBinding(
            [.character("-")], .view(.decrementState), summary: "Decrement an integer value", scopes: [.state]),
        KeyBinding(
            [.character("d")], .view(.deleteState), hint: "delete", summary: "Delete the value (asks first)",
            scopes: [.state]),
        KeyBinding(
            [.tab, .backTab], .view(.switchPane), hint: "locks/values",
            summary: "Focus the locks or the values", scopes: [.state]),
        KeyBinding(
            [.tab, .backTab], .view(.switchPane), hint: "rejected",
            summary: "Show rejected webhook deliveries (dead letters), or events", scopes: [.events]),
        KeyBinding(
            [.character("u")], .view(.releaseLock), hint: "unlock",
            summary: "Release the selected lock (asks first; Tab focuses the locks)", scopes: [.state]),
        KeyBinding(
            [.character("d")], .view(.forgetWorker), hint: "forget",
            summary: "Forget the worker (one with no heartbeat and no runs; asks first)", scopes: [.workers]),
        KeyBinding(
            [.character("d")], .view(.deleteEvent), hint: "delete",
            summary: "Delete the event so no later wait receives it (asks first)", scopes: [.events]),
        KeyBinding(
            [.character("P")], .view(.toggleQueuePause), hint: "pause queue",
            summary: "Pause or resume the queue (asks first)", scopes: [.queues]),
    ]

    /// Sorting and narrowing the queues and runs lists, and the bulk actions over the runs filter.
    static let listBindings: [KeyBinding] = [
        KeyBinding(
            [.character("s")], .view(.sortNext), hint: "sort", summary: "Sort by the next column",
            scopes: [.runs, .queues]),
        KeyBinding(
            [.character("o")], .view(.sortReverse), summary: "Reverse the sort order", scopes: [.runs, .queues]),
        KeyBinding(
            [.character("S")], .view(.toggleStatus(.scheduled)), summary: "Show or hide scheduled runs", scopes: [.runs]
        ),
        KeyBinding(
            [.character("Q")], .view(.toggleStatus(.queued)), summary: "Show or hide queued runs", scopes: [.runs]),
        KeyBinding(
            [.character("R")], .view(.toggleStatus(.running)), summary: "Show or hide running runs", scopes: [.runs]),
        KeyBinding(
            [.character("W")], .view(.toggleStatus(.waiting)), summary: "Show or hide waiting runs", scopes: [.runs]),
        KeyBinding(
            [.character("D")], .view(.toggleStatus(.completed)), summary: "Show or hide completed (done) runs",
            scopes: [.runs]
        ),
        KeyBinding(
            [.character("F")], .view(.toggleStatus(.failed)), hint: "failed", summary: "Show or hide failed runs",
            scopes: [.runs]),
        KeyBinding(
            [.character("X")], .view(.toggleStatus(.canceled)), summary: "Show or hide canceled runs", scopes: [.runs]),
        KeyBinding([.character("A")], .view(.clearStatuses), summary: "Show runs of every status", scopes: [.runs]),
        KeyBinding(
            [.character(" ")], .view(.toggleMark), hint: "mark",
            summary: "Mark or unmark the run (bulk keys act on marks)",
            scopes: [.runs]),
        KeyBinding(
            [.character("*"), .control(" ")], .view(.markAll), summary: "Mark every run listed (again: unmark them)",
            scopes: [.runs]),
        KeyBinding(
            [.control("t")], .view(.bulkRetry),
            summary: "Retry the marked runs, else every failed or canceled run matching the filter (asks first)",
            scopes: [.runs]),
        KeyBinding(
            [.control("x")], .view(.bulkCancel),
            summary: "Cancel the marked runs, else every active run matching the filter (asks first)",
            scopes: [.runs]),
    ]

    /// Moving through the run view's sections, searching them and folding their JSON.
    static let runViewBindings: [KeyBinding] = [
        KeyBinding([.tab, .right], .view(.nextTab), hint: "section", summary: "Next section", scopes: [.run]),
        KeyBinding([.backTab, .left], .view(.previousTab), summary: "Previous section", scopes: [.run]),
        KeyBinding(
            [.character("R")], .view(.retryFromStep), hint: "retry from step",
            summary: "Retry the run from the step at the cursor (Timeline section; asks first)", scopes: [.run]),
        KeyBinding([.character("l")], .view(.showLogs), hint: "logs", summary: "Show the logs", scopes: [.run]),
        KeyBinding(
            [.character("/")], .view(.startSearch), hint: "search",
            summary: "Search this section (logs, JSON, timeline, attempts)", scopes: [.run]),
        KeyBinding(
            [.character("n")], .view(.nextMatch), hint: "next match", summary: "Next line matching the search",
            scopes: [.run]),
        KeyBinding(
            [.character("N")], .view(.previousMatch), summary: "Previous line matching the search", scopes: [.run]),
        KeyBinding([.character("f")], .view(.toggleFollow), summary: "Follow new log lines", scopes: [.run]),
        KeyBinding(
            [.character("s")], .view(.sendEvent), hint: "send", summary: "Send the event the run waits for (prefilled)",
            scopes: [.run]),
        KeyBinding([.character("z")], .view(.collapseAll), summary: "Collapse all JSON", scopes: [.run]),
        KeyBinding([.character("Z")], .view(.expandAll), summary: "Expand all JSON", scopes: [.run]),
        KeyBinding([.character("y")], .view(.copyId), summary: "Copy the selected id (OSC 52)", scopes: copying),
    ]
}
