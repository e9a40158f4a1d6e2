import ArgumentParser
import DurableJobs
import Foundation
import JobStore

/// `stackshift status`: the headline numbers and what needs attention, for a person or a cron alert. Exits 1
/// when anything needs attention, 0 when nothing does.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the system's health: headline numbers and what needs attention.",
        discussion: """
            Lists, most urgent first: failure causes of the last hour, orphaned locks, runs on expired leases, \
            paused queues with runs waiting, waits with a near-miss event, queues falling behind (oldest \
            queued run waiting 5m or more), silent workers and waits of an hour or more. Exits 1 when anything \
            needs attention and 0 when nothing does, so it can drive an alert or a CI check.
            """)
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        var at: Date
        var headline: Headline
        var attention: [AttentionItem]
    }

    /// Runs by state now, and finished in the last hour, across every queue; live and silent workers.
    struct Headline: Encodable {
        var queued = 0
        var scheduled = 0
        var running = 0
        var waiting = 0
        var completedLastHour = 0
        var failedLastHour = 0
        var liveWorkers = 0
        var silentWorkers = 0
    }

    func run() async throws {
        var needsAttention = false
        try await reportingErrors {
            let operations = try await database.operations(readOnly: true)
            let now = operations.now()
            var headline = Headline()
            for summary in try await operations.queues(finishedSince: now.addingTimeInterval(-3600)) {
                headline.queued += summary.count(.queued)
                headline.scheduled += summary.count(.scheduled)
                headline.running += summary.count(.running)
                headline.waiting += summary.count(.waiting)
                headline.completedLastHour += summary.count(.completed)
                headline.failedLastHour += summary.count(.failed)
            }
            let workers = try await operations.workers()
            headline.silentWorkers = workers.silent.count
            headline.liveWorkers = workers.workers.count - workers.silent.count
            let attention = try await operations.attention()
            needsAttention = !attention.isEmpty
            if json { return try StandardStreams.json(Report(at: now, headline: headline, attention: attention)) }
            StandardStreams.out(Self.text(headline, attention))
        }
        if needsAttention { throw ExitCode.failure }
    }

    /// The report for a person: the numbers on one line, then each item on its own.
    static func text(_ headline: Headline, _ attention: [AttentionItem]) -> String {
        var lines = [
            "\(headline.queued) queued · \(headline.scheduled) scheduled · \(headline.running) running · "
                + "\(headline.waiting) waiting · last hour: \(headline.completedLastHour) completed, "
                + "\(headline.failedLastHour) failed · \(headline.liveWorkers) live worker"
                + (headline.liveWorkers == 1 ? "" : "s")
                + (headline.silentWorkers > 0 ? ", \(headline.silentWorkers) silent" : "")
        ]
        if attention.isEmpty {
            lines.append("Nothing needs attention.")
        } else {
            lines.append("Needs attention (\(attention.count)):")
            var table = TextTable(headers: ["KIND", "WHAT"])
            for item in attention { table.append([label(item.kind), item.summary]) }
            lines.append(table.render())
        }
        return lines.joined(separator: "\n")
    }

    /// `orphaned lock`: the kind in words.
    static func label(_ kind: AttentionItem.Kind) -> String {
        switch kind {
        case .failures: "failures"
        case .orphanedLock: "orphaned lock"
        case .expiredLease: "expired lease"
        case .pausedQueue: "paused queue"
        case .nearMissWait: "near-miss wait"
        case .queueBehind: "queue behind"
        case .silentWorker: "silent worker"
        case .longWait: "long wait"
        }
    }
}
