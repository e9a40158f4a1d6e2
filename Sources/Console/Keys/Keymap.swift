import JobStore

/// The one table of key bindings. Key handling, the hint bar and the `?` help overlay all read it,
/// so they can never disagree.
public struct Keymap: Sendable {
    /// The bindings, in the order help lists them and the hint bar considers them.
    public var bindings: [KeyBinding]

    /// Creates a keymap from bindings.
    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The binding a key runs in the given scopes, earlier scopes first; nil when the key is unbound.
    /// Dangerous bindings do not exist for a read-only console.
    public func binding(for key: Key, in scopes: [KeyScope], readOnly: Bool) -> KeyBinding? {
        for scope in scopes {
            if let match = bindings.first(where: {
                $0.scopes.contains(scope) && $0.keys.contains(key) && !(readOnly && $0.isDangerous)
            }) {
                return match
            }
        }
        return nil
    }

    /// The bindings the hint bar offers in the given scopes, view bindings before global ones.
    public func hints(in scopes: [KeyScope], readOnly: Bool) -> [KeyBinding] {
        var seen: Set<ConsoleCommand> = []
        var result: [KeyBinding] = []
        for scope in scopes {
            for binding in bindings where binding.scopes.contains(scope) && binding.hint != nil {
                guard !(readOnly && binding.isDangerous), seen.insert(binding.command).inserted else { continue }
                result.append(binding)
            }
        }
        return result
    }

    /// The help overlay's sections: each binding once, under the first scope in `first`-then-table order
    /// that it applies to, so movement keys shared by every view are not repeated per view.
    public func helpSections(readOnly: Bool, first: KeyScope? = nil) -> [(scope: KeyScope, bindings: [KeyBinding])] {
        // Forms and confirm dialogs only ever open for actions that change data.
        let unreachable: Set<KeyScope> = readOnly ? [.form, .dialog] : []
        let order = ((first.map { [$0] } ?? []) + KeyScope.allCases.filter { $0 != first })
            .filter { !unreachable.contains($0) }
        var listed: Set<Int> = []
        return order.compactMap { scope in
            let inScope = bindings.indices.filter { index in
                bindings[index].scopes.contains(scope) && !(readOnly && bindings[index].isDangerous)
                    && !listed.contains(index)
            }
            listed.formUnion(inScope)
            return inScope.isEmpty ? nil : (scope, inScope.map { bindings[$0] })
        }
    }
}

extension Keymap {
    /// Scopes where the cursor and scroll keys work.
    static let moving: Set<KeyScope> = [
        .queues, .runs, .run, .waits, .events, .state, .schedules, .workers, .help, .why,
    ]
    /// Scopes where `y` copies an id.
    static let copying: Set<KeyScope> = [.queues, .runs, .run, .waits, .events, .state, .schedules, .workers, .why]

    /// The console's keys (DESIGN.md §5). Bindings marked dangerous change data: a read-only console
    /// drops them from handling, the hint bar and help.
    public static let standard = Keymap(bindings: viewBindings + actionBindings + globalBindings + modalBindings)

    static let viewBindings: [KeyBinding] = [
        // Help overlay.
        KeyBinding([.escape, .character("q")], .toggleHelp, hint: "close", summary: "Close help", scopes: [.help]),
        // Why panel.
        KeyBinding(
            [.escape, .character("w"), .character("q")], .closeWhy, hint: "close", summary: "Close the why panel",
            scopes: [.why]),
        // Moving.
        KeyBinding([.character("j"), .down, .wheelDown], .moveDown, summary: "Move down", scopes: moving),
        KeyBinding([.character("k"), .up, .wheelUp], .moveUp, summary: "Move up", scopes: moving),
        KeyBinding([.pageDown, .control("f"), .character(" ")], .pageDown, summary: "Page down", scopes: moving),
        KeyBinding([.pageUp, .control("b")], .pageUp, summary: "Page up", scopes: moving),
        KeyBinding([.character("g"), .home], .top, summary: "Go to the top", scopes: moving),
        KeyBinding(
            [.character("G"), .end], .bottom, summary: "Go to the bottom (logs: and follow)", scopes: moving),
        // Opening and going back.
        KeyBinding([.enter], .open, hint: "open", summary: "Open the queue's runs", scopes: [.queues]),
        KeyBinding([.enter], .open, hint: "open", summary: "Open the run", scopes: [.runs, .waits, .why]),
        KeyBinding([.enter], .open, hint: "fold", summary: "Fold or unfold the JSON under the cursor", scopes: [.run]),
        KeyBinding([.enter], .open, hint: "open", summary: "Open the run the event resumed", scopes: [.events]),
        KeyBinding([.enter], .open, hint: "open", summary: "Open the run it last started", scopes: [.schedules]),
        KeyBinding(
            [.escape], .back, hint: "back", summary: "Back out (clears the filter first)",
            scopes: [.runs, .run, .waits, .events, .state, .schedules, .workers]),
        KeyBinding(
            [.character("/")], .startFilter, hint: "filter", summary: "Filter by id, job, idempotency key or error",
            scopes: [.runs, .queues]),
        KeyBinding(
            [.character("/")], .startFilter, hint: "filter", summary: "Filter by event name or key",
            scopes: [.waits, .events]),
        KeyBinding(
            [.character("/")], .startFilter, hint: "prefix", summary: "Show keys starting with a prefix",
            scopes: [.state]),
    ]

