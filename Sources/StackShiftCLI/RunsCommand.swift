import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift runs …`: list, inspect, retry and cancel runs.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, inspect, retry and cancel runs.",
        subcommands: [List.self, Show.self, Why.self, Retry.self, Cancel.self, Prune.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filter: RunFilterOptions
        @Option(parsing: .unconditional, help: "The most runs to show.") var limit: Int = 50

        func validate() throws { try ListLimit.validate(limit) }
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let runs = try await database.operations(readOnly: true).runs(filter.query(limit: limit))
                if json { return try StandardStreams.json(runs) }
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
                let operations = try await database.operations(readOnly: true)
                guard let detail = try await operations.run(id) else {
                    // A run retention deleted is an answer, not an error: say so, as JSON too.
                    guard try await operations.wasPruned(id) else { throw JobStoreError.runNotFound(id) }
                    if json { return try StandardStreams.json(PrunedRun(id: id)) }
                    return StandardStreams.out(JobStoreError.runPruned(id).description)
                }
                if json { return try StandardStreams.json(detail) }
                StandardStreams.out(RunDetailText(detail: detail, now: Date()).render())
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
                let diagnosis = try await database.operations(readOnly: true).why(id)
                if json { return try StandardStreams.json(diagnosis) }
                // One line each: a name or key with a line break in it cannot fake a line of the answer.
                var lines = [
                    "\(diagnosis.status.symbol) \(TerminalText.escaped(diagnosis.runId))  \(diagnosis.status.rawValue)",
                    TerminalText.escaped(diagnosis.sentence),
                ]
                lines += diagnosis.evidence.map { "  · \(TerminalText.escaped($0))" }
                if let fix = diagnosis.fix {
                    let command = fix.command.map { ": " + database.suggestedCommand($0) } ?? ""
                    let key = fix.consoleKey.map { " (in the console: \($0))" } ?? ""
                    lines.append("fix: \(TerminalText.escaped(fix.summary))\(command)\(key)")
                }
                StandardStreams.out(lines.joined(separator: "\n"))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-queue failed or canceled runs, keeping their completed steps.",
            discussion: """
                Name runs by id, or pass --all to retry every failed or canceled run the filter options match \
                (newest first, at most 10,000), as the console's bulk retry does. --dry-run lists them only.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var selection: BulkSelectionOptions
        @Flag(help: "Forget completed steps and start over clean.") var fresh = false
        @Option(help: "Forget this step and every step after it; keep the ones before.") var fromStep: String?

        func validate() throws {
            if fresh && fromStep != nil { throw ValidationError("--fresh and --from-step cannot be used together") }
        }

        func run() async throws {
            try await reportingErrors {
                let start: Operations.RetryStart =
                    if let fromStep { .fromStep(fromStep) } else { fresh ? .fresh : .keepingCompletedSteps }
                try await selection.retry(database: database, from: start) { run in
                    let kept =
                        switch start {
                        case .fresh: "starting over clean"
                        case .fromStep(let step): "from step \(step)"
                        case .keepingCompletedSteps: "completed steps kept"
                        }
                    return "run \(run.id) is queued again (try \(TimelineText.tries(run)), \(kept))"
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel runs: at once when not running, at their next step boundary when running.",
            discussion: """
                Name runs by id, or pass --all to cancel every scheduled, queued, running or waiting run the \
                filter options match (newest first, at most 10,000), as the console's bulk cancel does. \
                --dry-run lists them only.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var selection: BulkSelectionOptions
        @Option(help: "Why the runs are canceled; the timeline records it with who canceled them.") var reason: String?

        func run() async throws {
            try await reportingErrors {
                try await selection.cancel(database: database, reason: reason) { changed in
                    switch changed {
                    case .canceled(let run): "run \(run.id) is canceled"
                    case .cancelRequested(let run): "run \(run.id) is running; it stops at its next step boundary"
                    }
                }
            }
        }
    }
}

/// What `runs show --json` prints for a run retention deleted.
struct PrunedRun: Encodable {
    let id: RunID
    let pruned = true
    let status = "pruned"
}
