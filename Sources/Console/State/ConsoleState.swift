import Foundation
import JobStore

/// Everything the console shows and remembers, as one value. Only ``ConsoleState/reduce(_:)`` changes it:
/// every stored property is read-only outside this module, and what a session knows at start (size, theme,
/// tour, theme-file problems) goes in through `init`.
public struct ConsoleState: Sendable {
    // MARK: Configuration

    /// Whether every command that changes data is refused (and left out of the hint bar and help).
    public let readOnly: Bool
    /// The theme in use.
    public internal(set) var themeName: String
    /// Every theme `t` cycles through, in order.
    public let themeNames: [String]
    /// Seconds east of UTC for clock times shown (the session sets the local zone; tests use 0).
    public let utcOffsetSeconds: Int
    /// The store's location, for the header.
    public let storeLabel: String
    /// The options that name this database in a `stackshift` command the console suggests (`--db PATH`).
    public let databaseArguments: [String]

    // MARK: Screen

    /// The terminal size in columns.
    public internal(set) var width: Int
    /// The terminal size in rows.
    public internal(set) var height: Int
    /// The current time, from the latest tick.
    public internal(set) var now: Date

    // MARK: Navigation

    /// The views, root first; the last one is shown.
    public internal(set) var viewStack: [ConsoleView] = [.overview]
    /// The view stacks shown before, oldest first: Esc goes back to the last one, wherever it was.
    public internal(set) var viewHistory: [[ConsoleView]] = []
    /// The queue under the cursor in the queues view.
    public internal(set) var selectedQueue: String?
    /// The run under the cursor in the runs view, kept by id so it stays put when rows move.
    public internal(set) var selectedRunId: RunID?
    /// The row the cursor was on, used when the selected run leaves the list.
    public internal(set) var runCursorHint = 0
    /// The first visible row of the queues table.
    public internal(set) var queuesScroll = 0
    /// The first visible row of the runs table.
    public internal(set) var runsScroll = 0
    /// The run view's cursor, scroll and folds.
    public internal(set) var runView = RunViewState()
    /// The cursor of each list view (waits, events, state, schedules, workers).
    public internal(set) var cursors: [ListKind: ListCursor] = [:]

    // MARK: Filtering and sorting

    /// The `/` filter applied in each view (runs: every text a row shows, see `RunSearch`; queues: name; state: key
    /// prefix). A filter belongs to the view it was typed in: another view never sees it.
    public internal(set) var filters: [ConsoleView: String] = [:]
    /// Statuses shown in the runs view; empty shows all.
    public internal(set) var statusFilter: Set<RunStatus> = []
    /// The runs view's sort column.
    public internal(set) var runSort: RunSortColumn = .created
    /// Whether the runs view sorts descending.
    public internal(set) var runSortDescending = true
    /// The queues view's sort column.
    public internal(set) var queueSort: QueueSortColumn = .name
    /// Whether the queues view sorts descending.
    public internal(set) var queueSortDescending = false
    /// How many runs the runs view asks for; grows when the cursor reaches the end.
    public internal(set) var runLimit = 500
    /// How far back the failures view counts failures, in seconds (`[` and `]` change it).
    public internal(set) var failureWindow: TimeInterval = 86_400
    /// How far back the overview charts, in seconds (`[` and `]` change it there).
    public internal(set) var overviewWindow: TimeInterval = 3600
    /// The overview's panel in focus: Enter opens it, the cursor keys move in it.
    public internal(set) var overviewFocus: OverviewPanel = .attention
    /// The selected row of each overview panel, by id (attention: kind and target; latency: job; queues: name).
    public internal(set) var overviewSelection: [OverviewPanel: String] = [:]

    // MARK: Overlays

    /// Whether the display is frozen; loading goes on underneath.
    public internal(set) var isPaused = false
    /// The message in the status line.
    public internal(set) var flash: Flash?
    /// Runs marked with Space in the runs view, with their status when marked: bulk actions apply to them
    /// while any are marked.
    public internal(set) var markedRuns: [RunID: RunStatus] = [:]
    /// What a bulk action being counted applies to, in words, when it is not the runs filter (a failure
    /// group); the confirm dialog names it.
    public internal(set) var bulkScope: String?
    /// The open confirm dialog, holding the write its confirm button hands over.
    public internal(set) var dialog: ConfirmDialog?
    /// Whether the help overlay is open.
    public internal(set) var showsHelp = false
    /// The first visible help line.
    public internal(set) var helpScroll = 0
    /// The filter or command line being typed.
    public internal(set) var input: InputLine?
    /// The open form (send event, TTL).
    public internal(set) var form: ConsoleForm?
    /// The open "why is this run not moving?" panel.
    public internal(set) var why: WhyPanel?
    /// The guided tour (`stackshift demo --tour`); nil when there is none.
    public internal(set) var tour: TourState?

