/// Proof that a worker's attempt owns a running run. Writes made by the attempt carry it; the store
/// refuses them once the run has moved on (lease expired and recovered, canceled, finished).
public struct RunLease: Sendable, Hashable, Codable {
    /// The run.
    public var runId: RunID
    /// The attempt number that holds the lease.
    public var attempt: Int
    /// The worker that holds it.
    public var workerId: WorkerID

    /// Creates a lease token.
    public init(runId: RunID, attempt: Int, workerId: WorkerID) {
        self.runId = runId
        self.attempt = attempt
        self.workerId = workerId
    }
}
