/// What ``JobStore/finishAttempt(_:claimingNext:)`` did: the ended attempt's run, and the runs claimed in
/// the same transaction.
public struct FinishedAttempt: Sendable, Hashable {
    /// The run whose attempt ended, as stored.
    public var run: RunRecord
    /// The runs claimed after it, each now `running` under a new lease; empty when none was claimable.
    public var claimed: [ClaimedRun]

    /// Creates the result.
    public init(run: RunRecord, claimed: [ClaimedRun]) {
        self.run = run
        self.claimed = claimed
    }
}
