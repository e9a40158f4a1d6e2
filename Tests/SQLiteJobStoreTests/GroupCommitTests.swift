import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

@testable import SQLiteJobStore

/// Writes that queue behind a busy writer commit together, yet each succeeds or fails on its own.
@Suite("SQLite group commit")
struct GroupCommitTests {
    @Test("queued writes share one transaction; a failing one rolls back alone, the others commit")
    func batchWithFailures() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path())
        let before = store.commits.statistics
        let release = try await holdWriter(of: store)
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    // Odd runs carry a payload the schema refuses, after their idempotency key is written.
                    let params = Fixtures.createRun(
                        payloadJSON: index.isMultiple(of: 2) ? "{\"n\":\(index)}" : "{oops",
                        idempotencyKey: "key-\(index)", now: Fixtures.at(Double(index)))
                    do {
                        _ = try await store.createRun(params)
                        return (index, true)
                    } catch JobStoreError.invalidInput {
                        return (index, false)
                    }
                }
            }
            try await waitUntil("40 writes queued") { store.commits.pendingCount == 40 }
            release()
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter(\.value).keys.sorted() == Array(stride(from: 0, to: 40, by: 2)))
        let statistics = store.commits.statistics
        #expect(statistics.operations - before.operations == 40)
        #expect(statistics.transactions - before.transactions == 1, "all 40 were queued: one commit")

        #expect(try await store.listRuns(RunQuery(limit: 100)).count == 20)
        let created = try await store.changes(ChangesParams(after: 0, limit: 1000)).filter { $0.kind == .created }
        #expect(created.count == 20, "failed writes left no timeline entries")
        // A failed write's idempotency key was rolled back with it: the key is free.
        let retried = try await store.createRun(
            Fixtures.createRun(idempotencyKey: "key-1", now: Fixtures.at(100)))
        #expect(!retried.deduplicated)
        let repeated = try await store.createRun(
            Fixtures.createRun(idempotencyKey: "key-2", now: Fixtures.at(101)))
        #expect(repeated.deduplicated, "a committed write's key holds")
        try await store.close()
    }

    @Test("writes submitted before close commit; close then refuses new ones")
    func closeWaitsForQueuedWrites() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try SQLiteJobStore(path: path)
        let release = try await holdWriter(of: store)
        let writes = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask { _ = try await store.createRun(Fixtures.createRun(now: Fixtures.at(Double(index)))) }
                }
                try await group.waitForAll()
            }
        }
        try await waitUntil("10 writes queued") { store.commits.pendingCount == 10 }
        let closing = Task { try await store.close() }
        release()
        try await writes.value
        try await closing.value
        await #expect(throws: JobStoreError.unavailable("the store on \(path) is closed")) {
            _ = try await store.createRun(Fixtures.createRun())
        }
        let reopened = try SQLiteJobStore(path: path)
        #expect(try await reopened.listRuns(RunQuery()).count == 10)
        try await reopened.close()
    }

    @Test("a write from a thread that may block commits there when the writer is idle; the task pool's hop")
    func idleWriterOnBlockingThread() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path())
        let executor = BlockingTaskExecutor(label: "test.blocking")
        let before = store.commits.statistics
        let (caller, writer) = try await Task.detached(executorPreference: executor) {
            (pthread_self(), try await store.write { _ in pthread_self() })
        }.value
        #expect(caller == writer, "committed on the calling thread, with no hop to the writer's")
        let (poolCaller, poolWriter) = try await Task.detached {
            (pthread_self(), try await store.write { _ in pthread_self() })
        }.value
        #expect(poolCaller != poolWriter, "a task pool thread never blocks on a write")
        #expect(store.commits.statistics.transactions - before.transactions == 2)
        try await store.close()
    }

    @Test("a write from a thread that may block queues behind a drain on its way and commits with its batch")
    func busyWriterOnBlockingThread() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path())
        let executor = BlockingTaskExecutor(label: "test.blocking")
        let release = try await holdWriter(of: store)
        let before = store.commits.statistics
        // The task pool's write starts a drain, which waits for the writer.
        let pooled = Task.detached { try await store.createRun(Fixtures.createRun(now: Fixtures.at(1))) }
        try await waitUntil("the first write queued") { store.commits.pendingCount == 1 }
        let blocking = Task.detached(executorPreference: executor) {
            try await store.createRun(Fixtures.createRun(now: Fixtures.at(2)))
        }
        try await waitUntil("both writes queued") { store.commits.pendingCount == 2 }
        release()
        _ = try await (pooled.value, blocking.value)
        let statistics = store.commits.statistics
        #expect(statistics.operations - before.operations == 2)
        #expect(statistics.transactions - before.transactions == 1, "both went with the drain: one commit")
        try await store.close()
    }

    /// Occupies the store's writer connection until the returned function is called, so writes queue up.
    private func holdWriter(of store: SQLiteJobStore) async throws -> @Sendable () -> Void {
        let gate = Gate()
        await withCheckedContinuation { (entered: CheckedContinuation<Void, Never>) in
            store.writer.asyncWriteWithoutTransaction { _ in
                entered.resume()
                gate.wait()
            }
        }
        return { gate.open() }
    }
}

/// A one-shot gate a blocked dispatch-queue block waits on.
private final class Gate: Sendable {
    private let opened = Mutex(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func wait() { semaphore.wait() }

    func open() {
        let first = opened.withLock { opened in
            defer { opened = true }
            return !opened
        }
        if first { semaphore.signal() }
    }
}
