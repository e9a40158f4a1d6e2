import ArgumentParser
import Benchmarks
import Foundation

/// `stackshift bench`: measures the engine, the raw SQLite bound, the console and PostgreSQL (and, when asked,
/// the soak under retention), and prints the numbers against the targets.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure the engine, the console, the HTTP server and PostgreSQL on this machine (use a release build).",
        discussion: """
            Every measurement uses fresh databases in --dir, removed afterwards: the console part writes a \
            SQLite file of a million runs (about 1 GB while it runs), the last day's failing runs through the \
            store so their failures carry signatures, and times its refreshes and failure grouping on it. \
            PostgreSQL is measured when --postgres (or STACKSHIFT_POSTGRES_URL) names a server; each process \
            count gets its own schema, dropped after. The http part times --runs starts and as many events \
            sent through `stackshift serve` on loopback from 16 keep-alive connections, beside the same \
            operations called in process. \
            The soak part runs only when named (--only soak), as it takes minutes: it measures the 3-step job's \
            peak (10,000 runs started and run at once), then starts runs at half of it for --minutes \
            (default 10) on a SQLite file, and on PostgreSQL \
            when a server is given, with finished runs kept one minute, printing each minute's throughput, \
            latency, database size, runs in the database, memory, and how busy the machine was and how much \
            of it the hypervisor took (steal), and checking the last minute against the first. \
            Exits 0 when every target is met, 2 when one is missed.
            """)

    @Option(help: "Runs per engine throughput measurement.") var runs = 3000
    @Option(help: "Worker concurrencies for the engine throughput.") var concurrency: [Int] = [1, 8, 64]
    @Option(help: "Samples for each one-at-a-time latency.") var samples = 200
    @Option(help: "Runs in the console's database.") var consoleRuns = 1_000_000
    @Option(help: "A PostgreSQL server to measure, postgres://user@host:port/database.") var postgres: String?
    @Option(help: "Runs per PostgreSQL measurement.") var postgresRuns = 3000
    @Option(help: "Worker processes for PostgreSQL.") var processes: [Int] = [1, 2, 4]
    @Option(help: "Concurrency of each PostgreSQL worker process.") var postgresConcurrency = 16
    @Option(help: "Where the benchmark databases are written.") var dir: String?
    @Option(
        help: "Only these parts: engine, memory, console, postgres, http, soak (repeatable; soak runs only when named)."
    )
    var only: [Part] = []
    @Option(help: "Minutes of steady load for the soak part (1…1440).") var minutes = 10
    @Option(help: "Queued runs one worker process drains in the memory part.") var memoryRuns = 100_000
    @Flag(help: "Print the report as JSON.") var json = false

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case engine, memory, console, postgres, http, soak

        /// The parts a plain `stackshift bench` runs: all but the soak, which takes minutes.
        static let defaults: [Part] = [.engine, .memory, .console, .postgres, .http]
    }

    func validate() throws {
        guard runs > 0, samples > 0, consoleRuns > 0, postgresRuns > 0, postgresConcurrency > 0, memoryRuns > 0 else {
            throw ValidationError(
                "--runs, --samples, --console-runs, --memory-runs, --postgres-runs and --postgres-concurrency must be "
                    + "positive")
        }
        guard !concurrency.isEmpty, concurrency.allSatisfy({ $0 > 0 }), processes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--concurrency and --processes take positive numbers")
        }
        guard SoakBenchmark.allowedMinutes.contains(minutes) else {
            throw ValidationError("--minutes must be from 1 to 1440 (a day), not \(minutes)")
        }
    }

    func run() async throws {
        var report = BenchmarkReport()
        try await reportingErrors {
            let directory = try workDirectory()
            let parts = Set(only.isEmpty ? Part.defaults : only)
            let progress: @Sendable (String) -> Void = { line in StandardStreams.error("bench: \(line)") }
            if report.machine.build == "debug" {
                StandardStreams.error("bench: this is a debug build; numbers from it are not the product's")
            }
            if parts.contains(.engine) {
                report.measurements += try await EngineBenchmark.run(
                    directory: directory,
                    options: .init(runs: runs, concurrencies: concurrency, latencySamples: samples),
                    progress: progress)
            }
            if parts.contains(.memory) {
                if let executable = Self.executablePath() {
                    report.measurements += try await WorkerMemoryBenchmark.run(
                        directory: directory, runs: memoryRuns, concurrency: concurrency.max() ?? 64,
                        executable: executable, progress: progress)
                } else {
                    report.skipped.append("memory: cannot find this executable to start a worker process")
                }
            }
            if parts.contains(.console) {
                let console = try await ConsoleBenchmark.run(
                    directory: directory, runs: consoleRuns, executable: Self.executablePath(), progress: progress)
                report.measurements += console.measurements
                report.skipped += console.skipped
            }
            if parts.contains(.postgres) {
                try await measurePostgres(into: &report, progress: progress)
            }
            if parts.contains(.http) {
                report.measurements += try await HTTPBenchmark.run(
                    directory: directory, requests: runs, progress: progress)
            }
            if parts.contains(.soak) {
                let soak = try await SoakBenchmark.run(
                    directory: directory, postgresURL: postgresURL, options: .init(minutes: minutes),
                    progress: progress)
                report.measurements += soak.measurements
                report.skipped += soak.skipped
            }
            StandardStreams.out(json ? try report.json() : report.table())
        }
        if !report.meetsTargets { throw ExitCode(2) }
    }

    private func measurePostgres(
        into report: inout BenchmarkReport, progress: @escaping @Sendable (String) -> Void
    )
        async throws
    {
        guard let url = postgresURL else {
            report.skipped.append("postgres: no server given (pass --postgres URL or set STACKSHIFT_POSTGRES_URL)")
            return
        }
        guard let executable = Self.executablePath() else {
            report.skipped.append("postgres: cannot find this executable to start worker processes")
            return
        }
        do {
            report.measurements += try await PostgresBenchmark.run(
                url: url, runs: postgresRuns, processes: processes, concurrency: postgresConcurrency,
                executable: executable, progress: progress)
        } catch let error as PostgresBenchmarkError where error.serverUnreachable {
            report.skipped.append("postgres: \(error)")
        }
    }

    /// The server from --postgres or STACKSHIFT_POSTGRES_URL; nil when neither names one.
    private var postgresURL: String? {
        let url = postgres ?? ProcessInfo.processInfo.environment["STACKSHIFT_POSTGRES_URL"]
        guard let url, !url.isEmpty else { return nil }
        return url
    }

    private func workDirectory() throws -> URL {
        let path = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("stackshift-bench").path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the benchmark directory \(path): \(error.localizedDescription)")
        }
        return URL(fileURLWithPath: path)
    }

    /// This process's executable, which the console and PostgreSQL parts start as separate processes.
    static func executablePath() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }
}
