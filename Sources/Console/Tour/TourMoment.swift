/// What the tour looks at in the state just before and just after an action: the view, the run view's
/// section, the why panel, whether an overlay takes the keys, and the command a key ran.
struct TourMoment: Sendable, Hashable {
    /// The view shown.
    var view: ConsoleView
    /// The run view's section.
    var tab: RunDetailTab
    /// The run the why panel explains, if it is open.
    var whyRunId: String?
    /// Whether help, the why panel, a form, a dialog or the text line takes the keys.
    var hasOverlay: Bool
    /// The command the action's key runs in this state (before the action only).
    var command: KeyCommand?
    /// Whether the run view shows its Attempts section with an attempt that crashed.
    var showsCrashedAttempt = false

    /// The moment of a state; pass the action to learn the command its key runs here.
    init(_ state: ConsoleState, action: ConsoleAction? = nil) {
        view = state.currentView
        tab = state.runView.tab
        whyRunId = state.why?.runId
        hasOverlay =
            state.showsHelp || state.why != nil || state.form != nil || state.dialog != nil || state.input != nil
        if case .run(let id) = state.currentView, state.runView.tab == .attempts, let detail = state.shown.detail,
            detail.run.id == id
        {
            showsCrashedAttempt = detail.attempts.contains { $0.outcome == .crashed }
        }
        if case .key(let key) = action {
            // In read-only mode a dangerous key runs nothing, so it has no command here either.
            command = state.keymap.binding(for: key, in: state.activeScopes)
                .flatMap { Keymap.isOffered($0, readOnly: state.readOnly) ? $0.command : nil }
        }
    }
}
