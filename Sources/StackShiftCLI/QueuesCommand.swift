import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift queues …`: depth per queue, pause and resume.
struct QueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues", abstract: "Show queues, pause, resume and limit them.",
        subcommands: [List.self, Pause.self, Resume.self, Limit.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each queue's depth by status, running/limit, oldest queued age, paused.")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let now = Date()
                let queues = try await database.operations(readOnly: true).queues()
                if json { return try StandardStreams.json(queues) }
                var table = TextTable(
                    headers: [
                        "QUEUE", "QUEUED", "SCHEDULED", "RUNNING", "WAITING", "FAILED 1H", "DONE 1H", "OLDEST", "STATE",
                    ],
                    rightAligned: [1, 2, 3, 4, 5, 6, 7])
                for summary in queues {
                    let limit = summary.queue.concurrencyLimit.map(String.init) ?? "∞"
                    table.append([
                        summary.queue.name, "\(summary.count(.queued))", "\(summary.count(.scheduled))",
                        "\(summary.count(.running))/\(limit)", "\(summary.count(.waiting))",
                        "\(summary.count(.failed))", "\(summary.count(.completed))",
                        summary.oldestQueuedAt.map { Formatting.duration(now.timeIntervalSince($0)) } ?? "-",
                        summary.queue.paused ? "paused" : "active",
                    ])
                }
                StandardStreams.out(queues.isEmpty ? "no queues yet" : table.render())
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop workers claiming a queue's runs.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The queue name.") var name: String

        func run() async throws {
            try await setPaused(true, queue: name, database: database)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let workers claim a queue's runs again.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The queue name.") var name: String

        func run() async throws {
            try await setPaused(false, queue: name, database: database)
        }
    }

    struct Limit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set how many of a queue's runs may run at once across all workers.",
            discussion: "The queue's default retry policy is kept.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The queue name.") var name: String
        @Argument(help: "The most runs at once (1 to 100000), or 'none' for no limit.") var limit: String

        func run() async throws {
            try await reportingErrors {
                let operations = try await database.operations()
                let concurrency: Int?
                switch limit.lowercased() {
                case "none", "unlimited": concurrency = nil
                default:
                    guard let value = Int(limit), (1...100_000).contains(value) else {
                        throw CLIError("the limit \(limit) is not a number from 1 to 100000, or none")
                    }
                    concurrency = value
                }
                guard let current = try await operations.queues().first(where: { $0.queue.name == name }) else {
                    throw CLIError("no queue named \(name)")
                }
                let queue = try await operations.configureQueue(
                    name, concurrencyLimit: concurrency, retryPolicy: current.queue.retryPolicy, by: .local(via: .cli))
                StandardStreams.out(
                    "queue \(queue.name) runs "
                        + (queue.concurrencyLimit.map { "at most \($0) at once" } ?? "without a limit"))
            }
        }
    }
}

/// Pauses or resumes an existing queue and says so.
private func setPaused(_ paused: Bool, queue name: String, database: DatabaseOptions) async throws {
    try await reportingErrors {
        let operations = try await database.operations()
        let queue =
            paused
            ? try await operations.pauseQueue(name, by: .local(via: .cli))
            : try await operations.resumeQueue(name, by: .local(via: .cli))
        StandardStreams.out(
            paused ? "queue \(queue.name) is paused; runs keep arriving and wait" : "queue \(queue.name) is active")
    }
}
