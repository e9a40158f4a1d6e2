import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift workers list`: the registered workers, their load and how recently each was heard from.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers", abstract: "Show the registered workers, and forget silent ones.",
        subcommands: [List.self, Forget.self])

    /// One worker as listed: its record, the running runs it holds, and whether it has gone silent.
    struct Listing: Encodable {
        var worker: WorkerRecord
        var runsInHand: Int
        var silent: Bool
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each worker's host, pid, queues, runs in hand, last heartbeat, and whether it went silent.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let activity = try await database.operations(readOnly: true).workers()
                let now = Date()
                let listings = activity.workers.map { worker in
                    Listing(
                        worker: worker, runsInHand: activity.runsInHand[worker.id] ?? 0,
                        silent: activity.silent.contains(worker.id))
                }
                if json { return try StandardStreams.json(listings) }
                var table = TextTable(
                    headers: ["ID", "HOST", "PID", "QUEUES", "RUNNING", "HEARTBEAT", "STATE"], rightAligned: [2, 4])
                for listing in listings {
                    let worker = listing.worker
                    table.append([
                        worker.id, worker.host, "\(worker.pid)", worker.queues.joined(separator: ","),
                        "\(listing.runsInHand)/\(worker.concurrency)",
                        Formatting.duration(now.timeIntervalSince(worker.heartbeatAt)) + " ago",
                        listing.silent ? "silent" : "live",
                    ])
                }
                StandardStreams.out(listings.isEmpty ? "no workers registered" : table.render())
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a worker that has gone silent from the list; a live worker is refused.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The worker id (see workers list).") var id: String

        func run() async throws {
            try await reportingErrors {
                try await database.operations().forgetWorker(id, by: .local(via: .cli))
                StandardStreams.out("forgot worker \(id)")
            }
        }
    }
}
