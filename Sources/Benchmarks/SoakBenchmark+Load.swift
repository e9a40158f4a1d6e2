import DurableJobs
import Foundation
import JobStore

extension SoakBenchmark {
    /// The peak throughput on `database`, in runs per (wall-clock) second, of the load the soak applies:
    /// `settings.peakRuns` runs started as fast as 16 tasks can while one worker runs them; the time is from
    /// the first claim to the last completion in the runs' timelines, which also prove that each run
    /// completed exactly once.
    ///
    /// The starts run beside the worker, as in the soak: a drain of runs queued beforehand leaves out the
    /// starts' share of the two cores, and half of that is more than half of what the machine sustains.
    static func measurePeak(on database: SoakDatabase, settings: Settings) async throws -> Double {
        try await using(database) { store in
            try await EngineBenchmark.withEngine(
                store: store, clock: settings.clock, concurrency: settings.concurrency,
                options: settings.workerOptions
            ) { client in
                let runs = settings.peakRuns
                _ = try await BenchmarkJobs.enqueue(on: client, runs: runs)
                try await waitUntilCompleted(runs, store: store)
                let ledger = try await CompletionLedger.read(from: store)
                try ledger.verify(runs: runs)
                guard let window = ledger.window else { throw BenchmarkFailure("the peak runs' timelines are empty") }
                // Stored times are the engine clock's, to the millisecond: divided by its rate to get real
                // seconds, never less than 1 ms.
                let seconds = max(window.end.timeIntervalSince(window.start) / settings.clock.rate, 0.001)
                return Double(runs) / seconds
            }
        }
    }

    /// Waits until `runs` runs completed, reading the counts every 50 ms (the timelines, not this wait, time
    /// the drain); fails at once if one failed, or after a deadline.
    private static func waitUntilCompleted(_ runs: Int, store: any JobStore) async throws {
        let deadline = ContinuousClock.now + .seconds(60) + .milliseconds(100) * runs
        while true {
            let counts = try await store.countRuns(RunCountParams())
            let failed = counts.total(.failed)
            guard failed == 0 else { throw BenchmarkFailure("\(failed) runs failed while the peak was measured") }
            let completed = counts.total(.completed)
            if completed >= runs { return }
            guard ContinuousClock.now < deadline else {
                throw BenchmarkFailure("only \(completed) of \(runs) runs completed while the peak was measured")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// What the steady load found on one database.
    struct Load: Sendable {
        var minutes: [SoakMinute]
        var started: Int
        var heldBack: Int
        var pruned: Int64
    }

    /// Starts runs at `rate` on `database`, whose retention keeps finished runs `settings.retention` seconds,
    /// for `settings.minutes` minutes, taking each minute's numbers as it ends.
    ///
    /// - Throws: ``BenchmarkFailure`` when a start fails or a run failed.
    static func soak(
        on database: SoakDatabase, rate: Double, settings: Settings, progress: @Sendable (String) -> Void
    ) async throws -> Load {
        let ledger = SoakLedger()
        return try await using(database) { store in
            try await EngineBenchmark.withEngine(
                store: store, clock: settings.clock, concurrency: settings.concurrency,
                options: settings.workerOptions, ended: { ledger.ended($0) }
            ) { client in
                try await client.configure(retention: RetentionPolicy(all: settings.retention))
                let generator = Task { await SoakGenerator(client: client, ledger: ledger, rate: rate).run() }
                let minutes: [SoakMinute]
                do {
                    minutes = try await everyMinute(
                        of: database, store: store, ledger: ledger, settings: settings, progress: progress)
                } catch {
                    generator.cancel()
                    await generator.value
                    throw error
                }
                generator.cancel()
                await generator.value
                let failed = minutes.map(\.failedRuns).max() ?? 0
                guard failed == 0 else {
                    throw BenchmarkFailure("up to \(failed) failed runs were in the database during the soak")
                }
                let totals = ledger.totals
                let pruned = try await store.retentionSettings().history.runs
                return Load(minutes: minutes, started: totals.started, heldBack: totals.heldBack, pruned: pruned)
            }
        }
    }

    /// Sleeps through the warm-up, then to the end of each minute (counted from the warm-up's end, so slow
    /// reads do not shift the schedule), and reads what each did; the warm-up is printed as minute 0.
    private static func everyMinute(
        of database: SoakDatabase, store: any JobStore, ledger: SoakLedger, settings: Settings,
        progress: @Sendable (String) -> Void
    ) async throws -> [SoakMinute] {
        let warmUpStart = Reading.now()
        try await Task.sleep(until: warmUpStart.instant + settings.warmUp)
        let warmUpEnd = Reading.now()
        let warmUp = try await measureMinute(
            0, from: warmUpStart, to: warmUpEnd, of: database, store: store, ledger: ledger)
        progress(warmUp.line(driver: database.driver) + " (warm-up until retention's first pass; not measured)")
        let began = warmUpEnd.instant
        var previous = warmUpEnd
        var minutes: [SoakMinute] = []
        for index in 1...settings.minutes {
            try await Task.sleep(until: began + settings.minute * index)
            let now = Reading.now()
            let minute = try await measureMinute(
                index, from: previous, to: now, of: database, store: store, ledger: ledger)
            progress(minute.line(driver: database.driver))
            minutes.append(minute)
            previous = now
        }
        return minutes
    }

    /// A moment of the soak: the clock and the machine's CPU counts, read together.
    private struct Reading {
        var instant: ContinuousClock.Instant
        /// nil without `/proc`.
        var cpu: MachineCPUTime?

        static func now() -> Reading { Reading(instant: .now, cpu: MachineCPUTime.now()) }

        /// How the machine's CPU time was spent from this moment to `later`; nil when either count is unknown.
        func machine(until later: Reading) -> MachineCPUTime.Share? {
            guard let cpu, let end = later.cpu else { return nil }
            return cpu.share(until: end)
        }
    }

    /// What the load did from `start` to `end` (now): the ledger's tally, the database, this process, and how
    /// the machine's CPU time was spent in between.
    private static func measureMinute(
        _ index: Int, from start: Reading, to end: Reading, of database: SoakDatabase, store: any JobStore,
        ledger: SoakLedger
    ) async throws -> SoakMinute {
        let tally = ledger.takeTally()
        if let failure = ledger.failure { throw BenchmarkFailure("the soak's load stopped: \(failure)") }
        let counts = try await store.countRuns(RunCountParams())
        return SoakMinute(
            index: index, seconds: (end.instant - start.instant).seconds, tally: tally,
            databaseBytes: await database.size(), runsInDatabase: counts.reduce(0) { $0 + $1.count },
            failedRuns: counts.total(.failed), resident: ProcessMemory.resident(),
            machine: start.machine(until: end))
    }
}
