import DurableJobs
import Foundation
import JobStore

/// The soak benchmark (issue 20): the database stays bounded and fast under continuous load while retention
/// deletes finished runs.
///
/// On each database it first measures the peak of the same load: ``Options/peakRuns`` runs of
/// ``BenchmarkJobs/threeSteps`` are started as fast as they go on a throwaway database while its worker runs
/// them, and the peak is the runs over the time from the first claim to the last completion (from the runs'
/// timelines, as ``PostgresBenchmark`` reads them). Then, on a fresh database whose retention keeps finished
/// runs one minute, a generator starts runs at half that peak; after a warm-up until retention's first pass (``Settings/warmUp``, printed but not
/// measured) it runs ``Options/minutes`` minutes more (see ``SoakGenerator``), and each minute reports
/// the runs completed, their start→end latency, the database's size, the runs in it, and this process's
/// resident memory. The workers run in this process, so its memory is theirs. Databases are removed after.
public enum SoakBenchmark {
    /// The group every soak measurement belongs to.
    public static let group = "soak"
    /// The soak lengths allowed, in minutes: up to a day.
    public static let allowedMinutes = 1...1440

    /// How long the soak runs and how hard.
    public struct Options: Sendable {
        /// Minutes of steady load on each database.
        public var minutes: Int
        /// Runs started to measure the peak: enough to take several seconds, so one fast or slow moment of a
        /// shared machine does not set the soak's rate (3,000 took 2–3 s here and gave peaks 30% apart).
        public var peakRuns: Int
        /// The worker's concurrency, for the peak and the soak alike.
        public var concurrency: Int

        /// Creates options; the defaults are what `stackshift bench --only soak` runs.
        public init(minutes: Int = 10, peakRuns: Int = 10_000, concurrency: Int = 64) {
            self.minutes = minutes
            self.peakRuns = peakRuns
            self.concurrency = concurrency
        }
    }

    /// Soaks a SQLite file in `directory`, and a schema of its own on the server at `postgresURL` when one is
    /// given; progress lines say each minute's numbers as it ends.
    ///
    /// - Returns: Per database: the peak, the load, first and last minute's throughput and p99, the database's
    ///   size, the runs in it and the resident memory, against their targets; and why PostgreSQL was skipped
    ///   (no server given, or unreachable).
    /// - Throws: ``BenchmarkFailure`` when the options are out of range, a run fails or a start fails.
    public static func run(
        directory: URL, postgresURL: String?, options: Options = .init(), progress: @Sendable (String) -> Void
    ) async throws -> (measurements: [Measurement], skipped: [String]) {
        guard allowedMinutes.contains(options.minutes), options.peakRuns > 0, options.concurrency > 0 else {
            throw BenchmarkFailure(
                "the soak needs 1 to 1440 minutes and a positive number of peak runs and concurrency, not "
                    + "\(options.minutes) minutes, \(options.peakRuns) runs, concurrency \(options.concurrency)")
        }
        let settings = Settings(minutes: options.minutes, peakRuns: options.peakRuns, concurrency: options.concurrency)
        var measurements = try await measure(settings: settings, progress: progress) { label in
            .sqlite(in: directory, label: label)
        }.measurements
        var skipped: [String] = []
        if let postgresURL, !postgresURL.isEmpty {
            do {
                measurements += try await measure(settings: settings, progress: progress) { _ in
                    .postgres(url: postgresURL)
                }.measurements
            } catch let error as PostgresBenchmarkError where error.serverUnreachable {
                skipped.append("soak on postgres: \(error)")
            }
        } else {
            skipped.append("soak on postgres: no server given (pass --postgres URL or set STACKSHIFT_POSTGRES_URL)")
        }
        return (measurements, skipped)
    }

    /// The soak's shape; tests shorten the minute and the retention, and pass a faster clock.
    struct Settings: Sendable {
        /// Minutes measured.
        var minutes: Int
        /// How long a "minute" lasts (wall clock).
        var minute: Duration = .seconds(60)
        /// How long finished runs are kept, in seconds of `clock`.
        var retention: TimeInterval = 60
        /// Runs started to measure the peak.
        var peakRuns: Int
        /// The worker's concurrency.
        var concurrency: Int
        /// The engine's clock: a test's runs faster, so retention passes (every 10 s of it) come sooner.
        var clock: any JobClock = SystemClock()
        /// The worker's leases, in `clock` time: a test with a faster clock lengthens them, or a loaded
        /// machine's late heartbeat would count as a crash.
        var leaseDuration: Duration = .seconds(30)

        /// The worker's options: leases of ``leaseDuration``, with heartbeats every 10 s of the clock whatever
        /// the lease, since the heartbeat's tick is what starts retention passes.
        var workerOptions: WorkerOptions {
            WorkerOptions(leaseDuration: leaseDuration, heartbeatInterval: .seconds(10))
        }

        /// The load before minute 1, in wall-clock time: the retention and one heartbeat, so retention's first
        /// pass has deleted before anything is measured and every measured minute carries the same work. A
        /// minute 1 without deleting would be a baseline no later minute can match, and would blame growth
        /// over time for what is retention's steady cost.
        var warmUp: Duration {
            let clockSeconds = retention + workerOptions.heartbeatInterval.seconds
            return .milliseconds(Int64(saturating: clockSeconds / max(clock.rate, 0.001) * 1000))
        }
    }

    /// Everything one database's soak found.
    struct Outcome: Sendable {
        /// The peak, in runs per second.
        var peak: Double
        /// The rate runs were started at: half the peak.
        var rate: Double
        /// Each minute, in order.
        var minutes: [SoakMinute]
        /// Runs started in all.
        var started: Int
        /// Starts the schedule called for that were not made.
        var heldBack: Int
        /// Runs retention deleted.
        var pruned: Int64
        /// The report's rows.
        var measurements: [Measurement]
    }

    /// Measures the peak on one database from `database`, then soaks another.
    ///
    /// - Parameter database: Makes a new database for a label ("soak-peak", "soak"); each is removed after.
    static func measure(
        settings: Settings, progress: @Sendable (String) -> Void, database: (String) -> SoakDatabase
    ) async throws -> Outcome {
        let peakDatabase = database("soak-peak")
        let driver = peakDatabase.driver
        progress(
            "soak: \(driver) peak: starting and running \(settings.peakRuns) runs at concurrency "
                + "\(settings.concurrency)")
        let peak = try await measurePeak(on: peakDatabase, settings: settings)
        let rate = peak / 2
        let soakDatabase = database("soak")
        progress(
            "soak: \(driver): starting \(Measurement.format(rate)) runs/s "
                + "(half the peak of \(Measurement.format(peak))) for \(settings.minutes) min, "
                + "retention \(Measurement.format(settings.retention)) s, in \(soakDatabase.location)")
        let load = try await soak(on: soakDatabase, rate: rate, settings: settings, progress: progress)
        var outcome = Outcome(
            peak: peak, rate: rate, minutes: load.minutes, started: load.started, heldBack: load.heldBack,
            pruned: load.pruned, measurements: [])
        outcome.measurements = rows(for: outcome, on: soakDatabase, settings: settings)
        return outcome
    }

    /// Opens `database`, hands its store to `body` (which closes it) and removes the database, also on failure.
    static func using<T: Sendable>(
        _ database: SoakDatabase, _ body: (any JobStore) async throws -> T
    ) async throws -> T {
        do {
            let value = try await body(try await database.open())
            await database.remove()
            return value
        } catch {
            await database.remove()
            throw error
        }
    }
}