    static let actionBindings: [KeyBinding] = [
        KeyBinding(
            [.character("w")], .explain, hint: "why", summary: "Why is this run not moving?",
            scopes: [.runs, .run, .waits]),
        KeyBinding(
            [.character("s")], .sendEvent, hint: "send", summary: "Send an event (prefilled from the selection)",
            scopes: [.waits, .why, .events], dangerous: true),
        KeyBinding(
            [.character("r")], .retry, hint: "retry", summary: "Retry the run (asks first)", scopes: [.runs, .run],
            dangerous: true),
        KeyBinding(
            [.character("C")], .cancel, hint: "cancel", summary: "Cancel the run (asks first)", scopes: [.runs, .run],
            dangerous: true),
        KeyBinding(
            [.character("e")], .editState, hint: "edit", summary: "Edit the value in $EDITOR (shows a diff first)",
            scopes: [.state], dangerous: true),
        KeyBinding(
            [.character("T")], .setTTL, hint: "ttl", summary: "Set or clear the value's TTL", scopes: [.state],
            dangerous: true),
        KeyBinding(
            [.character("+")], .incrementState, hint: "incr", summary: "Increment an integer value", scopes: [.state],
            dangerous: true),
        KeyBinding(
            [.character("-")], .decrementState, summary: "Decrement an integer value", scopes: [.state],
            dangerous: true),
        KeyBinding(
            [.character("d")], .deleteState, hint: "delete", summary: "Delete the value (asks first)",
            scopes: [.state], dangerous: true),
        KeyBinding(
            [.character("P")], .toggleQueuePause, hint: "pause queue",
            summary: "Pause or resume the queue (asks first)", scopes: [.queues], dangerous: true),
        KeyBinding(
            [.character("s")], .sortNext, hint: "sort", summary: "Sort by the next column", scopes: [.runs, .queues]),
        KeyBinding([.character("o")], .sortReverse, summary: "Reverse the sort order", scopes: [.runs, .queues]),
        KeyBinding(
            [.character("S")], .toggleStatus(.scheduled), summary: "Show or hide scheduled runs", scopes: [.runs]),
        KeyBinding([.character("Q")], .toggleStatus(.queued), summary: "Show or hide queued runs", scopes: [.runs]),
        KeyBinding([.character("R")], .toggleStatus(.running), summary: "Show or hide running runs", scopes: [.runs]),
        KeyBinding([.character("W")], .toggleStatus(.waiting), summary: "Show or hide waiting runs", scopes: [.runs]),
        KeyBinding(
            [.character("D")], .toggleStatus(.completed), summary: "Show or hide completed (done) runs", scopes: [.runs]
        ),
        KeyBinding(
            [.character("F")], .toggleStatus(.failed), hint: "failed", summary: "Show or hide failed runs",
            scopes: [.runs]),
        KeyBinding([.character("X")], .toggleStatus(.canceled), summary: "Show or hide canceled runs", scopes: [.runs]),
        KeyBinding([.character("A")], .clearStatuses, summary: "Show runs of every status", scopes: [.runs]),
        KeyBinding(
            [.control("t")], .bulkRetry, summary: "Retry every failed or canceled run matching the filter (asks first)",
            scopes: [.runs], dangerous: true),
        KeyBinding(
            [.control("x")], .bulkCancel, summary: "Cancel every active run matching the filter (asks first)",
            scopes: [.runs], dangerous: true),
        KeyBinding([.tab, .right], .nextTab, hint: "section", summary: "Next section", scopes: [.run]),
        KeyBinding([.backTab, .left], .previousTab, summary: "Previous section", scopes: [.run]),
        KeyBinding([.character("l")], .showLogs, hint: "logs", summary: "Show the logs", scopes: [.run]),
        KeyBinding([.character("f")], .toggleFollow, summary: "Follow new log lines", scopes: [.run]),
        KeyBinding(
            [.character("s")], .sendEvent, hint: "send", summary: "Send the event the run waits for (prefilled)",
            scopes: [.run], dangerous: true),
        KeyBinding([.character("z")], .collapseAll, summary: "Collapse all JSON", scopes: [.run]),
        KeyBinding([.character("Z")], .expandAll, summary: "Expand all JSON", scopes: [.run]),
        KeyBinding([.character("y")], .copyId, summary: "Copy the selected id (OSC 52)", scopes: copying),
    ]

