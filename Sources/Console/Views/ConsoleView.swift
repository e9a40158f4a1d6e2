import Foundation
import JobStore

/// A screen of the console. The state keeps a stack of them; `Enter` pushes and `Esc` pops.
public enum ConsoleView: Sendable, Hashable {
    /// The health of the whole system at a glance: throughput, latency, what needs attention, queues and
    /// workers. The first screen.
    case overview
    /// Every queue with its depth and throughput.
    case queues
    /// Runs, of one queue or of all; with `failure`, only the runs of one failure group.
    case runs(queue: String?, failure: FailureMatch? = nil)
    /// One run in detail.
    case run(RunID)
    /// Waiting runs grouped by event name and key, beside the events no run consumed.
    case waits
    /// Recent events and the runs each resumed.
    case events
    /// State values and locks.
    case state
    /// Recurring schedules.
    case schedules
    /// Registered workers.
    case workers
    /// Failed and crashed attempts of a window, grouped by cause.
    case failures
    /// Operator actions, newest first: who did what, through what, and how it ended.
    case audit

    /// The keymap scope of the view.
    public var scope: KeyScope {
        switch self {
        case .overview: .overview
        case .queues: .queues
        case .runs: .runs
        case .run: .run
        case .waits: .waits
        case .events: .events
        case .state: .state
        case .schedules: .schedules
        case .workers: .workers
        case .failures: .failures
        case .audit: .audit
        }
    }

    /// The breadcrumb label.
    public var crumb: String {
        switch self {
        case .overview: "Overview"
        case .queues: "Queues"
        case .runs(_, let failure?): "Runs · failing \(FailuresView.shortSignature(failure.signature))"
        case .runs(let queue, nil): queue.map { "Runs · \($0)" } ?? "Runs"
        case .run(let id): id
        case .waits: "Waits"
        case .events: "Events"
        case .state: "State"
        case .schedules: "Schedules"
        case .workers: "Workers"
        case .failures: "Failures"
        case .audit: "Audit"
        }
    }

    /// The list the view shows with a cursor, for the views that share list handling.
    public var listKind: ListKind? {
        switch self {
        case .waits: .waits
        case .events: .events
        case .state: .state
        case .schedules: .schedules
        case .workers: .workers
        case .failures: .failures
        case .audit: .audit
        case .overview, .queues, .runs, .run: nil
        }
    }
}

/// The list views that keep a cursor by item id (see ``ListCursor``).
public enum ListKind: String, Sendable, CaseIterable, Hashable {
    /// Waiting runs (ids are run ids).
    case waits
    /// Events (ids are event ids as text).
    case events
    /// State values (ids are keys).
    case state
    /// Schedules (ids are names).
    case schedules
    /// Workers (ids are worker ids).
    case workers
    /// Locks, the state view's second pane (ids are lock keys).
    case locks
    /// Failure groups (ids are signatures).
    case failures
    /// Audit entries (ids are entry ids as text).
    case audit
    /// Webhook deliveries the server refused, the events view's other list (ids are delivery ids as text).
    case rejected

    /// The view that shows the list.
    public var view: ConsoleView {
        switch self {
        case .waits: .waits
        case .events: .events
        case .state: .state
        case .schedules: .schedules
        case .workers: .workers
        case .locks: .state
        case .failures: .failures
        case .audit: .audit
        case .rejected: .events
        }
    }
}

/// Where the cursor stands in a list view: on an item by id, so it stays put when rows move.
public struct ListCursor: Sendable, Hashable {
    /// The selected item's id.
    public var selected: String?
    /// The row the cursor was on, used when the selected item leaves the list.
    public var hint = 0
    /// The first visible line.
    public var scroll = 0

    /// Creates a cursor at the top.
    public init(selected: String? = nil) {
        self.selected = selected
    }
}

/// The columns the runs view can sort by.
public enum RunSortColumn: String, Sendable, CaseIterable, Hashable {
    /// Creation time (ids sort by creation).
    case created
    /// Job name.
    case job
    /// Queue name.
    case queue
    /// Lifecycle status.
    case status
    /// The try the run is on (failures used).
    case attempt
    /// How long a finished run took, or a running one so far.
    case took
}

/// The columns the queues view can sort by.
public enum QueueSortColumn: String, Sendable, CaseIterable, Hashable {
    /// Queue name.
    case name
    /// Queued runs.
    case queued
    /// Running runs.
    case running
    /// Failed runs in the last hour.
    case failed
    /// Age of the oldest queued run.
    case oldest
}

/// A section of the run view.
public enum RunDetailTab: String, Sendable, CaseIterable, Hashable {
    /// The step timeline, as a Gantt chart per attempt.
    case timeline
    /// The payload JSON.
    case payload
    /// The result JSON.
    case result
    /// The error.
    case error
    /// The attempts table.
    case attempts
    /// The log lines.
    case logs

    /// The tab title.
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Whether the tab shows foldable JSON.
    public var isJSON: Bool { self == .payload || self == .result || self == .error }
}

/// How a flash message looks.
public enum FlashKind: Sendable, Hashable {
    /// Neutral information.
    case info
    /// An action succeeded.
    case success
    /// An action failed or was refused.
    case error
}

/// A message shown in the status line until it expires.
public struct Flash: Sendable, Hashable {
    /// The text.
    public var message: String
    /// How it looks.
    public var kind: FlashKind
    /// When it disappears.
    public var expiresAt: Date

    /// Creates a flash message.
    public init(_ message: String, kind: FlashKind, expiresAt: Date) {
        self.message = message
        self.kind = kind
        self.expiresAt = expiresAt
    }
}
