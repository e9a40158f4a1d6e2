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
    var command: ConsoleCommand?

    /// The moment of a state; pass the action to learn the command its key runs here.
    init(_ state: ConsoleState, action: ConsoleAction? = nil) {
        view = state.currentView
        tab = state.runView.tab
        whyRunId = state.why?.runId
        hasOverlay =
            state.showsHelp || state.why != nil || state.form != nil || state.dialog != nil || state.input != nil
        if case .key(let key) = action {
            command = state.keymap.binding(for: key, in: state.activeScopes, readOnly: state.readOnly)?.command
        }
    }
}
