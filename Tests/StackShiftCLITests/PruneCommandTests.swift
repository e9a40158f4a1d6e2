import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// `stackshift runs prune`, `runs show` of a pruned run, and `queues retain` / `queues list`'s RETAIN column.
@Suite("stackshift runs prune and queues retain", .temporaryFolders, .timeLimit(.minutes(3)))
struct PruneCommandTests {
    @Test("runs prune: a dry run lists and deletes nothing; a prune deletes finished runs only, audited")
    func prune() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let before = try await RunsCommandTests.snapshot(db.path)
        let dry = try await CLIProcess.run(["runs", "prune", "--older-than", "0s", "--dry-run", "--db", db.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.split(separator: "\n") == [Substring(db.failed)])
        #expect(dry.stderr.contains("1 run finished over 0s ago would be pruned; nothing was deleted"))
        #expect(try await RunsCommandTests.snapshot(db.path) == before, "a dry run writes nothing")

        let none = try await CLIProcess.run([
            "runs", "prune", "--older-than", "0s", "--status", "completed", "--db", db.path,
        ])
        #expect(none.status == 0 && none.stdout.contains("pruned 0 runs finished over 0s ago"), "\(none.stderr)")
        let kept = try await CLIProcess.run(["runs", "prune", "--db", db.path])
        #expect(kept.status == 0 && kept.stdout.contains("pruned 0 runs past their retention"), "failed: 30 days")

        let pruned = try await CLIProcess.run(["runs", "prune", "--older-than", "0s", "--db", db.path])
        #expect(pruned.status == 0 && pruned.stdout.contains("pruned 1 run finished over 0s ago"), "\(pruned.stderr)")
        let left = try await RunsCommandTests.snapshot(db.path)
        #expect(Set(left.map(\.id)) == [db.queued, db.scheduled], "queued and scheduled runs are never pruned")

        let show = try await CLIProcess.run(["runs", "show", db.failed, "--db", db.path])
        #expect(show.status == 0 && show.stdout.contains("run \(db.failed) was pruned: it had finished"), "\(show)")
        let json = try await CLIProcess.run(["runs", "show", db.failed, "--json", "--db", db.path])
        #expect(json.status == 0 && json.stdout.contains(#""pruned" : true"#), "\(json.stdout)")
        let unknown = try await CLIProcess.run(["runs", "show", "run_zzzzzzzzzzzzzzzzzzzz", "--db", db.path])
        #expect(unknown.status != 0 && unknown.stderr.contains("no run with id"), "a later id was never pruned")
        let retry = try await CLIProcess.run(["runs", "retry", db.failed, "--db", db.path])
        #expect(retry.status != 0 && retry.stderr.contains("was pruned: it had finished"), "\(retry.stderr)")

        let audit = try await CLIProcess.run(["audit", "list", "--db", db.path])
        #expect(audit.stdout.contains("prune-runs") && audit.stdout.contains("done: 1 run pruned"), "\(audit.stdout)")
    }

    @Test("runs prune refuses live statuses, a bad age and an unknown queue, deleting nothing")
    func refusals() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let before = try await RunsCommandTests.snapshot(db.path)
        let cases: [([String], String)] = [
            (["--status", "queued"], "only finished runs can be pruned"),
            (["--older-than", "nan"], "--older-than"),
            (["--older-than", "1e300d"], "--older-than"),
            (["--older-than", "-1d"], "--older-than"),
            (["--queue", "emials", "--older-than", "0s"], "no queue named emials"),
        ]
        for (arguments, message) in cases {
            let result = try await CLIProcess.run(["runs", "prune"] + arguments + ["--db", db.path])
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        #expect(try await RunsCommandTests.snapshot(db.path) == before)
    }

    @Test("queues retain sets a queue's policy and the store's; queues list shows them; --clear forgets")
    func retain() async throws {
        let db = try await RunsCommandTests.preparedDatabase()
        let set = try await CLIProcess.run(["queues", "retain", "emails", "--failed", "3d", "--db", db.path])
        #expect(set.status == 0 && set.stdout.contains("completed 7d · failed 3d · canceled 7d"), "\(set.stderr)")
        let store = try await CLIProcess.run(["queues", "retain", "--completed", "1h", "--db", db.path])
        #expect(store.status == 0 && store.stdout.contains("completed 1h · failed 30d"), "\(store.stderr)")
        let list = try await CLIProcess.run(["queues", "list", "--db", db.path])
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first { $0.hasPrefix("emails") }?.hasSuffix("7d/3d/7d *") == true, "\(list.stdout)")
        #expect(lines.first { $0.hasPrefix("billing") }?.hasSuffix("1h/30d/7d") == true, "\(list.stdout)")

        let bad = try await CLIProcess.run(["queues", "retain", "emails", "--failed", "0s", "--db", db.path])
        #expect(bad.status != 0 && bad.stderr.contains("--failed"), "\(bad.stderr)")
        let typo = try await CLIProcess.run(["queues", "retain", "emials", "--failed", "1d", "--db", db.path])
        #expect(typo.status != 0 && typo.stderr.contains("no queue named emials"), "\(typo.stderr)")

        let clear = try await CLIProcess.run(["queues", "retain", "emails", "--clear", "--db", db.path])
        #expect(clear.status == 0 && clear.stdout.contains("follow the store's policy"), "\(clear.stderr)")
        let after = try await CLIProcess.run(["queues", "list", "--db", db.path])
        #expect(after.stdout.split(separator: "\n").first { $0.hasPrefix("emails") }?.hasSuffix("1h/30d/7d") == true)
    }
}
