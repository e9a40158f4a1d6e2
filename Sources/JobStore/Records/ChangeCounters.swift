/// How many times queue settings and state (values and locks) have changed in a store.
///
/// Runs have the change feed (``JobStore/changes(_:)``), whose entries say what changed. Queue settings and
/// state have only a count: a reader that sees one move reads that part again, so a queue paused or a value
/// set by another process shows at the next poll instead of the next full reload. The database keeps the
/// counts itself (triggers on the tables), so no write path can forget to count.
public struct ChangeCounters: Sendable, Hashable, Codable {
    /// Changes to the `queues` table: a queue paused, resumed or configured, or seen for the first time.
    public var queues: Int64
    /// Changes to state values and locks, including expired ones removed.
    public var state: Int64
    /// Runs deleted by retention or an operator's prune: lists holding runs read again when it moves, and a
    /// run that is gone shows as pruned.
    public var pruned: Int64

    /// Creates counters.
    public init(queues: Int64, state: Int64, pruned: Int64 = 0) {
        self.queues = queues
        self.state = state
        self.pruned = pruned
    }
}
