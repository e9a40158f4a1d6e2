import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

@Suite("stackshift runs and queues", .temporaryFolders, .timeLimit(.minutes(3)))
struct RunsCommandTests {
    struct Payload: Codable, Sendable { var id: String }

    /// A database with one failed, one queued and one scheduled run.
    static func preparedDatabase() async throws -> (path: String, failed: RunID, queued: RunID, scheduled: RunID) {
        let path = try temporaryDirectory().appendingPathComponent("jobs.sqlite").path
        let stackshift = StackShift(store: try SQLiteJobStore(path: path))
        stackshift.job("charge", options: JobOptions(retryPolicy: .never)) { (_: JobContext<Payload>) in
            throw JobError("card declined")
        }
        let failed = try await stackshift.start("charge", payload: Payload(id: "f"), options: .init(queue: "billing"))
        let worker = Task {
            try await stackshift.runWorker(queues: ["billing"], options: WorkerOptions(pollInterval: .milliseconds(10)))
        }
        try await stackshift.waitForRun(failed.id, timeout: .testPatience)
        await stackshift.shutdown()
        try await worker.value
        let queued = try await stackshift.start("mail", payload: Payload(id: "q"), options: .init(queue: "emails"))
        let scheduled = try await stackshift.start(
            "mail", payload: Payload(id: "s"), options: .init(queue: "emails", delay: .hours(1)))
        return (path, failed.id, queued.id, scheduled.id)
    }

