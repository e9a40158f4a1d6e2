import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift runs …`: list, inspect, retry and cancel runs.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, inspect, retry and cancel runs.",
        subcommands: [List.self, Show.self, Why.self, Retry.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

        @OptionGroup var database: DatabaseOptions
        @Option(
            help:
                "Only runs with this status (repeatable): scheduled, queued, running, waiting, completed, failed, canceled."
        )
        var status: [RunStatus] = []
        @Option(help: "Only runs of this job.") var job: String?
        @Option(help: "Only runs on this queue.") var queue: String?
        @Option(help: "Only runs whose id, job, idempotency key or error contains this text.") var search: String?
        @Option(help: "The most runs to show.") var limit: Int = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let store = try await database.openStore(readOnly: true)
                let runs = try await store.listRuns(
                    RunQuery(
                        statuses: Set(status), job: job, queue: queue, text: search, limit: max(1, limit)))
                if json { return StandardStreams.out(try Formatting.json(runs)) }
                let now = Date()
                var table = TextTable(headers: ["ID", "JOB", "QUEUE", "STATUS", "TRY", "AGE", "DETAIL"])
                for run in runs {
                    table.append([
                        run.id, run.job, run.queue, "\(run.status.symbol) \(run.status.rawValue)",
                        TimelineText.tries(run), Formatting.duration(now.timeIntervalSince(run.createdAt)),
                        Formatting.activity(of: run, now: now),
                    ])
                }
                StandardStreams.out(runs.isEmpty ? "no runs match" : table.render())
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one run: overview, payload, result, error, attempts, steps, timeline and logs.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The run id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let store = try await database.openStore(readOnly: true)
                guard let detail = try await store.runDetail(RunDetailParams(runId: id)) else {
                    throw JobStoreError.runNotFound(id)
                }
                StandardStreams.out(
                    json ? try Formatting.json(detail) : RunDetailText(detail: detail, now: Date()).render())
            }
        }
    }

    struct Why: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain why a run is not moving: one sentence, the evidence, and the fix.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The run id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let diagnosis = try await StackShift(store: try await database.openStore(readOnly: true)).why(id)
                if json { return StandardStreams.out(try Formatting.json(diagnosis)) }
                var lines = [
                    "\(diagnosis.status.symbol) \(diagnosis.runId)  \(diagnosis.status.rawValue)", diagnosis.sentence,
                ]
                lines += diagnosis.evidence.map { "  · \($0)" }
                if let fix = diagnosis.fix { lines.append("fix: \(fix)") }
                StandardStreams.out(lines.joined(separator: "\n"))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-queue a failed or canceled run, keeping its completed steps.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The run id.") var id: String
        @Flag(help: "Forget completed steps and start over clean.") var fresh = false

        func run() async throws {
            try await reportingErrors {
                let store = try await database.openStore()
                let run = try await store.retryRun(RetryRunParams(runId: id, fresh: fresh, now: Date()))
                StandardStreams.out(
                    "run \(run.id) is queued again (try \(TimelineText.tries(run))"
                        + (fresh ? ", starting over clean)" : ", completed steps kept)"))
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a run: at once when not running, at its next step boundary when running.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The run id.") var id: String

        func run() async throws {
            try await reportingErrors {
                let store = try await database.openStore()
                switch try await store.cancelRun(
                    CancelRunParams(runId: id, reason: "stackshift runs cancel", now: Date()))
                {
                case .canceled(let run):
                    StandardStreams.out("run \(run.id) is canceled")
                case .cancelRequested(let run):
                    StandardStreams.out("run \(run.id) is running; it stops at its next step boundary")
                }
            }
        }
    }
}

extension RunStatus: ExpressibleByArgument {}
