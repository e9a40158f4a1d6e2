import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// Two store instances on one file behave like two processes: separate connections, one file lock.
@Suite("Two SQLite stores on one file")
struct SharedFileTests {
    @Test("claiming from both never exceeds a queue's concurrency limit")
    func concurrencyLimitAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let first = try SQLiteJobStore(path: path)
        let second = try SQLiteJobStore(path: path)
        _ = try await first.configureQueue(ConfigureQueueParams(name: "api", concurrencyLimit: 3, now: Fixtures.at(0)))
        for index in 0..<40 {
            _ = try await first.createRun(Fixtures.createRun(queue: "api", now: Fixtures.at(Double(index) / 100)))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (store, worker) in [(first, "worker-a"), (second, "worker-b")] {
                group.addTask {
                    for round in 0..<60 {
                        let now = Fixtures.at(10 + Double(round))
                        let claimed = try await store.claimRuns(
                            Fixtures.claim(workerId: worker, queues: ["api"], limit: 2, now: now))
                        for run in claimed {
                            _ = try await store.finishAttempt(
                                FinishAttemptParams(lease: run.lease, end: .completed(resultJSON: "1"), now: now))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        // Replay the change feed: the number running after each entry must never pass the limit.
        var running = 0
        var peak = 0
        for entry in try await first.changes(ChangesParams(after: 0, limit: 100_000)) {
            if entry.kind == .started { running += 1 }
            if entry.kind == .completed { running -= 1 }
            peak = max(peak, running)
        }
        #expect(peak <= 3)
        #expect(peak >= 1)
        #expect(try await second.listRuns(RunQuery(statuses: [.completed], limit: 1000)).count == 40)
        try await first.close()
        try await second.close()
    }

    @Test("concurrent starts with one key through both instances create exactly one run")
    func idempotencyAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let stores = [try SQLiteJobStore(path: path), try SQLiteJobStore(path: path)]
        let results = try await withThrowingTaskGroup(of: [CreateRunResult].self) { group in
            for task in 0..<4 {
                let store = stores[task % 2]
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
        #expect(Set(results.map(\.run.id)).count == 1)
        #expect(try await stores[1].listRuns(RunQuery()).count == 1)
        for store in stores { try await store.close() }
    }

    @Test("the change feed seen by one instance includes the other's writes, in order")
    func changeFeedAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let writer = try SQLiteJobStore(path: path)
        let watcher = try SQLiteJobStore(path: path, options: .init(createIfMissing: false, readOnly: true))
        #expect(try await watcher.latestSequence() == 0)
        let run = try await writer.createRun(Fixtures.createRun()).run
        let entries = try await watcher.changes(ChangesParams(after: 0))
        #expect(entries.map(\.runId) == [run.id])
        #expect(try await watcher.latestSequence() == entries.last?.sequence)
        try await watcher.close()
        try await writer.close()
    }
}
