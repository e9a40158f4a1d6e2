import Foundation

extension SoakBenchmark {
    /// The last minute's throughput must be at least this share of the first minute's.
    static let throughputShare = 0.8
    /// The last minute's p99 may be at most this multiple of the first minute's.
    static let latencyGrowth = 1.2
    /// The last minute's database may be at most this multiple of minute 2's (see ``rows(for:on:settings:)``).
    static let sizeGrowth = 1.25
    /// The last minute's resident memory may be at most this multiple of the first minute's.
    static let memoryGrowth = 1.2

    /// The report's rows for one database's soak.
    ///
    /// Minute 1 starts after the warm-up (``Settings/warmUp``), when retention has begun deleting, so every
    /// comparison is between minutes carrying the same work. "Levels off" still compares the last minute's
    /// database with minute 2's: by then the file holds its steady 60–70 s of runs whatever the warm-up's
    /// timing was. Without retention the size would grow with
    /// time, reaching (N / 2) × minute 2's after N minutes: 1.5× at 3 minutes, 5× at 10. The bound of 1.25×
    /// leaves room for the row count swinging between passes (60 to 70 s of runs, about 15%) and for SQLite's
    /// WAL and free pages, yet catches such growth from 3 minutes on. Memory is "flat" when the last minute's
    /// RSS is within 20% of the first's: the caches are warm after a minute, and anything kept per run
    /// (the ledger drops each run as it ends) would grow with the runs started.
    static func rows(for outcome: Outcome, on database: SoakDatabase, settings: Settings) -> [Measurement] {
        guard let first = outcome.minutes.first, let last = outcome.minutes.last else { return [] }
        let reference = outcome.minutes[min(1, outcome.minutes.count - 1)]
        let driver = database.driver
        let lastName = "minute \(last.index)"
        func row(
            _ name: String, _ value: Double, _ unit: String, target: String? = nil, meets: Bool? = nil,
            detail: String? = nil
        ) -> Measurement {
            Measurement(
                group: group, name: "\(driver) \(name)", value: value, unit: unit, target: target,
                meetsTarget: meets, detail: detail)
        }
        let scheduled = outcome.started + outcome.heldBack
        let madeShare = scheduled > 0 ? Double(outcome.started) / Double(scheduled) : 1
        var rows = [
            row(
                "peak, starting and running", outcome.peak, "runs/s",
                detail: "\(settings.peakRuns) runs started by 16 tasks while the worker runs them, concurrency "
                    + "\(settings.concurrency), first claim → last completion"),
            row(
                "load started", madeShare * 100, "%", target: "≥ 99% of the schedule", meets: madeShare >= 0.99,
                detail: "\(outcome.started) of \(scheduled) runs at \(Measurement.format(outcome.rate)) runs/s "
                    + "(half the peak) in \(Measurement.format(SoakGenerator.tick.milliseconds)) ms ticks; a start is held back "
                    + "when 1 s behind or 5 s of runs are unfinished"),
            row("throughput, minute 1", first.runsPerSecond, "runs/s", detail: "runs completed in the minute"),
            row(
                "throughput, \(lastName)", last.runsPerSecond, "runs/s",
                target: "≥ \(percent(throughputShare)) of minute 1",
                meets: last.runsPerSecond >= throughputShare * first.runsPerSecond),
            row(
                "start→end p99, minute 1", first.tally.p99, "ms",
                detail: "p50 \(Measurement.format(first.tally.p50)) ms; from just before start until the "
                    + "handler returned" + first.machineDetail),
            row(
                "start→end p99, \(lastName)", last.tally.p99, "ms",
                target: "≤ \(percent(latencyGrowth)) of minute 1",
                meets: last.tally.p99 <= latencyGrowth * first.tally.p99,
                detail: "p50 \(Measurement.format(last.tally.p50)) ms" + last.machineDetail),
        ]
        if first.databaseBytes != nil, last.databaseBytes != nil {
            rows.append(
                row("database size, minute 1", first.databaseMB, "MB", detail: database.sizeDescription))
            if reference.index != first.index, reference.index != last.index {
                rows.append(
                    row(
                        "database size, minute \(reference.index)", reference.databaseMB, "MB",
                        detail: "retention deleting: the steady size"))
            }
            rows.append(
                row(
                    "database size, \(lastName)", last.databaseMB, "MB",
                    target: "≤ \(percent(sizeGrowth)) of minute \(reference.index)",
                    meets: last.databaseMB <= sizeGrowth * reference.databaseMB,
                    detail: last.index < 3 ? "too short to tell: levelling off shows from minute 3" : nil))
        }
        rows.append(
            row(
                "runs in the database, \(lastName)", Double(last.runsInDatabase), "runs",
                detail: "\(outcome.started) started, \(outcome.pruned) deleted by retention "
                    + "(\(Measurement.format(settings.retention)) s)"))
        rows.append(row("RSS, minute 1", first.residentMB, "MB", detail: "VmRSS of this process, workers included"))
        rows.append(
            row(
                "RSS, \(lastName)", last.residentMB, "MB", target: "≤ \(percent(memoryGrowth)) of minute 1",
                meets: last.residentMB <= memoryGrowth * first.residentMB))
        return rows
    }

    private static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
}
