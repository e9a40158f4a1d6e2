import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

@testable import StackShiftServer

/// `/metrics` as `SystemMetrics` renders it from a real SQLite database: queues, runs in every status, a
/// failure, waits, workers and a lock, made through the engine and the store, then read back as exact lines.
@Suite("System metrics")
struct SystemMetricsTests {
    /// A queue name with every character the text format escapes: `"`, `\` and a line feed.
    static let hostileQueue = "q\"uo\\te\nline"
    /// How far the clock moves after the runs were made: the age of every queued run and wait.
    static let elapsed: TimeInterval = 90

    @Test("queues, runs by job and status, waits, failure groups, workers and locks are exact lines")
    func rendersTheSystem() async throws {
        try await MetricsDatabase.with { database in
            let text = try await database.scenario()
            let lines = Set(text.split(separator: "\n").map(String.init))
            let expected = [
                #"stackshift_queue_depth{queue="billing"} 3.0"#,
                #"stackshift_queue_running{queue="billing"} 0.0"#,
                #"stackshift_queue_oldest_queued_seconds{queue="billing"} 90.0"#,
                #"stackshift_queue_paused{queue="billing"} 0.0"#,
                #"stackshift_queue_concurrency_limit{queue="billing"} 5.0"#,
                #"stackshift_queue_depth{queue="work"} 0.0"#,
                #"stackshift_queue_oldest_queued_seconds{queue="work"} 0.0"#,
                #"stackshift_runs{queue="billing",job="invoice",status="queued"} 3.0"#,
                #"stackshift_runs{queue="billing",job="invoice",status="running"} 0.0"#,
                #"stackshift_runs{queue="billing",job="invoice",status="completed"} 0.0"#,
                #"stackshift_runs{queue="work",job="ok",status="completed"} 2.0"#,
                #"stackshift_runs{queue="work",job="ok",status="queued"} 0.0"#,
                #"stackshift_runs{queue="work",job="boom",status="failed"} 1.0"#,
                #"stackshift_runs{queue="work",job="await",status="waiting"} 1.0"#,
                #"stackshift_runs_waiting 1.0"#,
                #"stackshift_oldest_wait_seconds 90.0"#,
                #"stackshift_failure_groups 1.0"#,
                #"stackshift_workers 2.0"#,
                #"stackshift_workers_silent 1.0"#,
                #"stackshift_worker_heartbeat_age_seconds{worker="live-1"} 0.0"#,
                #"stackshift_worker_heartbeat_age_seconds{worker="silent-1"} 90.0"#,
                #"stackshift_locks 1.0"#,
                "# TYPE stackshift_runs gauge",
                "# TYPE stackshift_queue_depth gauge",
            ]
            for line in expected {
                #expect(lines.contains(line), "missing line: \(line)\n\(text)")
            }
            #expect(!text.contains("stackshift_queue_concurrency_limit{queue=\"work\"}"), "no limit, no series")
            let help = try #require(lines.first { $0.hasPrefix("# HELP stackshift_runs ") })
            #expect(help.contains("in the last 1h"), "the HELP line names the window of finished runs: \(help)")
        }
    }

