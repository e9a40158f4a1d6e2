/// How many writes a ``SQLiteJobStore`` has committed in how many transactions since it opened.
///
/// Concurrent writes that wait behind SQLite's single writer are committed together, so under load
/// `transactions` grows slower than `operations`; one caller at a time gets one transaction per write.
/// The benchmark reports both per run to show how much batching a workload gets.
public struct CommitStatistics: Sendable, Equatable {
    /// Writes that ran in a committed transaction (including those that failed alone inside it).
    public var operations = 0
    /// Transactions committed.
    public var transactions = 0

    /// No writes yet.
    public init() {}

    /// The writes and transactions between `earlier` and these statistics.
    public func since(_ earlier: CommitStatistics) -> CommitStatistics {
        var difference = CommitStatistics()
        difference.operations = operations - earlier.operations
        difference.transactions = transactions - earlier.transactions
        return difference
    }
}
