import ArgumentParser
import Console
import DurableJobs
import Foundation
import JobStore

/// `stackshift failures list`: what is failing, grouped by cause, as the console's Failures view shows it.
struct FailuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures", abstract: "Show what is failing, grouped by cause.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Failed and crashed attempts of a time window, grouped by job, step, error type and message.",
            discussion: """
                Messages are compared with their ids, numbers, hex, UUIDs and quoted values replaced, so one \
                outage failing many runs is one group. Attempts recorded before the database was upgraded to \
                failure signatures are not grouped.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "How far back to look, e.g. 1h or 7d (default: 24h).") var since = "24h"
        @Option(parsing: .unconditional, help: "The most groups to show.") var limit: Int = 50
        @Flag(help: "Print JSON.") var json = false

        func validate() throws { try ListLimit.validate(limit) }

        func run() async throws {
            try await reportingErrors {
                let window = try DurationOption.duration(since, option: "--since") ?? .seconds(86_400)
                let groups = try await database.operations(readOnly: true).failureGroups(
                    window: window, limit: min(limit, 1000))
                if json { return try StandardStreams.json(groups) }
                let now = Date()
                var table = TextTable(
                    headers: ["FAILURES", "RUNS", "FIRST", "LAST", "TREND", "SIGNATURE", "EXAMPLE"],
                    rightAligned: [0, 1, 2, 3])
                for group in groups {
                    table.append([
                        "\(group.failures)", "\(group.runs)",
                        Formatting.duration(now.timeIntervalSince(group.firstSeen)) + " ago",
                        Formatting.duration(now.timeIntervalSince(group.lastSeen)) + " ago",
                        Sparkline.line(group.trend(slices: 24)).plainText, group.signature,
                        String(group.example.message.prefix(80)),
                    ])
                }
                StandardStreams.out(groups.isEmpty ? "no failures in the last \(since)" : table.render())
            }
        }
    }
}