    static let globalBindings: [KeyBinding] = [
        KeyBinding([.character("1")], .showQueues, summary: "Queues view", scopes: [.global]),
        KeyBinding([.character("2")], .showRuns, summary: "Runs view (all queues)", scopes: [.global]),
        KeyBinding([.character("3")], .showRun, summary: "Run view of the selected run", scopes: [.global]),
        KeyBinding(
            [.character("4")], .showWaits, summary: "Waits view (waiting runs, stray events)",
            scopes: [.global]),
        KeyBinding([.character("5")], .showEvents, summary: "Events view", scopes: [.global]),
        KeyBinding([.character("6")], .showState, summary: "State view: values and locks", scopes: [.global]),
        KeyBinding([.character("7")], .showSchedules, summary: "Schedules view", scopes: [.global]),
        KeyBinding([.character("8")], .showWorkers, summary: "Workers view", scopes: [.global]),
        KeyBinding(
            [.character("p")], .togglePause, hint: "pause", summary: "Pause or resume live updates", scopes: [.global]),
        KeyBinding(
            [.control("r")], .refresh, summary: "Reload now (in the why panel: ask again)",
            scopes: [.global, .why]),
        KeyBinding([.character("t")], .cycleTheme, summary: "Next theme", scopes: [.global]),
        KeyBinding(
            [.character("i")], .toggleTour, hint: "tour", summary: "Show or hide the guided tour (demo --tour)",
            scopes: [.global]),
        KeyBinding(
            [.character(":")], .startCommand, hint: "cmd", summary: "Command line (:waits, :state, :theme …)",
            scopes: [.global]),
        KeyBinding(
            [.character("?")], .toggleHelp, hint: "help", summary: "Show or hide this help", scopes: [.global, .help]),
        KeyBinding([.character("q")], .quit, hint: "quit", summary: "Quit", scopes: [.global]),
    ]

    static let modalBindings: [KeyBinding] = [
        // Text line.
        KeyBinding([.enter], .inputAccept, hint: "apply", summary: "Apply", scopes: [.input]),
        KeyBinding([.escape], .inputCancel, hint: "cancel", summary: "Abandon the text", scopes: [.input]),
        KeyBinding([.tab], .inputComplete, hint: "complete", summary: "Complete the command", scopes: [.input]),
        // Forms.
        KeyBinding(
            [.enter], .formSubmit, hint: "submit", summary: "Submit (bad input is refused)",
            scopes: [.form]),
        KeyBinding([.escape], .formCancel, hint: "cancel", summary: "Close without doing anything", scopes: [.form]),
        KeyBinding([.tab, .down], .formNext, hint: "next field", summary: "Next field", scopes: [.form]),
        KeyBinding([.backTab, .up], .formPrevious, summary: "Previous field", scopes: [.form]),
        // Editing, in the text line and in forms.
        KeyBinding(
            [.backspace, .control("h")], .inputDeleteBackward, summary: "Delete backwards", scopes: [.input, .form]),
        KeyBinding([.left], .inputLeft, summary: "Cursor left", scopes: [.input, .form]),
        KeyBinding([.right], .inputRight, summary: "Cursor right", scopes: [.input, .form]),
        KeyBinding([.control("u")], .inputClear, summary: "Clear the line", scopes: [.input, .form]),
        // Confirm dialog: Enter presses the focused button, which starts on the harmless one.
        KeyBinding(
            [.tab, .left, .right, .character("h"), .character("l")], .dialogSwitch, hint: "switch",
            summary: "Move between buttons", scopes: [.dialog]),
        KeyBinding([.enter], .dialogPress, hint: "press", summary: "Press the focused button", scopes: [.dialog]),
        KeyBinding(
            [.escape, .character("n"), .character("q")], .dialogDismiss, hint: "dismiss",
            summary: "Close without doing anything", scopes: [.dialog]),
    ]
}