    // MARK: Data

    /// The latest loaded data.
    public internal(set) var live: ConsoleData
    /// The data frozen when the display was paused.
    public internal(set) var frozen: ConsoleData?
    /// The highest change-feed sequence seen; nil until the first poll.
    public internal(set) var lastSequence: Int64?
    /// Whether a change poll is out, so ticks do not pile them up.
    public internal(set) var pollInFlight = false
    /// When the queues were last asked for.
    public internal(set) var lastQueuesLoad: Date?
    /// When the open run's detail was last asked for by a tick.
    public internal(set) var lastDetailLoad: Date?
    /// When the open list view (waits, events, state, schedules, workers) was last asked for.
    public internal(set) var lastListLoad: Date?
    /// Queue names learnt from loaded runs, to place finished runs in the throughput history.
    public internal(set) var runQueues: [RunID: String] = [:]
    /// Finished runs per queue per time bucket, for the sparklines.
    public internal(set) var throughput = ThroughputHistory()
    /// Why the store could not be read, since the last load that worked; nil while loads work.
    public internal(set) var storeOutage: StoreOutage?
    /// Whether the console has asked to quit.
    public internal(set) var isQuitting = false
    /// A run the store answered it does not have, while its view is open: the view says so.
    public internal(set) var missingRunId: RunID?
    /// A run retention deleted, while its view is open: the view says it was pruned, which is no error.
    public internal(set) var prunedRunId: RunID?
    /// The state view's pane in focus: the values (`.state`) or the locks (`.locks`); Tab switches.
    public internal(set) var stateFocus: ListKind = .state
    /// The events view's list: the events (`.events`) or the webhook deliveries the server refused
    /// (`.rejected`); Tab switches.
    public internal(set) var eventsFocus: ListKind = .events
    /// The store's change counters as last read; nil before the first poll.
    public internal(set) var lastCounters: ChangeCounters?

    /// Creates the initial state. `tour` is the guided tour to run (`stackshift demo --tour`); `themeProblems`
    /// are theme files that failed to load, reported in the status line; `firstView` is the view shown first
    /// (the overview unless a caller wants another, such as a test about one view).
    public init(
        width: Int = 80, height: Int = 24, now: Date, readOnly: Bool = false, themeName: String = "default",
        themeNames: [String] = ["default"], utcOffsetSeconds: Int = 0, storeLabel: String = "",
        databaseArguments: [String] = [], tour: TourState? = nil, themeProblems: [String] = [],
        firstView: ConsoleView = .overview
    ) {
        viewStack = [firstView]
        self.width = width
        self.height = height
        self.now = now
        self.readOnly = readOnly
        self.themeName = themeName
        self.themeNames = themeNames.isEmpty ? [themeName] : themeNames
        self.utcOffsetSeconds = utcOffsetSeconds
        self.storeLabel = storeLabel
        self.databaseArguments = databaseArguments
        live = ConsoleData(capturedAt: now)
        self.tour = tour
        if !themeProblems.isEmpty { noteThemeProblems(themeProblems) }
    }

    /// The view shown.
    public var currentView: ConsoleView { viewStack.last ?? .overview }

    /// The filter applied in the view shown; empty when it has none.
    public internal(set) var filterText: String {
        get { filters[currentView] ?? "" }
        set { filters[currentView] = newValue.isEmpty ? nil : newValue }
    }

    /// The data the display shows: frozen while paused, live otherwise.
    public var shown: ConsoleData { frozen ?? live }

    /// The "now" ages and durations are measured against: frozen with the data while paused.
    public var displayNow: Date { frozen?.capturedAt ?? now }

    /// The keymap scopes active now, most specific first.
    public var activeScopes: [KeyScope] {
        if dialog != nil { return [.dialog] }
        if form != nil { return [.form] }
        if input != nil { return [.input] }
        if showsHelp { return [.help] }
        if why != nil { return [.why] }
        return [currentView.scope, .global]
    }

    /// The layout of the console at the current size: the screen less what the tour panel or bar takes.
    public var layout: ScreenLayout {
        let tour = tourPlacement
        return ScreenLayout(width: width - tour.columns, height: height - tour.rows)
    }
}