    @Test("runs list and show print the runs, as a table and as JSON")
    func listAndShow() async throws {
        let db = try await Self.preparedDatabase()
        let table = try await CLIProcess.run(["runs", "list", "--db", db.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains(db.failed) && table.stdout.contains("card declined"))

        let json = try await CLIProcess.run(["runs", "list", "--db", db.path, "--status", "failed", "--json"])
        #expect(json.status == 0)
        let runs = try JSONDecoder.iso.decode([RunRecord].self, from: Data(json.stdout.utf8))
        #expect(runs.map(\.id) == [db.failed])

        let byQueue = try await CLIProcess.run(["runs", "list", "--db", db.path, "--queue", "emails", "--json"])
        #expect(
            Set(try JSONDecoder.iso.decode([RunRecord].self, from: Data(byQueue.stdout.utf8)).map(\.id)) == [
                db.queued, db.scheduled,
            ])

        let show = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path])
        #expect(show.status == 0)
        #expect(show.stdout.contains("attempts") && show.stdout.contains("JobError: card declined"))

        let showJSON = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path, "--json"])
        let detail = try JSONDecoder.iso.decode(RunDetail.self, from: Data(showJSON.stdout.utf8))
        #expect(detail.run.status == .failed)
        #expect(detail.attempts.count == 1)
    }

    @Test("runs retry and cancel change the database")
    func retryAndCancel() async throws {
        let db = try await Self.preparedDatabase()
        let retry = try await CLIProcess.run(["runs", "retry", db.failed, "--db", db.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        let cancel = try await CLIProcess.run(["runs", "cancel", db.scheduled, "--db", db.path])
        #expect(cancel.status == 0, "\(cancel.stderr)")

        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.runDetail(RunDetailParams(runId: db.failed))?.run.status == .queued)
        #expect(try await store.runDetail(RunDetailParams(runId: db.scheduled))?.run.status == .canceled)

        let again = try await CLIProcess.run(["runs", "cancel", db.scheduled, "--db", db.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("is canceled and cannot become canceled"))
    }

    @Test("runs retry|cancel --all change every applicable run the filter selects; --dry-run changes nothing")
    func bulkRetryAndCancel() async throws {
        let db = try await Self.preparedDatabase()
        let before = try await Self.snapshot(db.path)
        let dry = try await CLIProcess.run([
            "runs", "cancel", "--all", "--queue", "emails", "--dry-run", "--db", db.path,
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(Set(dry.stdout.split(separator: "\n").map(String.init)) == [db.queued, db.scheduled])
        #expect(dry.stderr.contains("2 runs would be canceled"))
        #expect(try await Self.snapshot(db.path) == before, "a dry run writes nothing")

        let cancel = try await CLIProcess.run(["runs", "cancel", "--all", "--queue", "emails", "--db", db.path])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("canceled 2 of 2 runs"))
        let retry = try await CLIProcess.run(["runs", "retry", "--all", "--status", "canceled", "--db", db.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("retried 2 of 2 runs"))

        let store = try SQLiteJobStore(path: db.path)
        let statuses = try await Dictionary(
            uniqueKeysWithValues: store.listRuns(RunQuery(limit: 10)).map { ($0.id, $0.status) })
        #expect(statuses[db.failed] == .failed, "--status canceled left the failed run alone")
        #expect(statuses[db.queued] == .queued && statuses[db.scheduled] == .queued)

        let nothing = try await CLIProcess.run(["runs", "retry", "--all", "--status", "running", "--db", db.path])
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("--status selects no run that can be retried"))
        let neither = try await CLIProcess.run(["runs", "retry", "--db", db.path])
        #expect(neither.status != 0 && neither.stderr.contains("name run ids, or pass --all"))
    }

    @Test("runs cancel with several ids changes the ones it can, reports the others, and exits non-zero")
    func severalIds() async throws {
        let db = try await Self.preparedDatabase()
        let output = try await CLIProcess.run([
            "runs", "cancel", db.queued, "run_doesnotexist", db.scheduled, "--db", db.path,
        ])
        #expect(output.status != 0)
        #expect(
            output.stdout.contains("run \(db.queued) is canceled")
                && output.stdout.contains("run \(db.scheduled) is canceled"))
        #expect(output.stdout.contains("canceled 2 of 3 runs; 1 run could not be"))
        #expect(output.stderr.contains("no run with id run_doesnotexist"))
        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.runDetail(RunDetailParams(runId: db.scheduled))?.run.status == .canceled)
    }

    @Test("workers list shows a registered worker with its queues and runs in hand, as a table and as JSON")
    func workersList() async throws {
        let db = try await Self.preparedDatabase()
        // Register a worker as a running one does (heartbeat), and let it claim the queued run.
        let store = try SQLiteJobStore(path: db.path)
        let now = Date()
        let worker = WorkerRecord(
            id: "w-cli-test", host: "testhost", pid: 4242, queues: ["emails"], jobs: ["mail"], concurrency: 4,
            startedAt: now, heartbeatAt: now)
        _ = try await store.heartbeat(
            HeartbeatParams(worker: worker, leases: [], leaseExpiresAt: now.addingTimeInterval(60), now: now))
        let claimed = try await store.claimRuns(
            ClaimRunsParams(
                workerId: worker.id, queues: ["emails"], jobs: ["mail"], limit: 1,
                leaseExpiresAt: now.addingTimeInterval(60), now: now))
        #expect(claimed.map(\.run.id) == [db.queued])

        let table = try await CLIProcess.run(["workers", "list", "--db", db.path])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(
            table.stdout.contains("w-cli-test") && table.stdout.contains("testhost") && table.stdout.contains("1/4"))
        #expect(table.stdout.contains("live"))
        let json = try await CLIProcess.run(["workers", "list", "--db", db.path, "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(listed.count == 1)
        #expect((listed.first?["worker"] as? [String: Any])?["queues"] as? [String] == ["emails"])
        #expect(listed.first?["runsInHand"] as? Int == 1 && listed.first?["silent"] as? Bool == false)
    }

    @Test("queues list, pause and resume")
    func queues() async throws {
        let db = try await Self.preparedDatabase()
        #expect(try await CLIProcess.run(["queues", "pause", "emails", "--db", db.path]).status == 0)
        let list = try await CLIProcess.run(["queues", "list", "--db", db.path, "--json"])
        let summaries = try JSONDecoder.iso.decode([QueueSummary].self, from: Data(list.stdout.utf8))
        let emails = try #require(summaries.first { $0.queue.name == "emails" })
        #expect(emails.queue.paused)
        #expect(emails.count(.queued) == 1 && emails.count(.scheduled) == 1)
        #expect(summaries.first { $0.queue.name == "billing" }?.count(.failed) == 1)

        #expect(try await CLIProcess.run(["queues", "resume", "emails", "--db", db.path]).status == 0)
        let table = try await CLIProcess.run(["queues", "list", "--db", db.path])
        #expect(table.stdout.contains("emails") && !table.stdout.contains("paused"))

        let typo = try await CLIProcess.run(["queues", "pause", "emials", "--db", db.path])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("no queue named emials"))
    }

    @Test("an unknown run id is one clear line on stderr and a non-zero exit", arguments: ["show", "retry", "cancel"])
    func unknownId(verb: String) async throws {
        let db = try await Self.preparedDatabase()
        let before = try await Self.snapshot(db.path)
        let output = try await CLIProcess.run(["runs", verb, "run_doesnotexist", "--db", db.path])
        #expect(output.status != 0)
        #expect(
            output.stderr == "stackshift: no run with id run_doesnotexist (list runs with `stackshift runs list`)\n")
        #expect(try await Self.snapshot(db.path) == before, "nothing is written")
    }

    static func snapshot(_ path: String) async throws -> [RunRecord] {
        try await SQLiteJobStore(path: path).listRuns(RunQuery(limit: 1000))
    }
}

extension JSONDecoder {
    static let iso: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
