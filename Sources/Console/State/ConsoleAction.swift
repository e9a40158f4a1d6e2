import Foundation
import JobStore

/// Something that happened: a key, a tick of the clock, data from the store, an action's outcome.
/// Actions are the reducer's only input, so a test can replay any session.
public enum ConsoleAction: Sendable {
    /// The console started; loads the first data.
    case started
    /// A key was pressed.
    case key(Key)
    /// The left mouse button was pressed on the cell at column `x`, row `y` (both from 0).
    case clicked(x: Int, y: Int)
    /// Time passed; `now` is the current time (the core never reads a clock).
    case tick(now: Date)
    /// The terminal changed size.
    case resized(width: Int, height: Int)
    /// Queue summaries arrived.
    case queuesLoaded([QueueSummary], at: Date)
    /// A run list arrived for a query.
    case runsLoaded([RunRecord], query: RunQuery, at: Date)
    /// A run's detail arrived (nil: no such run; a run the prune history covers was pruned, see
    /// ``retentionLoaded(_:)``).
    case runDetailLoaded(RunDetail?, runId: RunID, at: Date)
    /// The store answered that retention deleted this run (``JobStoreError/runPruned(_:)``), loading its
    /// detail or asking why: the run view and the why panel say so instead of an error.
    case runPruned(RunID)
    /// The store's retention settings arrived: its policy for queues without their own, and what has been
    /// pruned (which tells a pruned run from one that never existed).
    case retentionLoaded(RetentionSettings)
    /// The change feed moved: new entries (oldest first), the highest sequence, and the queues of the
    /// runs they concern where the session knows them.
    case changesArrived([TimelineEntry], latestSequence: Int64, runQueues: [RunID: String])
    /// Waiting runs and the events no run consumed arrived.
    case waitsLoaded([RunRecord], unconsumed: [EventRecord], at: Date)
    /// Recent events arrived.
    case eventsLoaded([EventRecord], at: Date)
    /// The newest webhook deliveries the server refused arrived, newest first.
    case rejectedWebhooksLoaded([RejectedWebhook], at: Date)
    /// State values under a key prefix arrived.
    case stateLoaded([StateEntry], prefix: String, at: Date)
    /// Locks under a key prefix arrived.
    case locksLoaded([LockRecord], prefix: String, at: Date)
    /// Schedules arrived, with the runs they last started.
    case schedulesLoaded([ScheduleRecord], lastRuns: [RunID: RunRecord], at: Date)
    /// Workers arrived, with how many running runs each holds.
    case workersLoaded([WorkerRecord], runsInHand: [WorkerID: Int], liveness: TimeInterval, at: Date)
    /// Failure groups of the window starting at `since` arrived, largest first.
    case failuresLoaded([FailureGroup], since: Date, at: Date)
    /// Operator actions arrived, newest first.
    case auditLoaded([AuditEntry], at: Date)
    /// The overview's panels arrived.
    case overviewLoaded(OverviewData, at: Date)
    /// Run activity per bucket, job and queue arrived for a window (the queues view's charts).
    case activityLoaded([ActivityBucket], query: RunActivityQuery, at: Date)
    /// The answer to "why is this run not moving?".
    case diagnosed(RunDiagnosis)
    /// Asking why failed.
    case diagnosisFailed(RunID, message: String)
    /// `$EDITOR` closed on a state value.
    case editorFinished(StateEditRequest, EditorOutcome)
    /// The runs a bulk action would touch were counted.
    case bulkPrepared(BulkKind, [RunID], truncated: Bool)
    /// The store's counts of queue-setting and state changes and of pruned runs, read beside the change feed.
    case countersArrived(ChangeCounters)
    /// A load or poll failed.
    case loadFailed(String)
    /// An action that changes data finished.
    case actionFinished(ActionOutcome)
}
