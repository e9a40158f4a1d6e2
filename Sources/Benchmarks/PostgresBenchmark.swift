import Foundation

/// The PostgreSQL benchmark (issue #8): end-to-end throughput of the 3-step job with several worker processes
/// sharing one server, and how it scales with their number.
///
/// For each process count it enqueues `runs` runs of ``BenchmarkJobs/threeSteps`` into a fresh schema from
/// concurrent starters (the queue paused), spawns that many `stackshift bench-worker` processes, resumes the
/// queue once all of them have registered, and waits on the store until every run completed. Throughput is
/// runs divided by the time from the first claim to the last completion, both read from the runs' timelines;
/// the same timelines prove each run was claimed and completed exactly once. The workers are stopped with
/// SIGTERM and the schema is dropped afterwards, also on failure.
public enum PostgresBenchmark {
    /// The group every measurement belongs to.
    public static let group = "postgres"

    /// Measures throughput with each of `processes` worker processes, then the scaling from the fewest to the most.
    ///
    /// - Parameters:
    ///   - url: The server, `postgres://user@host:port/database`; any `schema` parameter is replaced.
    ///   - runs: How many runs each process count executes.
    ///   - processes: The worker process counts to measure, in order.
    ///   - concurrency: How many runs each worker process executes at once.
    ///   - executable: The `stackshift` executable whose `bench-worker` subcommand runs the workers.
    ///   - progress: Told what is being measured, one line at a time.
    /// - Returns: Per process count: throughput, claim → complete p50 and p99; then the enqueue rate and the
    ///   scaling factor.
    /// - Throws: ``PostgresBenchmarkError`` when the server is unreachable
    ///   (``PostgresBenchmarkError/serverUnreachable``), a worker fails, or the runs do not all complete exactly
    ///   once.
    public static func run(
        url: String, runs: Int, processes: [Int] = [1, 2, 4], concurrency: Int, executable: String,
        progress: @Sendable (String) -> Void
    ) async throws -> [Measurement] {
        try await run(
            url: url, runs: runs, processes: processes, concurrency: concurrency, executable: executable,
            progress: progress, schemaCreated: { _ in })
    }

    /// ``run(url:runs:processes:concurrency:executable:progress:)``, telling `schemaCreated` the name of each
    /// schema before it is created, so tests can check that every one was dropped.
    static func run(
        url: String, runs: Int, processes: [Int], concurrency: Int, executable: String,
        progress: @Sendable (String) -> Void, schemaCreated: (String) -> Void
    ) async throws -> [Measurement] {
        guard runs > 0, concurrency > 0, !processes.isEmpty, processes.allSatisfy({ $0 > 0 }) else {
            throw PostgresBenchmarkError(
                "the PostgreSQL benchmark needs runs, concurrency and process counts of at least 1")
        }
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw PostgresBenchmarkError("no stackshift executable at \(executable) to run bench-worker processes")
        }
        var measurements: [Measurement] = []
        var throughput: [Int: Double] = [:]
        var enqueueTime = Duration.zero
        for count in processes {
            let label = count == 1 ? "1 process" : "\(count) processes"
            progress("postgres: \(runs) runs of the 3-step job on \(label), concurrency \(concurrency) each…")
            let trial = PostgresBenchmarkTrial(
                url: url, runs: runs, processes: count, concurrency: concurrency, executable: executable)
            let result = try await trial.run(schemaCreated: schemaCreated)
            let rate = Double(runs) / result.elapsed
            throughput[count] = rate
            enqueueTime += result.enqueueTime
            let detail = "\(runs) runs, concurrency \(concurrency) per process"
            measurements.append(
                Measurement(
                    group: group, name: "3-step throughput, \(label)", value: rate, unit: "runs/s",
                    detail: detail + ", first claim → last completion \(String(format: "%.2f", result.elapsed)) s"))
            measurements.append(
                .milliseconds(group, "claim → complete p50, \(label)", result.claimToComplete.p50, detail: detail))
            measurements.append(
                .milliseconds(group, "claim → complete p99, \(label)", result.claimToComplete.p99, detail: detail))
            progress("postgres: \(label): \(Measurement.format(rate)) runs/s")
        }
        let enqueued = runs * processes.count
        measurements.append(
            Measurement(
                group: group, name: "enqueue rate, \(PostgresBenchmarkTrial.starters) concurrent starters",
                value: Double(enqueued) / seconds(enqueueTime), unit: "runs/s", detail: "\(enqueued) runs"))
        if let fewest = processes.min(), let most = processes.max(), fewest != most,
            let base = throughput[fewest], let top = throughput[most]
        {
            let fewestLabel = fewest == 1 ? "1 process" : "\(fewest) processes"
            measurements.append(
                Measurement(
                    group: group, name: "scaling \(most) processes / \(fewestLabel)", value: top / base, unit: "×",
                    detail: "throughput ratio"))
        }
        return measurements
    }

    /// `url` with its `schema` parameter set to `schema` (replacing any given).
    static func url(_ url: String, schema: String) throws -> String {
        guard var components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true else {
            throw PostgresBenchmarkError("\(url) is not a postgres:// URL")
        }
        var items = (components.queryItems ?? []).filter { $0.name != "schema" && $0.name != "search_path" }
        items.append(URLQueryItem(name: "schema", value: schema))
        components.queryItems = items
        guard let text = components.string else { throw PostgresBenchmarkError("cannot add a schema to \(url)") }
        return text
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return max(Double(parts.seconds) + Double(parts.attoseconds) / 1e18, 1e-9)
    }
}
