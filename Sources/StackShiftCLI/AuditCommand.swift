import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift audit list`: who did what, through which front end, and how it ended.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit trail of operator actions.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Operator actions, newest first: who, through what, the action, its target and outcome.",
            discussion: """
                Every retry, cancel, event sent or deleted, state and lock change, and queue or worker change \
                made through the console, a command or the server is recorded with the change itself; a \
                refused action is recorded with why. The engine's own work is not listed.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(parsing: .unconditional, help: "Only actions this recent, e.g. 1h or 7d (default: all).")
        var since: String?
        @Option(name: .customLong("run"), help: "Only actions on this run.") var runId: String?
        @Option(parsing: .unconditional, help: "The most entries to show.") var limit: Int = 50
        @Flag(help: "Print JSON.") var json = false

        func validate() throws { try ListLimit.validate(limit) }

        func run() async throws {
            try await reportingErrors {
                let window = try DurationOption.duration(since, option: "--since")
                let operations = try await database.operations(readOnly: true)
                let start = window.map { operations.now().addingTimeInterval(-$0.timeInterval) }
                let entries = try await operations.auditTrail(since: start, runId: runId, limit: limit)
                if json { return try StandardStreams.json(entries) }
                var table = TextTable(
                    headers: ["ID", "AT", "ACTOR", "VIA", "ACTION", "TARGET", "OUTCOME", "DETAIL"], rightAligned: [0])
                for entry in entries {
                    table.append([
                        "\(entry.id)", Formatting.timestamp(entry.at), entry.actor, entry.channel, entry.action,
                        Self.cut(entry.target, 60), Self.cut(entry.outcome, 80), Self.cut(entry.detail, 80),
                    ])
                }
                let scope = (since.map { " in the last \($0)" } ?? "") + (runId.map { " on run \($0)" } ?? "")
                StandardStreams.out(entries.isEmpty ? "no operator actions\(scope)" : table.render())
            }
        }

        /// `text` cut to `characters`, ending with `…` when it was cut: one table row per entry.
        static func cut(_ text: String, _ characters: Int) -> String {
            text.count > characters ? text.prefix(characters - 1) + "…" : text
        }
    }
}
