import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift schedules list`: recurring schedules and their next fire times.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Show recurring schedules.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each schedule's cron, next fire and last run.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let schedules = try await database.operations(readOnly: true).schedules()
                if json { return try StandardStreams.json(schedules) }
                let now = Date()
                var table = TextTable(headers: [
                    "NAME", "CRON", "TIME ZONE", "JOB", "QUEUE", "NEXT FIRE", "IN", "LAST RUN",
                ])
                for schedule in schedules {
                    table.append([
                        schedule.name, schedule.cron, schedule.timeZone, schedule.job, schedule.queue,
                        Formatting.timestamp(schedule.nextFireAt),
                        Formatting.duration(schedule.nextFireAt.timeIntervalSince(now)), schedule.lastRunId ?? "-",
                    ])
                }
                StandardStreams.out(schedules.isEmpty ? "no schedules" : table.render())
            }
        }
    }
}
