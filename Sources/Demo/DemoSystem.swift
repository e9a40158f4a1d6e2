import DurableJobs
import Foundation
import JobStore
import Logging
import YAMLFiles

/// The demo running in-process: the engine with the demo's jobs, a worker per demo queue, the load
/// generator, and the scenario's planted faults.
///
/// The engine runs on the real wall clock, so every stored time is real; the scenario's speed only
/// shortens what the demo waits for (work, backoff, timeouts, traffic), through its ``DemoPace``.
///
/// ```swift
/// let store = try SQLiteJobStore(path: path)
/// let demo = try await DemoSystem.start(options: DemoOptions(source: .builtin(.incident)), store: store)
/// // … show the console on demo.stackshift.operations …
/// await demo.stop()
/// ```
public final class DemoSystem: Sendable {
    /// The engine client the demo runs on.
    public let stackshift: StackShift
    /// The store the demo writes to (the caller's; it stays open after ``stop()``).
    public let store: any JobStore
    /// How scenario durations become real ones, and when the demo started.
    public let pace: DemoPace
    /// The scenario, with the seed and speed overrides applied.
    public let scenario: Scenario
    /// The load generator: ``LoadGenerator/setRate(_:perMinute:)`` adjusts traffic at runtime.
    public let load: LoadGenerator
    /// What was planted, and where.
    public let faults: PlantedFaults
    /// The options the demo started with.
    public let options: DemoOptions
    /// The worker tasks, one per demo queue; fixed at start.
    private let workers: [Task<Void, Never>]
    private let problemLog: ProblemLog

    private init(
        stackshift: StackShift, store: any JobStore, pace: DemoPace, scenario: Scenario, load: LoadGenerator,
        faults: PlantedFaults, options: DemoOptions, workers: [Task<Void, Never>], problemLog: ProblemLog
    ) {
        self.stackshift = stackshift
        self.store = store
        self.pace = pace
        self.scenario = scenario
        self.load = load
        self.faults = faults
        self.options = options
        self.workers = workers
        self.problemLog = problemLog
    }

    /// The seed every random choice derives from.
    public var seed: UInt64 { scenario.seed }

    /// Problems met so far (engine calls that failed, workers that stopped), oldest first.
    public var problems: [String] { problemLog.all }

    /// Each failure of the database itself (full disk, corrupt file, lost server), as it happens.
    public var databaseFailures: AsyncStream<String> { problemLog.databaseFailures }

    /// Starts the demo on `store`: registers the jobs, plants the scenario's faults, configures the
    /// queues, registers the cleanup schedule, starts a worker per queue and the load generator.
    ///
    /// - Throws: ``YAMLFileError`` for a bad scenario; store errors if the database cannot be written.
    public static func start(options: DemoOptions, store: any JobStore) async throws -> DemoSystem {
        let scenario = try options.resolvedScenario()
        let pace = DemoPace(speed: scenario.speed)
        // The real clock: the demo's speed must never reach a stored time.
        let stackshift = StackShift(store: store, logger: options.logger)
        let providers = SimulatedProviders(seed: scenario.seed, scenario: scenario, pace: pace)
        DemoJobs(providers: providers).register(on: stackshift)

        var planter = FaultPlanter(stackshift: stackshift, store: store, providers: providers)
        let faults = try await planter.plant()
        for queue in DemoQueue.allCases {
            let handle = stackshift.queue(queue.rawValue)
            try await handle.configure(concurrencyLimit: scenario.concurrency.limit(for: queue))
            // A database kept from an earlier incident may still have a queue paused that this scenario runs.
            if queue != scenario.faults.pausedQueue { try await handle.resume() }
        }
        let cleanup = CleanupSchedule(store: store, pace: pace)
        let cleanupDue = try await cleanup.register(now: stackshift.clock.now())

        let problemLog = ProblemLog()
        let workers = DemoQueue.allCases.map { queue in
            let options = workerOptions(queue: queue)
            let concurrency = scenario.concurrency.limit(for: queue)
            return Task {
                do {
                    try await stackshift.runWorker(queues: [queue.rawValue], concurrency: concurrency, options: options)
                } catch {
                    problemLog.record("the \(queue.rawValue) worker stopped: \(error)", cause: error)
                }
            }
        }
        let load = LoadGenerator(
            stackshift: stackshift, pace: pace, cleanup: cleanup, cleanupDue: cleanupDue, scenario: scenario,
            seed: scenario.seed, logger: options.logger, problems: problemLog)
        await load.start()
        return DemoSystem(
            stackshift: stackshift, store: store, pace: pace, scenario: scenario, load: load, faults: faults,
            options: options, workers: workers, problemLog: problemLog)
    }

    /// Stops the load generator and the workers (running handlers get a short grace period, then go back
    /// to the queue), leaving the database as it is. Calling it again does nothing.
    public func stop() async {
        await load.stop()
        // Cancelling first also stops a worker that had not registered yet when `shutdown` looked.
        for worker in workers { worker.cancel() }
        await stackshift.shutdown()
        for worker in workers { await worker.value }
    }

    /// Worker settings, in real time like the worker's own machinery (not the scenario's speed): frequent
    /// heartbeats, so the Workers view is lively, and quick polls, so compressed waits end on time.
    static func workerOptions(queue: DemoQueue) -> WorkerOptions {
        let process = ProcessInfo.processInfo
        return WorkerOptions(
            leaseDuration: .seconds(30), heartbeatInterval: .milliseconds(500),
            pollInterval: .milliseconds(100), shutdownGracePeriod: .seconds(2),
            workerId: "\(process.hostName):\(process.processIdentifier):demo-\(queue.rawValue)")
    }
}
