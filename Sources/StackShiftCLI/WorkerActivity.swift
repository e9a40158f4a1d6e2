import Foundation
import JobStore

/// The registered workers and how many running runs each holds a lease on: what the console's workers view and
/// `stackshift workers list` show.
struct WorkerActivity: Sendable {
    /// The workers, as registered.
    var workers: [WorkerRecord]
    /// Running runs by the worker holding their lease.
    var runsInHand: [WorkerID: Int]

    /// Reads both. Running runs are bounded by the workers' concurrency, so listing them is cheap.
    static func load(from store: any JobStore) async throws -> WorkerActivity {
        let workers = try await store.listWorkers(WorkerQuery())
        let capacity = workers.reduce(0) { $0 + $1.concurrency }
        let running = try await store.listRuns(RunQuery(statuses: [.running], limit: max(100, capacity * 2)))
        var inHand: [WorkerID: Int] = [:]
        for run in running {
            if let owner = run.leaseOwner { inHand[owner, default: 0] += 1 }
        }
        return WorkerActivity(workers: workers, runsInHand: inHand)
    }
}
