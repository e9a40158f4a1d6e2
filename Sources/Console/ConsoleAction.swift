import Foundation
import JobStore

/// Something that happened: a key, a tick of the clock, data from the store, an action's outcome.
/// Actions are the reducer's only input, so a test can replay any session.
public enum ConsoleAction: Sendable {
    /// The console started; loads the first data.
    case started
    /// A key was pressed.
    case key(Key)
    /// Time passed; `now` is the current time (the core never reads a clock).
    case tick(now: Date)
    /// The terminal changed size.
    case resized(width: Int, height: Int)
    /// Queue summaries arrived.
    case queuesLoaded([QueueSummary], at: Date)
    /// A run list arrived for a query.
    case runsLoaded([RunRecord], query: RunQuery, at: Date)
    /// A run's detail arrived (nil: no such run).
    case runDetailLoaded(RunDetail?, runId: RunID, at: Date)
    /// The change feed moved: new entries (oldest first), the highest sequence, and the queues of the
    /// runs they concern where the session knows them.
    case changesArrived([TimelineEntry], latestSequence: Int64, runQueues: [RunID: String])
    /// A load or poll failed.
    case loadFailed(String)
    /// A retry or cancel finished.
    case actionFinished(ActionOutcome)
}

/// How a retry or cancel ended.
public enum ActionOutcome: Sendable, Hashable {
    /// The run was re-queued.
    case retried(RunRecord)
    /// The run was canceled, or asked to stop.
    case canceled(CancelRunResult)
    /// The store refused or failed; the message says why.
    case failed(PendingAction, message: String)
}

/// Work the reducer asks the session to do. The session performs it and reports back with an action.
public enum ConsoleEffect: Sendable, Hashable {
    /// Load queue summaries, counting terminal runs finished since a time.
    case loadQueues(finishedSince: Date)
    /// Load runs matching a query.
    case loadRuns(RunQuery)
    /// Load one run's detail.
    case loadRunDetail(RunID)
    /// Read the change feed after a sequence; nil asks for the latest sequence only (start-up).
    case pollChanges(after: Int64?)
    /// Re-queue a failed or canceled run.
    case retry(RunID)
    /// Cancel a run.
    case cancel(RunID)
    /// Put text on the clipboard (OSC 52).
    case copyToClipboard(String)
    /// Leave the console and restore the terminal.
    case quit
}
