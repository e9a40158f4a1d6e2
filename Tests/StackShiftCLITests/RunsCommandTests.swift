import DurableJobs
import Foundation
import JobStore
import SQLiteJobStore
import Testing

@Suite("stackshift runs and queues")
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
        try await stackshift.waitForRun(failed.id)
        await stackshift.shutdown()
        try await worker.value
        let queued = try await stackshift.start("mail", payload: Payload(id: "q"), options: .init(queue: "emails"))
        let scheduled = try await stackshift.start("mail", payload: Payload(id: "s"), options: .init(queue: "emails", delay: .hours(1)))
        return (path, failed.id, queued.id, scheduled.id)
    }

    @Test("runs list and show print the runs, as a table and as JSON")
    func listAndShow() async throws {
        let db = try await Self.preparedDatabase()
        let table = try CLIProcess.run(["runs", "list", "--db", db.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains(db.failed) && table.stdout.contains("card declined"))

        let json = try CLIProcess.run(["runs", "list", "--db", db.path, "--status", "failed", "--json"])
        #expect(json.status == 0)
        let runs = try JSONDecoder.iso.decode([RunRecord].self, from: Data(json.stdout.utf8))
        #expect(runs.map(\.id) == [db.failed])

        let byQueue = try CLIProcess.run(["runs", "list", "--db", db.path, "--queue", "emails", "--json"])
        #expect(Set(try JSONDecoder.iso.decode([RunRecord].self, from: Data(byQueue.stdout.utf8)).map(\.id)) == [db.queued, db.scheduled])

        let show = try CLIProcess.run(["runs", "show", db.failed, "--db", db.path])
        #expect(show.status == 0)
        #expect(show.stdout.contains("attempts") && show.stdout.contains("JobError: card declined"))

        let showJSON = try CLIProcess.run(["runs", "show", db.failed, "--db", db.path, "--json"])
        let detail = try JSONDecoder.iso.decode(RunDetail.self, from: Data(showJSON.stdout.utf8))
        #expect(detail.run.status == .failed)
        #expect(detail.attempts.count == 1)
    }

    @Test("runs retry and cancel change the database")
    func retryAndCancel() async throws {
        let db = try await Self.preparedDatabase()
        let retry = try CLIProcess.run(["runs", "retry", db.failed, "--db", db.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        let cancel = try CLIProcess.run(["runs", "cancel", db.scheduled, "--db", db.path])
        #expect(cancel.status == 0, "\(cancel.stderr)")

        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.runDetail(RunDetailParams(runId: db.failed))?.run.status == .queued)
        #expect(try await store.runDetail(RunDetailParams(runId: db.scheduled))?.run.status == .canceled)

        let again = try CLIProcess.run(["runs", "cancel", db.scheduled, "--db", db.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("is canceled and cannot become canceled"))
    }

    @Test("queues list, pause and resume")
    func queues() async throws {
        let db = try await Self.preparedDatabase()
        #expect(try CLIProcess.run(["queues", "pause", "emails", "--db", db.path]).status == 0)
        let list = try CLIProcess.run(["queues", "list", "--db", db.path, "--json"])
        let summaries = try JSONDecoder.iso.decode([QueueSummary].self, from: Data(list.stdout.utf8))
        let emails = try #require(summaries.first { $0.queue.name == "emails" })
        #expect(emails.queue.paused)
        #expect(emails.count(.queued) == 1 && emails.count(.scheduled) == 1)
        #expect(summaries.first { $0.queue.name == "billing" }?.count(.failed) == 1)

        #expect(try CLIProcess.run(["queues", "resume", "emails", "--db", db.path]).status == 0)
        let table = try CLIProcess.run(["queues", "list", "--db", db.path])
        #expect(table.stdout.contains("emails") && !table.stdout.contains("paused"))

        let typo = try CLIProcess.run(["queues", "pause", "emials", "--db", db.path])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("no queue named emials"))
    }

    @Test("an unknown run id is one clear line on stderr and a non-zero exit", arguments: ["show", "retry", "cancel"])
    func unknownId(verb: String) async throws {
        let db = try await Self.preparedDatabase()
        let before = try await Self.snapshot(db.path)
        let output = try CLIProcess.run(["runs", verb, "run_doesnotexist", "--db", db.path])
        #expect(output.status != 0)
        #expect(output.stderr == "stackshift: no run with id run_doesnotexist (list runs with `stackshift runs list`)\n")
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
