import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Synchronization
import Testing

/// `runs show` and `runs list --search` say what the store holds: one count of tries, a completed step
/// never shown with the error of a try before it, and a search that finds a run by what its row shows.
@Suite("stackshift runs: tries, steps and search", .temporaryFolders, .timeLimit(.minutes(3)))
struct RunsTruthCommandTests {
    struct Payload: Codable, Sendable { var id: String }

    /// A run whose `send` step failed on its first try and completed on its second.
    static func retriedRun() async throws -> (path: String, id: RunID) {
        let path = try temporaryDirectory().appendingPathComponent("jobs.sqlite").path
        let stackshift = StackShift(store: try SQLiteJobStore(path: path))
        let calls = Mutex(0)
        let policy = RetryPolicy(maxAttempts: 5, initialDelay: 0.01, maxDelay: 0.01, jitter: 0)
        stackshift.job("notify", options: JobOptions(retryPolicy: policy)) { (ctx: JobContext<Payload>) in
            try await ctx.step.run("send") {
                let call = calls.withLock {
                    $0 += 1
                    return $0
                }
                if call == 1 { throw JobError("mail provider answered 503") }
                return "sent"
            }
        }
        let run = try await stackshift.start("notify", payload: Payload(id: "n"), options: .init(queue: "mail"))
        let worker = Task {
            try await stackshift.runWorker(queues: ["mail"], options: WorkerOptions(pollInterval: .milliseconds(10)))
        }
        #expect(try await stackshift.waitForRun(run.id, timeout: .testPatience).status == .completed)
        await stackshift.shutdown()
        try await worker.value
        return (path, run.id)
    }

    @Test("runs show: a completed step shows its result and how many tries failed; the try count is one")
    func completedStepAfterAFailure() async throws {
        let db = try await Self.retriedRun()
        let show = try await CLIProcess.run(["runs", "show", db.id, "--db", db.path])
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        let step = try #require(lines.first { $0.hasPrefix("send ") }, "\(show.stdout)")
        #expect(
            step.contains("completed") && step.contains("\"sent\"") && step.contains("after 1 failed try"), "\(step)")
        #expect(!step.contains("503"), "the earlier try's error belongs to that attempt: \(step)")
        #expect(
            lines.contains { $0.contains("try") && $0.contains("2/5") && $0.contains("2 attempts") }, "\(show.stdout)")
        #expect(
            show.stdout.contains("earlier  JobError: mail provider answered 503")
                && show.stdout.contains("from a try before the run completed"),
            "a completed run's stored error is labelled as an earlier try's")
        let attempts = lines.drop { $0 != "attempts" }.dropFirst()
        #expect(attempts.first?.contains("TRY") == true)
        #expect(
            attempts.dropFirst().first?.contains("1/5") == true && attempts.dropFirst(2).first?.contains("2/5") == true)

        let list = try await CLIProcess.run(["runs", "list", "--db", db.path])
        let row = try #require(list.stdout.split(separator: "\n").first { $0.contains(db.id) })
        #expect(row.contains("2/5"), "the list's TRY is the same try: \(row)")
    }

    @Test("runs list --search finds a run by its queue, its status and its error's type, as the console does")
    func searchFindsWhatIsShown() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        for (text, expected) in [("billing", [db.failed]), ("FAILED", [db.failed]), ("JobError: card", [db.failed])] {
            let result = try await CLIProcess.run(["runs", "list", "--db", db.path, "--search", text, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let runs = try JSONDecoder.iso.decode([RunRecord].self, from: Data(result.stdout.utf8))
            #expect(runs.map(\.id) == expected, "--search \(text)")
        }
    }
}
