import Foundation
import JobStore
import Testing

/// Checks for several stores over one database: processes sharing a SQLite file, or machines sharing a
/// PostgreSQL schema. Each driver's tests open the stores its own way and hand them here.
public enum SharedStoreChecks {
    /// Starts runs with one idempotency key from `tasks` concurrent tasks, spread over `stores` in turn, 50
    /// starts each, and expects exactly one run created and every start to return it.
    public static func oneRunPerKey(across stores: [any JobStore], tasks: Int) async throws {
        let results = try await withThrowingTaskGroup(of: [CreateRunResult].self) { group in
            for task in 0..<tasks {
                let store = stores[task % stores.count]
                group.addTask {
                    var results: [CreateRunResult] = []
                    for index in 0..<50 {
                        let now = Fixtures.at(Double(task * 50 + index) / 1000)
                        results.append(try await store.createRun(Fixtures.createRun(idempotencyKey: "k", now: now)))
                    }
                    return results
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.filter { !$0.deduplicated }.count == 1)
        #expect(Set(results.map(\.runId)).count == 1)
        #expect(try await stores[stores.count - 1].listRuns(RunQuery()).count == 1)
    }

    /// Starts `runs` runs on queue `api` limited to 3. First the stores claim in turn, 2 at a time, holding
    /// what they claim, until the limit is reached: exactly 3 are claimed and a further claim gets nothing.
    /// Then every store claims (2 at a time) and completes runs for `rounds` rounds at once, and the limit is
    /// never passed: the change feed is commit order, so replaying it gives the number running after every
    /// commit, which must peak at exactly the limit.
    public static func concurrencyLimitHolds(across stores: [any JobStore], runs: Int, rounds: Int) async throws {
        try #require(stores.count >= 2 && runs >= 4, "the check needs two stores and more runs than the limit")
        _ = try await stores[0].configureQueue(
            ConfigureQueueParams(name: "api", concurrencyLimit: 3, now: Fixtures.at(0)))
        for index in 0..<runs {
            _ = try await stores[0].createRun(Fixtures.createRun(queue: "api", now: Fixtures.at(Double(index) / 100)))
        }
        var held: [ClaimedRun] = []
        for (index, store) in stores.enumerated() {
            let claimed = try await store.claimRuns(
                Fixtures.claim(workerId: "holder-\(index)", queues: ["api"], limit: 2, now: Fixtures.at(5)))
            #expect(claimed.count == min(2, 3 - held.count), "store \(index) claims up to the limit, no further")
            held += claimed
        }
        #expect(held.count == 3, "the limit of 3 was reached")
        for run in held {
            _ = try await stores[1].finishAttempt(
                FinishAttemptParams(lease: run.lease, end: .completed(resultJSON: "1"), now: Fixtures.at(6)))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for round in 0..<rounds {
                        let now = Fixtures.at(10 + Double(round))
                        let claimed = try await store.claimRuns(
                            Fixtures.claim(workerId: "worker-\(index)", queues: ["api"], limit: 2, now: now))
                        for run in claimed {
                            _ = try await store.finishAttempt(
                                FinishAttemptParams(lease: run.lease, end: .completed(resultJSON: "1"), now: now))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        var running = 0
        var peak = 0
        for entry in try await stores[0].changes(ChangesParams(after: 0, limit: 100_000)) {
            if entry.kind == .started { running += 1 }
            if entry.kind == .completed { running -= 1 }
            peak = max(peak, running)
        }
        #expect(peak == 3, "the limit was reached while the stores held their claims, and never passed")
        let completed = try await stores[stores.count - 1].listRuns(RunQuery(statuses: [.completed], limit: 1000))
        #expect(completed.count == runs)
    }
}
