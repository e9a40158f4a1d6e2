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
        #expect(statistics.operations - before.operations == 41, "the holding write and the 40")
        #expect(
            statistics.transactions - before.transactions == 2, "the holding write's commit, then all 40 in one")

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

    @Test("a write that finds the writer idle commits on the caller's thread, before submit returns")
    func idleWriterCommitsInline() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path())
        let before = store.commits.statistics
        let caller = Mutex<Thread?>(nil)
        let writer = Mutex<Thread?>(nil)
        let committed = Mutex(false)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                caller.withLock { $0 = Thread.current }
                store.commits.submit(
                    GroupCommit.Operation(
                        run: { db in
                            writer.withLock { $0 = Thread.current }
                            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('inline', '1')")
                        }, finish: { error in committed.withLock { $0 = error == nil } }))
                // Inline means finished by now: the flag is read on the same thread, right after submit.
                #expect(committed.withLock { $0 }, "the write committed before submit returned")
                done.resume()
            }
        }
        let callerThread = try #require(caller.withLock { $0 })
        #expect(writer.withLock { $0 } === callerThread, "the body ran on the submitting thread")
        #expect(store.commits.statistics.transactions - before.transactions == 1)
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

    /// Occupies the store's writer with a write that waits until the returned function is called, so the
    /// writes after it queue up. The holding write is submitted from a thread of its own: it finds the writer
    /// idle and waits on the thread that submitted it.
    private func holdWriter(of store: SQLiteJobStore) async throws -> @Sendable () -> Void {
        let gate = Gate()
        await withCheckedContinuation { (entered: CheckedContinuation<Void, Never>) in
            let holding = GroupCommit.Operation(
                run: { _ in
                    entered.resume()
                    gate.wait()
                }, finish: { _ in })
            Thread.detachNewThread { store.commits.submit(holding) }
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
