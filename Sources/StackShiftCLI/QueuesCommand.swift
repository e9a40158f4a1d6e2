import ArgumentParser
import Foundation
import JobStore

/// `stackshift queues …`: depth per queue, pause and resume.
struct QueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues", abstract: "Show queues, pause and resume them.",
        subcommands: [List.self, Pause.self, Resume.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each queue's depth by status, running/limit, oldest queued age, paused.")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let store = try await database.openStore(readOnly: true)
                let now = Date()
                let queues = try await store.queueSummaries(
                    QueueSummaryParams(finishedSince: now.addingTimeInterval(-3600)))
                if json { return StandardStreams.out(try Formatting.json(queues)) }
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
}

/// Pauses or resumes an existing queue and says so.
private func setPaused(_ paused: Bool, queue name: String, database: DatabaseOptions) async throws {
    try await reportingErrors {
        let store = try await database.openStore()
        try await requireQueue(name, in: store)
        let queue = try await store.setQueuePaused(SetQueuePausedParams(name: name, paused: paused, now: Date()))
        StandardStreams.out(
            paused ? "queue \(queue.name) is paused; runs keep arriving and wait" : "queue \(queue.name) is active")
    }
}

/// Refuses a queue name the database has never seen, so a typo does not create a phantom queue.
func requireQueue(_ name: String, in store: any JobStore) async throws {
    let known = try await store.queueSummaries(QueueSummaryParams(finishedSince: Date())).map(\.queue.name)
    guard known.contains(name) else {
        throw CLIError(
            "no queue named \(name)" + (known.isEmpty ? "" : " (queues: \(known.joined(separator: ", ")))"))
    }
}
