import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// Two store instances on one file behave like two processes: separate connections, one file lock.
@Suite("Two SQLite stores on one file")
struct SharedFileTests {
    @Test("claiming from both never exceeds a queue's concurrency limit (replayed from the change feed)")
    func concurrencyLimitAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let stores = [try SQLiteJobStore(path: path), try SQLiteJobStore(path: path)]
        try await SharedStoreChecks.concurrencyLimitHolds(across: stores, runs: 40, rounds: 60)
        for store in stores { try await store.close() }
    }

    @Test("concurrent starts with one key through both instances create exactly one run")
    func idempotencyAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let stores = [try SQLiteJobStore(path: path), try SQLiteJobStore(path: path)]
        try await SharedStoreChecks.oneRunPerKey(across: stores, tasks: 4)
        for store in stores { try await store.close() }
    }

    @Test("the change feed seen by one instance includes the other's writes, in order")
    func changeFeedAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let writer = try SQLiteJobStore(path: path)
        let watcher = try SQLiteJobStore(path: path, options: .init(createIfMissing: false, readOnly: true))
        #expect(try await watcher.latestSequence() == 0)
        let run = try await writer.createdRun(Fixtures.createRun())
        let entries = try await watcher.changes(ChangesParams(after: 0))
        #expect(entries.map(\.runId) == [run.id])
        #expect(try await watcher.latestSequence() == entries.last?.sequence)
        try await watcher.close()
        try await writer.close()
    }
}
