import ArgumentParser
import DurableJobs
import Foundation
import JobStore

extension RunsCommand {
    /// `stackshift runs prune`: deletes finished runs now, as retention does in the background.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete finished runs now, with their attempts, steps, logs and timeline.",
            discussion: """
                Without --older-than, deletes the runs past their queue's retention (what workers do every few \
                seconds). With it, deletes runs that finished longer ago than that, whatever the retention. Only \
                completed, failed and canceled runs are ever deleted; idempotency keys stay until they expire. \
                Deletes in batches of 500, one short transaction each, so workers keep going meanwhile; the \
                prune is recorded in the audit trail. --dry-run counts and lists the first runs only.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Delete runs that finished longer ago than this (7d, 12h, 30m).") var olderThan: String?
        @Option(help: "Only runs with this status: completed, failed or canceled (repeatable).") var status:
            [RunStatus] = []
        @Option(help: "Only this queue's runs.") var queue: String?
        @Flag(help: "Count and list the runs that would go, deleting nothing.") var dryRun = false

        func run() async throws {
            try await reportingErrors {
                let age = try DurationOption.seconds(
                    olderThan, option: "--older-than",
                    limits: DurationLimits(minimum: 0, maximum: RetentionPolicy.longest))
                let live = status.filter { !PruneRunsParams.finished.contains($0) }
                guard live.isEmpty else {
                    throw CLIError(
                        "--status \(live.map(\.rawValue).joined(separator: ", ")): only finished runs can be pruned "
                            + "(completed, failed, canceled)")
                }
                let operations = try await database.operations()
                let outcome = try await operations.pruneRuns(
                    olderThan: age, statuses: status.isEmpty ? PruneRunsParams.finished : Set(status), queue: queue,
                    dryRun: dryRun, by: .local(via: .cli))
                let what = age.map { "finished over \(DurationText.format($0)) ago" } ?? "past their retention"
                let runs = "\(outcome.count) run\(outcome.count == 1 ? "" : "s")"
                if outcome.dryRun {
                    for id in outcome.sample { StandardStreams.out(id) }
                    let more = outcome.count > outcome.sample.count ? " (the first \(outcome.sample.count) listed)" : ""
                    StandardStreams.error("\(runs) \(what) would be pruned\(more); nothing was deleted")
                } else {
                    StandardStreams.out("pruned \(runs) \(what)")
                }
            }
        }
    }
}
