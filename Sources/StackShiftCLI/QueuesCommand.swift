import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift queues …`: depth per queue, pause and resume.
struct QueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues", abstract: "Show queues, pause, resume and limit them.",
        subcommands: [List.self, Pause.self, Resume.self, Limit.self, Retain.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each queue's depth by status, running/limit, oldest queued age, paused, retention.",
            discussion: """
                RETAIN is how long finished runs are kept, completed/failed/canceled; * marks a queue's own \
                policy, the others follow the store's (`stackshift queues retain`).
                """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let now = Date()
                let operations = try await database.operations(readOnly: true)
                let queues = try await operations.queues()
                if json { return try StandardStreams.json(queues) }
                let storePolicy = try await operations.retention().policy
                var table = TextTable(
                    headers: [
                        "QUEUE", "QUEUED", "SCHEDULED", "RUNNING", "WAITING", "FAILED 1H", "DONE 1H", "OLDEST", "STATE",
                        "RETAIN",
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
                        summary.queue.retention.map { $0.compact + " *" } ?? storePolicy.compact,
                    ])
                }
                StandardStreams.out(queues.isEmpty ? "no queues yet" : table.render())
            }
        }
    }

    struct Retain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set how long finished runs are kept, for one queue or for every queue without its own.",
            discussion: """
                Workers delete finished runs older than this, with their attempts, steps and logs. Periods not \
                given keep their current value. Without a queue, sets the store's policy (standard: completed \
                7d, failed 30d, canceled 7d); --clear returns a queue to the store's policy, or the store to \
                the standard one.
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The queue; leave out to set the policy of every queue without its own.") var name: String?
        @Option(help: "How long completed runs are kept (7d, 12h).") var completed: String?
        @Option(help: "How long failed runs are kept.") var failed: String?
        @Option(help: "How long canceled runs are kept.") var canceled: String?
        @Flag(help: "Forget the policy set here.") var clear = false

        func validate() throws {
            let periods = [completed, failed, canceled].compactMap { $0 }
            if clear && !periods.isEmpty { throw ValidationError("--clear sets no periods; give one or the other") }
            if !clear && periods.isEmpty {
                throw ValidationError("give --completed, --failed or --canceled, or --clear")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let limits = DurationLimits(minimum: RetentionPolicy.shortest, maximum: RetentionPolicy.longest)
                let completed = try DurationOption.seconds(completed, option: "--completed", limits: limits)
                let failed = try DurationOption.seconds(failed, option: "--failed", limits: limits)
                let canceled = try DurationOption.seconds(canceled, option: "--canceled", limits: limits)
                let operations = try await database.operations()
                var policy: RetentionPolicy?
                if !clear {
                    let settings = try await operations.retention()
                    var current = settings.policy
                    if let name,
                        let own = try await operations.queues().first(where: { $0.queue.name == name })?
                            .queue.retention
                    {
                        current = own
                    }
                    policy = RetentionPolicy(
                        completed: completed ?? current.completed, failed: failed ?? current.failed,
                        canceled: canceled ?? current.canceled)
                }
                let settings = try await operations.setRetention(queue: name, policy, by: .local(via: .cli))
                let subject = name.map { "queue \($0)" } ?? "queues without their own policy"
                if let policy {
                    StandardStreams.out("\(subject) keep finished runs: \(policy.spelledOut)")
                } else {
                    let source = name == nil ? "the standard" : "the store's"
                    StandardStreams.out(
                        "\(subject) follow \(source) policy: \(settings.policy.spelledOut)")
                }
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
