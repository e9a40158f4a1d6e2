import ArgumentParser
import Benchmarks
import DurableJobs
import Foundation
import JobStore
import Logging
import PostgresJobStore

/// `stackshift bench-worker`: one worker process of the PostgreSQL benchmark. Hidden: `stackshift bench`
/// spawns it, people do not run it by hand.
struct BenchWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-worker",
        abstract: "Run a benchmark worker until SIGTERM or SIGINT (spawned by stackshift bench).",
        shouldDisplay: false)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many runs this process executes at once.") var concurrency = 8
    @Option(help: "The queue to claim runs from.") var queue = "default"

    func run() async throws {
        try await reportingErrors {
            guard concurrency > 0 else { throw CLIError("--concurrency must be at least 1, not \(concurrency)") }
            let store = try await openStore()
            let logger = Logger(label: "stackshift.bench-worker") { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
            let client = StackShift(store: store, logger: logger)
            BenchmarkJobs.register(on: client)
            let (queue, concurrency) = (queue, concurrency)
            let worker = Task { try await client.runWorker(queues: [queue], concurrency: concurrency) }
            // Cancelling the worker's task (rather than `shutdown()`) cannot race the worker's registration: a
            // signal that arrives before the loop starts still stops it. A second signal gives up on draining.
            let watcher = SignalWatcher(signals: [SIGTERM, SIGINT]) { _ in
                if worker.isCancelled { _exit(1) }
                worker.cancel()
            }
            let outcome = await worker.result
            watcher.cancel()
            await client.shutdown()
            try await store.close()
            try outcome.get()
        }
    }

    /// The store, with a PostgreSQL pool large enough for every run in flight plus heartbeat and claim.
    private func openStore() async throws -> any JobStore {
        let location = try database.location()
        guard DatabaseOptions.isPostgres(location) else { return try await database.openStore() }
        return try await PostgresJobStore.connect(
            url: location, options: PostgresJobStore.Options(maximumConnections: concurrency + 2))
    }
}
