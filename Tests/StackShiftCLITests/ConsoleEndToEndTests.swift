import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

@Suite("stackshift console in a real terminal", .temporaryFolders, .timeLimit(.minutes(5)))
struct ConsoleEndToEndTests {
    @Test("move, open a failed run, retry it through the confirm dialog, quit: the screen and the database agree")
    func retryFromTheConsole() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start([
            CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", db.path,
        ])
        defer { session.kill() }

        try await session.waitFor("Queues")
        try await session.waitFor("billing")
        try await session.send("3")
        try await session.waitFor(all: "card declined", "✘ failed", "◷ scheduled", "○ queued")

        try await session.send("/")
        try await session.type("charge")
        try await session.send("Enter")
        try await session.waitForSelectedRow(containing: "charge")
        try await session.send("Enter")
        // The full id appears in the breadcrumb at once; the run's error only once its detail has loaded.
        try await session.waitFor(db.failed)
        try await session.waitFor(all: "card declined", db.failed, "charge")

        try await session.send("r")
        try await session.waitFor(all: "Retry run?", String(db.failed.suffix(6)))
        // The dialog opens on its harmless button: Enter alone would do nothing. Move to Retry, press it.
        try await session.send("Tab")
        try await session.send("Enter")
        // The outcome shows twice: the flash naming the run (on screen for a few seconds only, which a loaded
        // machine's captures can miss) and, for good, the run view's own header turning queued.
        try await session.waitUntil("the retry's flash or the run's header saying queued") {
            $0.contains("Retried \(db.failed)") || $0.contains("○ queued  charge  on billing")
        }

        try await session.send("q")
        try await session.waitFor("EXIT:0")

        let store = try SQLiteJobStore(path: db.path)
        let run = try #require(try await store.runDetail(RunDetailParams(runId: db.failed)))
        #expect(run.run.status == .queued)
        #expect(run.timeline.last?.kind == .retried)
    }

    @Test("a queue paused and a state value set by another process show without a key press")
    func followsSettingsAndState() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start([
            CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", db.path,
        ])
        defer { session.kill() }
        func row(of queue: String, in screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains("\(queue) ") }.map(String.init) ?? ""
        }
        try await session.waitUntil("the billing queue, running") { row(of: "billing", in: $0).contains("billing") }
        let pause = try await CLIProcess.run(["queues", "pause", "billing", "--db", db.path])
        #expect(pause.status == 0, "\(pause.stderr)")
        // The Queues view reloads on its own every few seconds too; the counters make it the next poll. How
        // soon is measured by hand, not here: a bound would only measure the machine's load.
        try await session.waitUntil("the billing row to show it paused") { row(of: "billing", in: $0).contains("⏸") }

        try await session.send("6")
        try await session.waitFor("State")
        let set = try await CLIProcess.run(["state", "set", "deploy:freeze", #""on""#, "--db", db.path])
        #expect(set.status == 0, "\(set.stderr)")
        try await session.waitFor("deploy:freeze")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }

    @Test("runs changed by another process show their new status in their own rows, without a key press")
    func followsOtherProcesses() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let session = try await TmuxSession.start([
            CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", db.path,
        ])
        defer { session.kill() }
        try await session.send("3")
        // The list shows each id's last six characters: each run's row is found by them.
        func row(of id: String, in screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains(id.suffix(6)) }.map(String.init) ?? ""
        }
        let before = try await session.waitUntil("the queued and the failed run in the list") {
            row(of: db.queued, in: $0).contains("○ queued") && row(of: db.failed, in: $0).contains("✘ failed")
        }
        #expect(!before.contains("⊘ canceled"), "nothing is canceled yet\n\(before)")

        // Another process cancels the queued run and retries the failed one. No key is pressed: the console
        // follows the store's change feed by itself, and a status word in a run's own row is a change the
        // header clock cannot cause. (How fast is a benchmark's question; a bound here only measured how
        // loaded the machine was.)
        let cancel = try await CLIProcess.run(["runs", "cancel", db.queued, "--db", db.path])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        try await session.waitUntil("the queued run's row to say canceled") {
            row(of: db.queued, in: $0).contains("⊘ canceled")
        }
        let retry = try await CLIProcess.run(["runs", "retry", db.failed, "--db", db.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        let after = try await session.waitUntil("the failed run's row to say queued") {
            row(of: db.failed, in: $0).contains("○ queued")
        }
        #expect(row(of: db.queued, in: after).contains("⊘ canceled"), "the first change stays\n\(after)")
        #expect(!after.contains("✘ failed"), "no run is failed any more\n\(after)")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
    }
}

@Suite(
    "stackshift console: a stuck wait, found and fixed in a real terminal", .temporaryFolders,
    .timeLimit(.minutes(5)))
struct ConsoleStuckWaitTests {
    struct Payload: Codable, Sendable { var paymentId: String }

    @Test("find the stuck wait, ask why, send the missing event from the prefilled form, watch the run complete")
    func fixAStuckWait() async throws {
        let path = try temporaryDirectory().appendingPathComponent("jobs.sqlite").path
        let stackshift = StackShift(store: try SQLiteJobStore(path: path))
        stackshift.job("provision") { (ctx: JobContext<Payload>) -> String in
            let event: JSONValue? = try await ctx.step.waitForEvent(
                "await-confirmation", event: "payment.confirmed", key: ctx.payload.paymentId)
            return event == nil ? "timed out" : "provisioned"
        }
        let run = try await stackshift.start("provision", payload: Payload(paymentId: "pay_123"))
        let worker = Task { try await stackshift.runWorker(options: WorkerOptions(pollInterval: .milliseconds(20))) }
        defer { worker.cancel() }
        try await stackshift.waitForRun(run.id, toBe: [.waiting], timeout: .testPatience)
        // The webhook came with the wrong key: the run is stuck.
        try await stackshift.sendEvent("payment.confirmed", key: "PAY_123", payload: ["amount": 4200])

        let session = try await TmuxSession.start([
            CLIProcess.productsDirectory().appendingPathComponent("stackshift").path, "console", "--db", path,
        ])
        defer { session.kill() }
        try await session.waitFor("Queues")
        try await session.send("4")
        try await session.waitFor(all: "PAY_123", "pay_123")
        try await session.send("w")
        try await session.waitFor(all: "nearly that key", "waiting for payment.confirmed with key pay_123")
        try await session.send("s")
        try await session.waitFor(all: "Send event", "pay_123")
        try await session.send("Enter")
        // What the send made true: the wait is gone from the list. The flash naming the resumed run lasts 8 s
        // and a later flash replaces it, so a loaded machine can miss it; its text is ReducerSendEventTests'.
        try await session.waitUntil("the wait resumed: its flash, or the empty list") {
            $0.contains("resumed") || $0.contains("No run is waiting")
        }
        #expect(try await stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        #expect(try await stackshift.result(of: run.id, as: String.self) == "provisioned")
        try await session.send("q")
        try await session.waitFor("EXIT:0")
        await stackshift.shutdown()
    }
}