    @Test("a queue name with a quote, a backslash and a line feed is escaped in its label")
    func escapesLabelValues() async throws {
        try await MetricsDatabase.with { database in
            let text = try await database.scenario()
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"stackshift_queue_depth{queue="q\"uo\\te\nline"} 1.0"#), "\(text)")
            #expect(lines.contains(#"stackshift_queue_paused{queue="q\"uo\\te\nline"} 1.0"#), "\(text)")
            #expect(lines.contains(#"stackshift_runs{queue="q\"uo\\te\nline",job="send",status="queued"} 1.0"#))
            // Every line is a comment or a sample: a raw line feed in a value would start a line that is neither.
            for line in lines {
                #expect(
                    line.hasPrefix("# HELP stackshift_") || line.hasPrefix("# TYPE stackshift_")
                        || line.hasPrefix("stackshift_"), "a line that is not a sample: \(line)")
            }
        }
    }

    @Test("a failure group's signature is cut to 100 characters in its labels")
    func boundsFailureLabels() async throws {
        try await MetricsDatabase.with { database in
            let text = try await database.scenario()
            let group = try #require(try await database.engine.operations.failureGroups(window: .seconds(3600)).first)
            #expect(group.signature.unicodeScalars.count > SystemMetrics.labelLength)
            var cut = String.UnicodeScalarView(group.signature.unicodeScalars.prefix(SystemMetrics.labelLength - 1))
            cut.append("…")
            let signature = String(cut)
            #expect(signature.unicodeScalars.count == 100)
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(
                lines.contains(
                    #"stackshift_failure_group_runs{job="boom",step="step charge",signature=""# + signature
                        + #""} 1.0"#), "\(text)")
            #expect(
                lines.contains(
                    #"stackshift_failure_group_failures{job="boom",step="step charge",signature=""# + signature
                        + #""} 1.0"#), "\(text)")
        }
    }

    @Test("an empty database renders the unlabelled gauges at zero")
    func emptyDatabase() async throws {
        try await MetricsDatabase.with { database in
            let text = try await SystemMetrics.render(database.engine.operations)
            let lines = Set(text.split(separator: "\n").map(String.init))
            for name in [
                "stackshift_runs_waiting", "stackshift_oldest_wait_seconds", "stackshift_failure_groups",
                "stackshift_workers", "stackshift_workers_silent", "stackshift_locks",
            ] {
                #expect(lines.contains("\(name) 0.0"), "\(name) in \(text)")
            }
            #expect(!text.contains("stackshift_runs{"), "no runs, no run series")
        }
    }
}

/// The payload of the scenario's runs.
private struct Order: Codable, Sendable {
    var id: String
}

/// A real engine on a fresh SQLite file with a manual clock, removed afterwards.
private struct MetricsDatabase {
    let store: SQLiteJobStore
    let engine: StackShift
    let clock: ManualClock

    static func with(_ body: (MetricsDatabase) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stackshift-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("jobs.sqlite").path)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await body(MetricsDatabase(store: store, engine: StackShift(store: store, clock: clock), clock: clock))
    }

    /// Makes the scenario and renders it, ``SystemMetricsTests/elapsed`` after it was made:
    ///
    /// - `billing`: three queued `invoice` runs, a concurrency limit of 5;
    /// - the hostile queue: one queued `send` run, paused;
    /// - `work`: two `ok` runs completed, one `boom` run failed in step `charge` (a long message), one `await`
    ///   run waiting for an event (all through a real worker);
    /// - two workers, one silent; one lock.
    func scenario() async throws -> String {
        let me = Operator.local(via: .cli)
        for index in 1...3 {
            try await engine.start("invoice", payload: Order(id: "i\(index)"), options: StartOptions(queue: "billing"))
        }
        try await engine.operations.configureQueue("billing", concurrencyLimit: 5, by: me)
        let hostile = SystemMetricsTests.hostileQueue
        try await engine.start("send", payload: Order(id: "s"), options: StartOptions(queue: hostile))
        try await engine.operations.pauseQueue(hostile, by: me)

        engine.job("ok") { (_: JobContext<Order>) in }
        engine.job("boom") { (ctx: JobContext<Order>) in
            try await ctx.step.run("charge") {
                throw JobError(
                    "the card was declined by the issuing bank after three tries, and the customer was told to "
                        + "call their bank about the charge before trying again",
                    retryable: false)
            }
        }
        engine.job("await") { (ctx: JobContext<Order>) in
            let _: Order? = try await ctx.step.waitForEvent("paid", event: "payment.confirmed", key: "o1")
        }
        let work = StartOptions(queue: "work")
        let runs = [
            try await engine.start("ok", payload: Order(id: "a"), options: work),
            try await engine.start("ok", payload: Order(id: "b"), options: work),
            try await engine.start("boom", payload: Order(id: "c"), options: work),
            try await engine.start("await", payload: Order(id: "d"), options: work),
        ]
        let worker = Task {
            try await engine.runWorker(
                queues: ["work"], concurrency: 4,
                options: WorkerOptions(
                    leaseDuration: .seconds(600), heartbeatInterval: .milliseconds(200),
                    pollInterval: .milliseconds(10), shutdownGracePeriod: .seconds(2)))
        }
        do {
            for run in runs {
                try await engine.waitForRun(run.id, toBe: [.completed, .failed, .waiting], timeout: .seconds(60))
            }
        } catch {
            await engine.shutdown()
            _ = try? await worker.value
            throw error
        }
        await engine.shutdown()
        try await worker.value

        let made = clock.now()
        let now = clock.advance(by: SystemMetricsTests.elapsed)
        try await heartbeat("silent-1", at: made)
        try await heartbeat("live-1", at: now)
        let lock = try await store.acquireLock(
            AcquireLockParams(key: "reports", owner: "live-1", expiresAt: now.addingTimeInterval(600), now: now))
        #expect(lock != nil)
        return try await SystemMetrics.render(engine.operations)
    }

    /// Registers a worker whose last heartbeat was at `date`.
    private func heartbeat(_ id: WorkerID, at date: Date) async throws {
        let worker = WorkerRecord(
            id: id, host: "test-host", pid: 1, queues: ["work"], jobs: ["ok"], concurrency: 1, startedAt: date,
            heartbeatAt: date)
        _ = try await store.heartbeat(
            HeartbeatParams(worker: worker, leases: [], leaseExpiresAt: date.addingTimeInterval(600), now: date))
    }
}
