import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Synchronization
import Testing

/// A real engine on a fresh SQLite file in a temporary directory (removed with the engine), with helpers to
/// run a worker and await conditions without sleeping blindly.
final class TestEngine: Sendable {
    let directory: URL
    let path: String
    let stackshift: StackShift
    let clock: ManualClock?

    /// Fast worker settings for tests: short polls, short grace. The lease is far longer than any stall of a
    /// loaded machine (a 5 s lease once lapsed mid-test, and the recovered attempt ran a counted step again):
    /// no in-process test expects a lease to expire; crash recovery is tested with real processes.
    static let workerOptions = WorkerOptions(
        leaseDuration: .seconds(600), heartbeatInterval: .milliseconds(200), pollInterval: .milliseconds(10),
        shutdownGracePeriod: .seconds(2))

    init(manualClock: Bool = false, at start: Date = Date(timeIntervalSince1970: 1_800_000_000)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("stackshift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("jobs.sqlite").path
        if manualClock {
            let clock = ManualClock(start)
            self.clock = clock
            stackshift = StackShift(store: try SQLiteJobStore(path: path), clock: clock)
        } else {
            clock = nil
            stackshift = StackShift(store: try SQLiteJobStore(path: path))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A second engine on the same database file, as another process would open it.
    func sibling() throws -> StackShift {
        if let clock { return StackShift(store: try SQLiteJobStore(path: path), clock: clock) }
        return StackShift(store: try SQLiteJobStore(path: path))
    }

    /// Runs a worker on `engine` while `body` runs, then shuts it down.
    static func withWorker<T>(
        _ engine: StackShift, queues: [String] = ["default"], concurrency: Int = 4,
        options: WorkerOptions = TestEngine.workerOptions, _ body: () async throws -> T
    ) async throws -> T {
        let worker = Task { try await engine.runWorker(queues: queues, concurrency: concurrency, options: options) }
        do {
            let result = try await body()
            await engine.shutdown()
            try await worker.value
            return result
        } catch {
            await engine.shutdown()
            _ = try? await worker.value
            throw error
        }
    }

    /// Runs a worker on this engine while `body` runs.
    func withWorker<T>(
        queues: [String] = ["default"], concurrency: Int = 4, options: WorkerOptions = TestEngine.workerOptions,
        _ body: () async throws -> T
    ) async throws -> T {
        try await Self.withWorker(stackshift, queues: queues, concurrency: concurrency, options: options, body)
    }

    /// Proves a worker of `engine` has claimed since this call began: starts a run of a no-op job on `queue`,
    /// due now at priority `Int.min`, and waits for it to complete.
    ///
    /// A claim promotes every run due at the clock's time and takes the highest priority first, so once the
    /// probe completed, any run on the worker's queues that was due when the probe started (and allowed to
    /// run) has been claimed too. "X did not start" is then shown without a sleep: probe, then look at X.
    static func probe(_ engine: StackShift, queue: String = "default") async throws {
        engine.job("probe") { (_: JobContext<Item>) in }
        let probe = try await engine.start(
            "probe", payload: Item(id: "probe"), options: StartOptions(queue: queue, priority: Int.min))
        let run = try await engine.waitForRun(probe.id, timeout: .testPatience)
        #expect(run.status == .completed, "the probe run completes")
    }

    /// ``probe(_:queue:)`` on this engine.
    func probe(queue: String = "default") async throws {
        try await Self.probe(stackshift, queue: queue)
    }
}

/// Polls `condition` until it holds or `timeout` passes; fails the test with `message` on timeout.
func eventually(
    _ message: @autoclosure () -> String, timeout: Duration = .testPatience,
    _ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("timed out: \(message())", sourceLocation: sourceLocation)
    throw CancellationError()
}

/// Counts how many times each named side effect ran, across tasks.
final class SideEffects: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func record(_ name: String) { counts.withLock { $0[name, default: 0] += 1 } }
    func count(_ name: String) -> Int { counts.withLock { $0[name, default: 0] } }
}

/// A payload used by many tests.
struct Item: Codable, Sendable, Hashable {
    var id: String
    var n: Int = 0
}
