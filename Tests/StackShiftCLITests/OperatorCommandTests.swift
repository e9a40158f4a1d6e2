import DurableJobs
import Foundation
import JobStore
import SQLiteJobStore
import Testing

/// The operator actions the CLI gained with the operations API: who canceled, queue limits, releasing a lock,
/// forgetting a silent worker.
@Suite("stackshift operator actions", .temporaryFolders, .timeLimit(.minutes(3)))
struct OperatorCommandTests {
    @Test("runs cancel --reason: the timeline says who canceled through the CLI, and why")
    func cancelRecordsOperator() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let canceled = try await CLIProcess.run(
            ["runs", "cancel", db.queued, "--reason", "duplicate order", "--db", db.path],
            environment: ["USER": "ada"])
        #expect(canceled.status == 0, "\(canceled.stderr)")
        let show = try await CLIProcess.run(["runs", "show", db.queued, "--db", db.path, "--json"])
        let detail = try JSONDecoder.iso.decode(RunDetail.self, from: Data(show.stdout.utf8))
        let message = try #require(detail.timeline.last?.message)
        #expect(message.hasPrefix("canceled while queued: by ada@"))
        #expect(message.hasSuffix(" via cli: duplicate order"))
    }

    @Test("queues limit sets the concurrency limit, keeps the retry policy, and refuses bad limits and queues")
    func queueLimit() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let set = try await CLIProcess.run(["queues", "limit", "emails", "3", "--db", db.path])
        #expect(set.status == 0 && set.stdout == "queue emails runs at most 3 at once\n")
        for bad in ["0", "nan", "1e300", "100001", "3.5"] {
            let refused = try await CLIProcess.run(["queues", "limit", "emails", bad, "--db", db.path])
            #expect(refused.status != 0 && refused.stderr.contains("is not a number from 1 to 100000"), "\(bad)")
        }
        let unknown = try await CLIProcess.run(["queues", "limit", "emials", "2", "--db", db.path])
        #expect(unknown.status != 0 && unknown.stderr == "stackshift: no queue named emials\n")
        let queues = try await StackShift(store: try SQLiteJobStore(path: db.path)).operations.queues()
        #expect(queues.first { $0.queue.name == "emails" }?.queue.concurrencyLimit == 3)
        #expect(!queues.contains { $0.queue.name == "emials" }, "a typo created no queue")
        let cleared = try await CLIProcess.run(["queues", "limit", "emails", "none", "--db", db.path])
        #expect(cleared.stdout == "queue emails runs without a limit\n")
    }

    @Test("state unlock: --force for a holder it cannot check; --owner protects a lock that changed hands")
    func unlock() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let store = try SQLiteJobStore(path: db.path)
        let now = Date()
        _ = try await store.acquireLock(
            AcquireLockParams(
                key: "search:rebuild", owner: "worker-dead", expiresAt: now.addingTimeInterval(600), now: now))
        let wrongOwner = try await CLIProcess.run(
            ["state", "unlock", "search:rebuild", "--owner", "worker-other", "--db", db.path])
        #expect(wrongOwner.status != 0 && wrongOwner.stderr.contains("held by worker-dead"))
        #expect(try await store.listLocks(LockQuery(prefix: "", now: Date())).count == 1)
        let unforced = try await CLIProcess.run(["state", "unlock", "search:rebuild", "--db", db.path])
        #expect(unforced.status != 0 && unforced.stderr.contains("pass --force"), "\(unforced.stderr)")
        #expect(try await store.listLocks(LockQuery(prefix: "", now: Date())).count == 1)
        let released = try await CLIProcess.run(["state", "unlock", "search:rebuild", "--force", "--db", db.path])
        #expect(released.stdout == "released lock search:rebuild (held by worker-dead)\n")
        #expect(try await store.listLocks(LockQuery(prefix: "", now: Date())).isEmpty)
        let none = try await CLIProcess.run(["state", "unlock", "search:rebuild", "--db", db.path])
        #expect(none.status != 0 && none.stderr == "stackshift: no lock is held on search:rebuild\n")
    }

    @Test("workers forget removes a silent worker and refuses a live one")
    func forgetWorker() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let store = try SQLiteJobStore(path: db.path)
        let now = Date()
        for (id, heardAt) in [("w-live", now), ("w-silent", now.addingTimeInterval(-3600))] {
            let worker = WorkerRecord(
                id: id, host: "h", pid: 1, queues: ["emails"], jobs: [], concurrency: 1, startedAt: heardAt,
                heartbeatAt: heardAt)
            _ = try await store.heartbeat(
                HeartbeatParams(worker: worker, leases: [], leaseExpiresAt: now, now: heardAt))
        }
        let live = try await CLIProcess.run(["workers", "forget", "w-live", "--db", db.path])
        #expect(live.status != 0 && live.stderr.contains("is alive"))
        let silent = try await CLIProcess.run(["workers", "forget", "w-silent", "--db", db.path])
        #expect(silent.status == 0 && silent.stdout == "forgot worker w-silent\n")
        let workers = try await store.listWorkers(WorkerQuery())
        #expect(workers.map(\.id) == ["w-live"])
    }
}
