/// Where a key binding applies: a view, the text line, a dialog, the help overlay, or everywhere.
public enum KeyScope: String, Sendable, CaseIterable, Hashable {
    /// Every view (not while typing, in a dialog or in help).
    case global
    /// The overview.
    case overview
    /// The queues view.
    case queues
    /// The runs view.
    case runs
    /// The run view.
    case run
    /// The waits view.
    case waits
    /// The events view.
    case events
    /// The state view.
    case state
    /// The schedules view.
    case schedules
    /// The workers view.
    case workers
    /// The failures view.
    case failures
    /// The audit view.
    case audit
    /// While typing a filter or command.
    case input
    /// While a form (send event, TTL) is open.
    case form
    /// While the "why" panel is open.
    case why
    /// While a confirm dialog is open.
    case dialog
    /// While the help overlay is open.
    case help

    /// The heading of this scope in the help overlay.
    public var title: String {
        switch self {
        case .global: "Everywhere"
        case .overview: "Overview"
        case .queues: "Queues"
        case .runs: "Runs"
        case .run: "Run"
        case .waits: "Waits"
        case .events: "Events"
        case .state: "State"
        case .schedules: "Schedules"
        case .workers: "Workers"
        case .failures: "Failures"
        case .audit: "Audit"
        case .input: "Filter, search and command line"
        case .form: "Forms (send event, TTL)"
        case .why: "Why panel"
        case .dialog: "Confirm dialog"
        case .help: "Help"
        }
    }
}

/// One row of the keymap: keys, the command they run, where, and how the hint bar and help describe it.
public struct KeyBinding: Sendable, Hashable {
    /// The keys that run the command; the first is the one shown in the hint bar.
    public var keys: [Key]
    /// What the keys do.
    public var command: KeyCommand
    /// The short hint bar label; nil keeps the binding out of the hint bar (it still shows in help).
    public var hint: String?
    /// The help overlay's description.
    public var summary: String
    /// Where the binding applies.
    public var scopes: Set<KeyScope>

    /// Creates a binding.
    public init(_ keys: [Key], _ command: KeyCommand, hint: String? = nil, summary: String, scopes: Set<KeyScope>) {
        self.keys = keys
        self.command = command
        self.hint = hint
        self.summary = summary
        self.scopes = scopes
    }

    /// Whether the command changes data: a property of the command, never of the key.
    public var isDangerous: Bool { command.isDangerous }

    /// The keys as help shows them (`j/↓`).
    public var keyLabel: String {
        keys.filter { $0 != .wheelUp && $0 != .wheelDown }.map(\.label).joined(separator: "/")
    }
}
