extension Keymap {
    /// Scopes where the cursor and scroll keys work.
    static let moving: Set<KeyScope> = [
        .overview, .queues, .runs, .run, .waits, .events, .state, .schedules, .workers, .failures, .audit, .help, .why,
    ]
    /// Scopes where `y` copies an id.
    static let copying: Set<KeyScope> = [
        .queues, .runs, .run, .waits, .events, .state, .schedules, .workers, .failures, .audit, .why,
    ]

    /// The console's keys (DESIGN.md §5), view commands first, then the text line, forms and dialogs. The order
    /// is the order help lists them in and the hint bar considers them. Whether a binding is dangerous comes
    /// from its command (``ViewCommand/isDangerous``).
    public static let standard = Keymap(
        bindings: viewBindings + actionBindings + listBindings + runViewBindings + globalBindings + inputBindings
            + formBindings + editBindings + dialogBindings)

    static let viewBindings: [KeyBinding] = [
        // Help overlay.
        KeyBinding(
            [.escape, .character("q")], .view(.toggleHelp), hint: "close", summary: "Close help", scopes: [.help]),
        // Why panel.
        KeyBinding(
            [.escape, .character("w"), .character("q")], .view(.closeWhy), hint: "close",
            summary: "Close the why panel", scopes: [.why]),
        KeyBinding(
            [.character("r")], .view(.retry), hint: "retry", summary: "Retry the run (the fix for a failed run)",
            scopes: [.why]),
        KeyBinding(
            [.character("u")], .view(.releaseLock), hint: "unlock",
            summary: "Release the lock the run is blocked on (asks first, naming its owner)", scopes: [.why]),
        KeyBinding(
            [.character("P")], .view(.toggleQueuePause), hint: "resume queue",
            summary: "Resume the run's paused queue (asks first)", scopes: [.why]),
        // Moving.
        KeyBinding([.character("j"), .down, .wheelDown], .view(.moveDown), summary: "Move down", scopes: moving),
        KeyBinding([.character("k"), .up, .wheelUp], .view(.moveUp), summary: "Move up", scopes: moving),
        KeyBinding(
            [.pageDown, .control("f")], .view(.pageDown), summary: "Page down", scopes: moving),
        KeyBinding([.pageUp, .control("b")], .view(.pageUp), summary: "Page up", scopes: moving),
        KeyBinding([.character("g"), .home], .view(.top), summary: "Go to the top", scopes: moving),
        KeyBinding(
            [.character("G"), .end], .view(.bottom), summary: "Go to the bottom (logs: and follow)", scopes: moving),
        // Opening and going back.
        KeyBinding(
            [.enter], .view(.open), hint: "open",
            summary: "Open the selected problem, or the focused panel's full view", scopes: [.overview]),
        KeyBinding([.enter], .view(.open), hint: "open", summary: "Open the queue's runs", scopes: [.queues]),
        KeyBinding([.enter], .view(.open), hint: "open", summary: "Open the run", scopes: [.runs, .waits, .why]),
        KeyBinding(
            [.enter], .view(.open), hint: "fold", summary: "Fold or unfold the JSON under the cursor", scopes: [.run]),
        KeyBinding([.enter], .view(.open), hint: "open", summary: "Open the run the event resumed", scopes: [.events]),
        KeyBinding([.enter], .view(.open), hint: "open", summary: "Open the run it last started", scopes: [.schedules]),
        KeyBinding([.enter], .view(.open), hint: "runs", summary: "List the cause's runs", scopes: [.failures]),
        KeyBinding(
            [.enter], .view(.open), hint: "open", summary: "Open the run the action was about", scopes: [.audit]),
        KeyBinding(
            [.escape], .view(.back), hint: "back", summary: "Previous view (clears the filter first)",
            scopes: [.runs, .run, .waits, .events, .state, .schedules, .workers, .failures, .audit]),
        // The queues view is where the console starts: Esc is rarely wanted there, so it takes no hint space.
        KeyBinding(
            [.escape], .view(.back), summary: "Previous view (clears the filter first)", scopes: [.overview, .queues]),
        KeyBinding(
            [.character("/")], .view(.startFilter), hint: "filter",
            summary: "Filter by any text a row shows",
            scopes: [.runs, .queues]),
        KeyBinding(
            [.character("/")], .view(.startFilter), hint: "filter", summary: "Filter by event name or key",
            scopes: [.waits, .events]),
        KeyBinding(
            [.character("/")], .view(.startFilter), hint: "prefix", summary: "Show keys starting with a prefix",
            scopes: [.state]),
        KeyBinding(
            [.character("/")], .view(.startFilter), hint: "filter", summary: "Filter causes by any text",
            scopes: [.failures]),
        KeyBinding(
            [.character("/")], .view(.startFilter), hint: "filter", summary: "Filter actions by any text",
            scopes: [.audit]),
    ]

    static let globalBindings: [KeyBinding] = [
        KeyBinding(
            [.character("1")], .view(.showOverview), summary: "Overview: throughput, latency, what needs attention",
            scopes: [.global]),
        KeyBinding([.character("2")], .view(.showQueues), summary: "Queues view", scopes: [.global]),
        KeyBinding([.character("3")], .view(.showRuns), summary: "Runs view (all queues)", scopes: [.global]),
        KeyBinding(
            [.character("4")], .view(.showWaits), summary: "Waits view (waiting runs, stray events)",
            scopes: [.global]),
        KeyBinding([.character("5")], .view(.showEvents), summary: "Events view", scopes: [.global]),
        KeyBinding([.character("6")], .view(.showState), summary: "State view: values and locks", scopes: [.global]),
        KeyBinding([.character("7")], .view(.showSchedules), summary: "Schedules view", scopes: [.global]),
        KeyBinding([.character("8")], .view(.showWorkers), summary: "Workers view", scopes: [.global]),
        KeyBinding(
            [.character("9")], .view(.showFailures), summary: "Failures view: what is failing, grouped by cause",
            scopes: [.global]),
        KeyBinding(
            [.character("0")], .view(.showAudit), summary: "Audit view: every operator action, who and how it ended",
            scopes: [.global]),
        KeyBinding(
            [.character("p")], .view(.togglePause), hint: "freeze",
            summary: "Freeze the screen, or show live data again",
            scopes: [.global]),
        KeyBinding(
            [.control("r")], .view(.refresh), summary: "Reload now (in the why panel: ask again)",
            scopes: [.global, .why]),
        KeyBinding([.character("t")], .view(.cycleTheme), summary: "Next theme", scopes: [.global]),
        KeyBinding(
            [.character("i")], .view(.toggleTour), hint: "tour", summary: "Show or hide the guided tour (demo --tour)",
            scopes: [.global]),
        KeyBinding(
            [.character(":")], .view(.startCommand), hint: "cmd", summary: "Command line (:waits, :state, :theme …)",
            scopes: [.global]),
        KeyBinding(
            [.character("?")], .view(.toggleHelp), hint: "help", summary: "Show or hide this help",
            scopes: [.global, .help]),
        KeyBinding([.character("q")], .view(.quit), hint: "quit", summary: "Quit", scopes: [.global]),
    ]
}
