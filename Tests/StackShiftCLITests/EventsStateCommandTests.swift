import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

@Suite("stackshift events, state and schedules", .temporaryFolders, .timeLimit(.minutes(3)))
struct EventsStateCommandTests {
    struct Payload: Codable, Sendable { var paymentId: String }

    /// A database holding one run waiting for `payment.confirmed` key `pay_123`.
    static func databaseWithWait() async throws -> (path: String, run: RunID, stackshift: StackShift) {
        let path = try temporaryDirectory().appendingPathComponent("jobs.sqlite").path
        let stackshift = StackShift(store: try SQLiteJobStore(path: path))
        stackshift.job("provision") { (ctx: JobContext<Payload>) -> JSONValue? in
            try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.paymentId)
        }
        let run = try await stackshift.start("provision", payload: Payload(paymentId: "pay_123"))
        let worker = Task { try await stackshift.runWorker(options: WorkerOptions(pollInterval: .milliseconds(10))) }
        try await stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
        await stackshift.shutdown()
        try await worker.value
        return (path, run.id, stackshift)
    }

    @Test("events send resumes the waiting run with the payload, inline or from @file")
    func sendEvent() async throws {
        let db = try await Self.databaseWithWait()
        let wrongKey = try await CLIProcess.run([
            "events", "send", "payment.confirmed", "--key", "PAY_123", "--payload", "{}", "--db", db.path,
        ])
        #expect(wrongKey.status == 0)
        #expect(wrongKey.stdout.contains("no run is waiting on it yet"))

        let file = try temporaryDirectory().appendingPathComponent("payload.json")
        try Data(#"{"amount": 4200}"#.utf8).write(to: file)
        let sent = try await CLIProcess.run([
            "events", "send", "payment.confirmed", "--key", "pay_123", "--payload", "@\(file.path)", "--db", db.path,
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("resumed 1 run(s): \(db.run)"))

        let store = try SQLiteJobStore(path: db.path)
        let detail = try #require(try await store.runDetail(RunDetailParams(runId: db.run)))
        #expect(detail.run.status == .queued)
        #expect(detail.steps.first?.resultJSON?.contains("4200") == true)

        let list = try await CLIProcess.run(["events", "list", "--db", db.path, "--json"])
        let events = try JSONDecoder.iso.decode([EventRecord].self, from: Data(list.stdout.utf8))
        #expect(events.map(\.key) == ["pay_123", "PAY_123"])
        #expect(events.first?.consumedBy == [db.run])
    }

    @Test("events send refuses invalid JSON with the parser's message and stores nothing")
    func sendInvalidJSON() async throws {
        let db = try await Self.databaseWithWait()
        let output = try await CLIProcess.run([
            "events", "send", "payment.confirmed", "--key", "pay_123", "--payload", "{\"amount\": }", "--db", db.path,
        ])
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("stackshift: the payload is not valid JSON: "))
        #expect(output.stderr.split(separator: "\n").count == 1)
        let store = try SQLiteJobStore(path: db.path)
        #expect(try await store.listEvents(EventQuery(now: Date())).isEmpty)
        #expect(try await store.runDetail(RunDetailParams(runId: db.run))?.run.status == .waiting)
    }

    @Test("state set, get, list and delete; set refuses invalid JSON and writes nothing")
    func stateCommands() async throws {
        let db = try await Self.databaseWithWait()
        let set = try await CLIProcess.run([
            "state", "set", "imports:42:progress", #"{"processed": 100, "total": 500}"#, "--db", db.path,
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("version 1"))
        let get = try await CLIProcess.run(["state", "get", "imports:42:progress", "--db", db.path])
        #expect(try JSONValue(parsing: get.stdout) == ["processed": 100, "total": 500])

        let invalid = try await CLIProcess.run([
            "state", "set", "imports:42:progress", "{processed: 1}", "--db", db.path,
        ])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.hasPrefix("stackshift: the value is not valid JSON: "))
        let after = try await CLIProcess.run(["state", "get", "imports:42:progress", "--db", db.path, "--json"])
        let entry = try JSONDecoder.iso.decode(StateEntry.self, from: Data(after.stdout.utf8))
        #expect(entry.version == 1, "the invalid write changed nothing")

        let stale = try await CLIProcess.run([
            "state", "set", "imports:42:progress", "1", "--if-version", "7", "--db", db.path,
        ])
        #expect(stale.status != 0)
        #expect(stale.stderr.contains("is at version 1, not 7"))

        _ = try await CLIProcess.run(["state", "set", "other:key", "true", "--db", db.path])
        let list = try await CLIProcess.run(["state", "list", "--prefix", "imports:", "--db", db.path, "--json"])
        #expect(
            try JSONDecoder.iso.decode([StateEntry].self, from: Data(list.stdout.utf8)).map(\.key) == [
                "imports:42:progress"
            ])

        #expect(try await CLIProcess.run(["state", "delete", "imports:42:progress", "--db", db.path]).status == 0)
        let gone = try await CLIProcess.run(["state", "get", "imports:42:progress", "--db", db.path])
        #expect(gone.status != 0)
        #expect(gone.stderr == "stackshift: no state value with key imports:42:progress\n")
    }

    @Test("state increment adds atomically and refuses a non-integer value; state locks lists held locks")
    func incrementAndLocks() async throws {
        let db = try await Self.databaseWithWait()
        #expect(
            try await CLIProcess.run(["state", "increment", "imports:42:done", "--db", db.path]).stdout
                == "imports:42:done = 1\n")
        let more = try await CLIProcess.run(["state", "increment", "imports:42:done", "--by", "41", "--db", db.path])
        #expect(more.status == 0 && more.stdout == "imports:42:done = 42\n")
        _ = try await CLIProcess.run(["state", "set", "label", #""hello""#, "--db", db.path])
        let refused = try await CLIProcess.run(["state", "increment", "label", "--db", db.path])
        #expect(refused.status != 0 && refused.stderr.hasPrefix("stackshift: "))
        let label = try await CLIProcess.run(["state", "get", "label", "--db", db.path])
        #expect(label.stdout == "\"hello\"\n", "the refused increment changed nothing")

        let store = try SQLiteJobStore(path: db.path)
        let now = Date()
        _ = try await store.acquireLock(
            AcquireLockParams(key: "report:daily", owner: "run_abc", expiresAt: now.addingTimeInterval(300), now: now))
        let locks = try await CLIProcess.run(["state", "locks", "--db", db.path])
        #expect(locks.status == 0 && locks.stdout.contains("report:daily") && locks.stdout.contains("run_abc"))
        let json = try await CLIProcess.run(["state", "locks", "--prefix", "report:", "--db", db.path, "--json"])
        #expect(try JSONDecoder.iso.decode([LockRecord].self, from: Data(json.stdout.utf8)).map(\.owner) == ["run_abc"])
        let none = try await CLIProcess.run(["state", "locks", "--prefix", "nothing:", "--db", db.path])
        #expect(none.stdout == "no locks held under nothing:\n")
    }

    @Test("schedules list shows the next fire time")
    func schedulesList() async throws {
        let db = try await Self.databaseWithWait()
        try await db.stackshift.schedule(
            "nightly-cleanup", cron: "0 3 * * *", timeZone: TimeZone(identifier: "Europe/Berlin")!, job: "cleanup",
            payload: Payload(paymentId: "-"))
        let output = try await CLIProcess.run(["schedules", "list", "--db", db.path, "--json"])
        let schedules = try JSONDecoder.iso.decode([ScheduleRecord].self, from: Data(output.stdout.utf8))
        let schedule = try #require(schedules.first)
        #expect(schedule.cron == "0 3 * * *")
        #expect(schedule.timeZone == "Europe/Berlin")
        #expect(schedule.nextFireAt > Date())
        let table = try await CLIProcess.run(["schedules", "list", "--db", db.path])
        #expect(table.stdout.contains("nightly-cleanup") && table.stdout.contains("Europe/Berlin"))
    }
}
