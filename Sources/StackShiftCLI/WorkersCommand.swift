import ArgumentParser
import Console
import Foundation
import JobStore

/// `stackshift workers list`: the registered workers, their load and how recently each was heard from.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers", abstract: "Show the registered workers.", subcommands: [List.self])

    /// One worker as listed: its record, the running runs it holds, and whether it has gone silent.
    struct Listing: Encodable {
        var worker: WorkerRecord
        var runsInHand: Int
        var stale: Bool
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each worker's host, pid, queues, runs in hand and last heartbeat; silent ones marked stale.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let activity = try await WorkerActivity.load(from: try await database.openStore(readOnly: true))
                let now = Date()
                let listings = activity.workers.map { worker in
                    Listing(
                        worker: worker, runsInHand: activity.runsInHand[worker.id] ?? 0,
                        stale: now.timeIntervalSince(worker.heartbeatAt) > ConsoleState.workerStaleSeconds)
                }
                if json { return StandardStreams.out(try Formatting.json(listings)) }
                var table = TextTable(
                    headers: ["ID", "HOST", "PID", "QUEUES", "RUNNING", "HEARTBEAT", "STATE"], rightAligned: [2, 4])
                for listing in listings {
                    let worker = listing.worker
                    table.append([
                        worker.id, worker.host, "\(worker.pid)", worker.queues.joined(separator: ","),
                        "\(listing.runsInHand)/\(worker.concurrency)",
                        Formatting.duration(now.timeIntervalSince(worker.heartbeatAt)) + " ago",
                        listing.stale ? "stale" : "live",
                    ])
                }
                StandardStreams.out(listings.isEmpty ? "no workers registered" : table.render())
            }
        }
    }
}
