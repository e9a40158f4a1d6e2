import DurableJobs
import Foundation
import JobStore
import PostgresJobStore

/// One measurement of ``PostgresBenchmark``: a fresh schema, `runs` runs of the 3-step job, and `processes`
/// worker processes executing them. The schema and the processes are gone when it returns, whatever happened.
struct PostgresBenchmarkTrial {
    /// What one trial measured.
    struct Result {
        /// How long the concurrent starters took to enqueue every run.
        var enqueueTime: Duration
        /// From the first claim to the last completion, from the runs' timelines.
        var elapsed: TimeInterval
        /// Each run's claim → completion time.
        var claimToComplete: LatencySample
    }

    /// How many tasks start runs at once while the queue is filled.
    static let starters = 16
    /// The queue the runs go to and the workers claim from (the bench-worker default).
    static let queue = "default"

    let url: String
    let runs: Int
    let processes: Int
    let concurrency: Int
    let executable: String

    func run(schemaCreated: (String) -> Void) async throws -> Result {
        let schema = Self.makeSchemaName()
        schemaCreated(schema)
        let schemaURL = try PostgresBenchmark.url(url, schema: schema)
        let store: PostgresJobStore
        do {
            store = try await PostgresJobStore.connect(
                url: schemaURL, options: PostgresJobStore.Options(maximumConnections: Self.starters + 2))
        } catch JobStoreError.unavailable(let message) {
            try? await PostgresJobStore.dropSchema(schema, url: url)
            throw PostgresBenchmarkError("PostgreSQL is not reachable: \(message)", serverUnreachable: true)
        }
        var workers: [BenchWorkerProcess] = []
        do {
            let client = StackShift(store: store)
            // Paused until every worker is up, so the measurement starts with all of them claiming.
            try await client.queue(Self.queue).pause()
            let enqueueTime = try await enqueue(on: client)
            for index in 0..<processes {
                let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(schema)-worker\(index).log")
                workers.append(
                    try BenchWorkerProcess.launch(
                        executable: executable, url: schemaURL, concurrency: concurrency, logPath: log.path))
            }
            try await waitUntilRegistered(workers, store: store)
            let notifications = store.changeNotifications()
            try await client.queue(Self.queue).resume()
            try await waitForCompletion(store: store, workers: workers, notifications: notifications)
            try await stop(workers)
            let ledger = try await CompletionLedger.read(from: store)
            try ledger.verify(runs: runs)
            guard let window = ledger.window else { throw PostgresBenchmarkError("the runs' timelines are empty") }
            try await store.close()
            try await PostgresJobStore.dropSchema(schema, url: url)
            // Stored times have millisecond resolution: never divide by less than 1 ms.
            let elapsed = max(window.end.timeIntervalSince(window.start), 0.001)
            return Result(enqueueTime: enqueueTime, elapsed: elapsed, claimToComplete: ledger.claimToComplete)
        } catch {
            for worker in workers {
                await worker.stop(grace: .seconds(5))
                worker.removeLog()
            }
            try? await store.close()
            try? await PostgresJobStore.dropSchema(schema, url: url)
            throw error
        }
    }

    /// Starts `runs` runs from ``starters`` concurrent tasks; returns how long that took.
    private func enqueue(on client: StackShift) async throws -> Duration {
        let (runs, starters) = (runs, Self.starters)
        let began = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for starter in 0..<starters {
                group.addTask {
                    for n in stride(from: starter, to: runs, by: starters) {
                        try await client.start(BenchmarkJobs.threeSteps, payload: BenchmarkJobs.Payload(n: n))
                    }
                }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - began
    }

    /// Waits until every worker has registered (its first heartbeat), failing if one exits or takes too long.
    private func waitUntilRegistered(_ workers: [BenchWorkerProcess], store: PostgresJobStore) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await store.listWorkers(WorkerQuery()).count < workers.count {
            try Self.checkAlive(workers)
            guard ContinuousClock.now < deadline else {
                throw PostgresBenchmarkError("the \(workers.count) bench-worker processes did not register within 60 s")
            }
            // Registration commits no timeline entry, so nothing notifies it: look again shortly.
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until all runs completed: woken by the store's change notifications, with a slow poll as a
    /// fallback, and a deadline. Fails at once if a run failed or a worker exited.
    private func waitForCompletion(
        store: PostgresJobStore, workers: [BenchWorkerProcess], notifications: AsyncStream<Void>?
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(60) + .milliseconds(100) * runs
        let (checks, check) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let forward = Task {
            guard let notifications else { return }
            for await _ in notifications { check.yield() }
        }
        let fallback = Task {
            while (try? await Task.sleep(for: .milliseconds(500))) != nil { check.yield() }
        }
        defer {
            forward.cancel()
            fallback.cancel()
            check.finish()
        }
        check.yield()
        for await _ in checks {
            let checked = ContinuousClock.now
            let counts = try await store.countRuns(RunCountParams())
            let byStatus = Dictionary(grouping: counts, by: \.status).mapValues { $0.reduce(0) { $0 + $1.count } }
            if let failed = byStatus[.failed], failed > 0 {
                throw PostgresBenchmarkError("\(failed) runs failed; see `stackshift runs list --status failed`")
            }
            if byStatus[.completed, default: 0] >= runs { return }
            try Self.checkAlive(workers)
            guard ContinuousClock.now < deadline else {
                let summary = byStatus.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key)" }
                throw PostgresBenchmarkError("timed out waiting for \(runs) runs: \(summary.joined(separator: ", "))")
            }
            // Every check counts all runs on the server being measured (6 ms of its CPU at 10,000 runs, by
            // pg_stat_statements): at most 4 a second. The throughput comes from the runs' own timestamps, so a
            // later check does not lengthen the measured window.
            try await Task.sleep(until: checked + .milliseconds(250))
        }
    }

    /// Stops every worker (SIGTERM, then SIGKILL past the grace period); fails unless each exited with 0.
    private func stop(_ workers: [BenchWorkerProcess]) async throws {
        var problems: [String] = []
        for worker in workers {
            switch await worker.stop() {
            case 0?: break
            case let status?: problems.append("pid \(worker.pid) exited with \(status): \(worker.logTail())")
            case nil: problems.append("pid \(worker.pid) ignored SIGTERM and was killed: \(worker.logTail())")
            }
            worker.removeLog()
        }
        guard problems.isEmpty else {
            throw PostgresBenchmarkError("bench-worker did not shut down cleanly: \(problems.joined(separator: "; "))")
        }
    }

    private static func checkAlive(_ workers: [BenchWorkerProcess]) throws {
        guard let dead = workers.first(where: { $0.exitStatus != nil }) else { return }
        throw PostgresBenchmarkError(
            "bench-worker pid \(dead.pid) exited early with status \(dead.exitStatus ?? 0): \(dead.logTail())")
    }

    /// A fresh schema name, `bench_` and 12 random letters and digits.
    static func makeSchemaName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "bench_" + String((0..<12).map { _ in alphabet.randomElement() ?? "x" })
    }
}
