import Foundation
import JobStore

/// What a demo run left in the database: runs by status and job, events, what the load generator did,
/// the planted faults and any problems, with a plain-text rendering for the CLI.
public struct DemoSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The scenario's name.
    public var scenario: String
    /// The seed.
    public var seed: UInt64
    /// Scenario seconds per real second.
    public var speed: Double
    /// Where the database is, when the CLI said.
    public var databasePath: String?
    /// When the demo started (wall-clock time, as every stored time).
    public var startedAt: Date
    /// When the summary was taken (wall-clock time).
    public var takenAt: Date
    /// Runs by job, then by status.
    public var runsByJob: [String: [RunStatus: Int]]
    /// Events received.
    public var events: Int
    /// Events no run has consumed (near misses among them).
    public var unconsumedEvents: Int
    /// What the load generator did.
    public var load: LoadStats
    /// What was planted, and where.
    public var faults: PlantedFaults
    /// Problems met, oldest first.
    public var problems: [String]

    /// Runs by status, over all jobs.
    public var runsByStatus: [RunStatus: Int] {
        runsByJob.values.reduce(into: [:]) { total, counts in
            for (status, count) in counts { total[status, default: 0] += count }
        }
    }

    /// Every run.
    public var totalRuns: Int { runsByJob.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    /// Runs in one status (of one job, when given).
    public func count(_ status: RunStatus, job: String? = nil) -> Int {
        guard let job else { return runsByStatus[status, default: 0] }
        return runsByJob[job]?[status] ?? 0
    }

    /// A table of runs by job and status, the load, the faults and the problems.
    public var description: String {
        let ran = max(0, takenAt.timeIntervalSince(startedAt))
        var lines = [
            "Demo \"\(scenario)\": seed \(seed), speed ×\(Self.number(speed)), ran \(Self.minutes(ran)) "
                + "(\(Self.minutes(ran * speed)) of demo time)"
        ]
        if let databasePath { lines.append("Database: \(databasePath)") }
        lines.append("")
        let statuses = RunStatus.allCases
        let jobWidth = max(5, runsByJob.keys.map(\.count).max() ?? 0)
        func row(_ name: String, _ cells: [String]) -> String {
            name.padding(toLength: jobWidth, withPad: " ", startingAt: 0) + " "
                + cells.map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
        }
        lines.append(row("job", statuses.map(\.rawValue) + ["total"]))
        for job in runsByJob.keys.sorted() {
            let counts = runsByJob[job] ?? [:]
            lines.append(row(job, statuses.map { "\(counts[$0] ?? 0)" } + ["\(counts.values.reduce(0, +))"]))
        }
        let totals = runsByStatus
        lines.append(row("total", statuses.map { "\(totals[$0] ?? 0)" } + ["\(totalRuns)"]))
        lines.append("")
        lines.append(
            "Load: \(load.started[.signups] ?? 0) sign-ups (\(load.deduplicated) resends deduplicated), "
                + "\(load.started[.payments] ?? 0) payments (\(load.webhooksSent) webhooks), "
                + "\(load.started[.uploads] ?? 0) uploads (\(load.canceled) canceled), "
                + "\(load.started[.searchRebuilds] ?? 0) index rebuilds")
        lines.append("Events: \(events) received, \(unconsumedEvents) not consumed by any run")
        if !faults.isEmpty {
            lines.append("Planted faults:")
            lines += faults.descriptions.map { "  - \($0)" }
        }
        lines.append(problems.isEmpty ? "Problems: none" : "Problems:")
        lines += problems.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }

    /// `1m 40s`: whole minutes and seconds.
    private static func minutes(_ seconds: TimeInterval) -> String {
        let whole = Int(saturating: seconds.rounded())
        return "\(whole / 60)m \(String(format: "%02d", whole % 60))s"
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(saturating: value))" : "\(value)"
    }
}
