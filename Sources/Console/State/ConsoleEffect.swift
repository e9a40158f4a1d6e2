import Foundation
import JobStore

/// Work the reducer asks the session to do. The session performs it and reports back with an action.
public enum ConsoleEffect: Sendable, Hashable {
    /// Load queue summaries, counting terminal runs finished since a time, and the store's retention settings
    /// (the policy of queues without their own): answered with ``ConsoleAction/queuesLoaded(_:at:)`` and
    /// ``ConsoleAction/retentionLoaded(_:)``.
    case loadQueues(finishedSince: Date)
    /// Load runs matching a query.
    case loadRuns(RunQuery)
    /// Load one run's detail: answered with ``ConsoleAction/runDetailLoaded(_:runId:at:)``, preceded for a run
    /// that is not there by ``ConsoleAction/retentionLoaded(_:)`` (its prune history tells a pruned run from
    /// one never there), or with ``ConsoleAction/runPruned(_:)`` when the store says retention deleted it.
    case loadRunDetail(RunID)
    /// Read the change feed after a sequence; nil asks for the latest sequence only (start-up).
    case pollChanges(after: Int64?)
    /// Load waiting runs and the recent events no run consumed.
    case loadWaits
    /// Load recent events, and the newest webhook deliveries the server refused: answered with
    /// ``ConsoleAction/eventsLoaded(_:at:)`` and ``ConsoleAction/rejectedWebhooksLoaded(_:at:)``.
    case loadEvents
    /// Load state values whose key starts with a prefix.
    case loadState(prefix: String)
    /// Load unexpired locks whose key starts with a prefix.
    case loadLocks(prefix: String)
    /// Load schedules and the runs they last started.
    case loadSchedules
    /// Load workers and count the running runs each holds.
    case loadWorkers
    /// Load the failure groups of attempts that ended since a time.
    case loadFailures(since: Date)
    /// Load the newest operator actions.
    case loadAudit
    /// Load the overview's panels: run activity over a window, what needs attention, queues and workers.
    case loadOverview(RunActivityQuery)
    /// Load run activity per bucket, job and queue over a window (the queues view's charts).
    case loadActivity(RunActivityQuery)
    /// Ask why a run is not moving: answered with ``ConsoleAction/diagnosed(_:)``, or
    /// ``ConsoleAction/runPruned(_:)`` for a run retention deleted, or ``ConsoleAction/diagnosisFailed(_:message:)``.
    case explain(RunID)
    /// Carry out a change to data and report its ``ActionOutcome``.
    case write(ConsoleWrite)
    /// Suspend the screen and open a state value in `$EDITOR`.
    case editState(StateEditRequest)
    /// Find the runs a bulk action would touch (up to ``ConsoleState/bulkLimit``).
    case prepareBulk(BulkKind, RunQuery)
    /// Put text on the clipboard (OSC 52).
    case copyToClipboard(String)
    /// Leave the console and restore the terminal.
    case quit

    /// Whether the effect only reads; a read already waiting need not be queued twice.
    public var isRead: Bool {
        switch self {
        case .loadQueues, .loadRuns, .loadRunDetail, .pollChanges, .loadWaits, .loadEvents, .loadState, .loadLocks,
            .loadSchedules, .loadWorkers, .loadFailures, .loadAudit, .loadOverview, .loadActivity, .explain:
            true
        default:
            false
        }
    }
}

/// Which bulk action.
public enum BulkKind: String, Sendable, Hashable {
    /// Retry failed and canceled runs.
    case retry
    /// Cancel active runs.
    case cancel

    /// The statuses the action applies to.
    public var statuses: Set<RunStatus> {
        switch self {
        case .retry: [.failed, .canceled]
        case .cancel: [.scheduled, .queued, .running, .waiting]
        }
    }

    /// `retry` or `cancel`.
    public var verb: String { rawValue }

    /// `retried` or `canceled`.
    public var pastTense: String { self == .retry ? "retried" : "canceled" }

    /// What the action does to each run, for its confirm dialog.
    public var effectOnEachRun: String {
        switch self {
        case .retry: "Each is queued again and keeps its completed steps."
        case .cancel: "Each stops: at once if it is scheduled, queued or waiting; at its next step if it is running."
        }
    }
}

/// A bulk action on a fixed set of runs: exactly the runs counted in its confirm dialog.
public struct BulkAction: Sendable, Hashable {
    /// Retry or cancel.
    public var kind: BulkKind
    /// The runs.
    public var runIds: [RunID]

    /// Creates a bulk action.
    public init(kind: BulkKind, runIds: [RunID]) {
        self.kind = kind
        self.runIds = runIds
    }
}
