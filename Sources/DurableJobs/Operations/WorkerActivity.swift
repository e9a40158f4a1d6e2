import JobStore

/// The registered workers, how many running runs each holds a lease on, and which have gone silent: what
/// the console's workers view and `stackshift workers list` show.
public struct WorkerActivity: Sendable, Hashable {
    /// The workers, most recent heartbeat first.
    public var workers: [WorkerRecord]
    /// Running runs by the worker holding their lease.
    public var runsInHand: [WorkerID: Int]
    /// Workers not heard from within ``EngineSettings/workerLiveness``.
    public var silent: Set<WorkerID>

    /// Creates the activity.
    public init(workers: [WorkerRecord], runsInHand: [WorkerID: Int], silent: Set<WorkerID>) {
        self.workers = workers
        self.runsInHand = runsInHand
        self.silent = silent
    }
}
