import Foundation
import JobStore

/// Everything the console shows and remembers, as one value. Only ``ConsoleState/reduce(_:)`` changes it.
public struct ConsoleState: Sendable {
    // MARK: Configuration

    /// Whether dangerous bindings (everything that changes data) are removed.
    public var readOnly: Bool
    /// The theme in use.
    public var themeName: String
    /// Every theme `t` cycles through, in order.
    public var themeNames: [String]
    /// Seconds east of UTC for clock times shown (the session sets the local zone; tests use 0).
    public var utcOffsetSeconds: Int
    /// The store's location, for the header.
    public var storeLabel: String

    // MARK: Screen

    /// The terminal size in columns.
    public var width: Int
    /// The terminal size in rows.
    public var height: Int
    /// The current time, from the latest tick.
    public var now: Date

    // MARK: Navigation

    /// The views, root first; the last one is shown.
    public var viewStack: [ConsoleView] = [.queues]
    /// The queue under the cursor in the queues view.
    public var selectedQueue: String?
    /// The run under the cursor in the runs view, kept by id so it stays put when rows move.
    public var selectedRunId: RunID?
    /// The row the cursor was on, used when the selected run leaves the list.
    public var runCursorHint = 0
    /// The first visible row of the queues table.
    public var queuesScroll = 0
    /// The first visible row of the runs table.
    public var runsScroll = 0
    /// The run view's cursor, scroll and folds.
    public var runView = RunViewState()
    /// The cursor of each list view (waits, events, state, schedules, workers).
    public var cursors: [ListKind: ListCursor] = [:]

    // MARK: Filtering and sorting

    /// The `/` filter text (runs: id, job, idempotency key, error; queues: name).
    public var filterText = ""
    /// Statuses shown in the runs view; empty shows all.
    public var statusFilter: Set<RunStatus> = []
    /// The runs view's sort column.
    public var runSort: RunSortColumn = .created
    /// Whether the runs view sorts descending.
    public var runSortDescending = true
    /// The queues view's sort column.
    public var queueSort: QueueSortColumn = .name
    /// Whether the queues view sorts descending.
    public var queueSortDescending = false
    /// How many runs the runs view asks for; grows when the cursor reaches the end.
    public var runLimit = 500

    // MARK: Overlays

    /// Whether the display is frozen; loading goes on underneath.
    public var isPaused = false
    /// The message in the status line.
    public var flash: Flash?
    /// The open confirm dialog.
    public var dialog: ConfirmDialog?
    /// Whether the help overlay is open.
    public var showsHelp = false
    /// The first visible help line.
    public var helpScroll = 0
    /// The filter or command line being typed.
    public var input: TextInput?
    /// The open form (send event, TTL).
    public var form: ConsoleForm?
    /// The open "why is this run not moving?" panel.
    public var why: WhyPanel?
    /// The guided tour (`stackshift demo --tour`); nil when there is none.
    public var tour: TourState?

    // MARK: Data

    /// The latest loaded data.
    public var live: ConsoleData
    /// The data frozen when the display was paused.
    public var frozen: ConsoleData?
    /// The highest change-feed sequence seen; nil until the first poll.
    public var lastSequence: Int64?
    /// Whether a change poll is out, so ticks do not pile them up.
    public var pollInFlight = false
    /// When the queues were last asked for.
    public var lastQueuesLoad: Date?
    /// When the open run's detail was last asked for by a tick.
    public var lastDetailLoad: Date?
    /// When the open list view (waits, events, state, schedules, workers) was last asked for.
    public var lastListLoad: Date?
    /// Queue names learnt from loaded runs, to place finished runs in the throughput history.
    public var runQueues: [RunID: String] = [:]
    /// Finished runs per queue per time bucket, for the sparklines.
    public var throughput = ThroughputHistory()
    /// Whether the console has asked to quit.
    public var isQuitting = false

    /// Creates the initial state.
    public init(
        width: Int = 80, height: Int = 24, now: Date, readOnly: Bool = false, themeName: String = "default",
        themeNames: [String] = ["default"], utcOffsetSeconds: Int = 0, storeLabel: String = ""
    ) {
        self.width = width
        self.height = height
        self.now = now
        self.readOnly = readOnly
        self.themeName = themeName
        self.themeNames = themeNames.isEmpty ? [themeName] : themeNames
        self.utcOffsetSeconds = utcOffsetSeconds
        self.storeLabel = storeLabel
        live = ConsoleData(capturedAt: now)
    }

    /// The view shown.
    public var currentView: ConsoleView { viewStack.last ?? .queues }

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
