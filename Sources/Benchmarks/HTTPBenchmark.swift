import AsyncHTTPClient
import DurableJobs
import Foundation
import JobStore
import Logging
import NIOCore
import SQLiteJobStore
import StackShiftServer

/// `stackshift bench --only http`: starts and events per second through `stackshift serve` over loopback,
/// from 16 keep-alive connections, beside the same operations called in this process on the same kind of
/// database in the same run, so the HTTP layer's cost is a ratio that holds across machines.
///
/// The target (issue 17) is against the in-process enqueue rate: starts and events over HTTP each reach at
/// least half of the runs/s `Operations.startRun` reaches in process. Events are also shown as a share of
/// in-process events, a stricter ratio: an event is a quarter of a start's work, so the HTTP round trip is
/// most of its cost.
public enum HTTPBenchmark {
    /// The section of the report.
    static let group = "http"
    /// Concurrent keep-alive connections (and requests in flight).
    public static let connections = 16
    /// HTTP throughput must reach this share of the in-process rate.
    static let share = 0.5

    /// Measures `requests` starts and as many events, each over HTTP and in process, on fresh SQLite files.
    public static func run(
        directory: URL, requests: Int, progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> [Measurement] {
        var files = BenchmarkFiles(directory: directory)
        defer { files.removeAll() }
        progress("http: \(requests) starts and \(requests) events in process")
        let localStarts = try await measure(path: files.next("http-local-starts"), requests: requests) { client, n in
            _ = try await client.operations.startRun(
                BenchmarkJobs.threeSteps, payloadJSON: #"{"n":\#(n)}"#, by: Operator(name: "bench", channel: .api))
        }
        let localEvents = try await measure(path: files.next("http-local-events"), requests: requests) { client, n in
            _ = try await client.operations.sendEvent(
                BenchmarkJobs.resumeEvent, key: "k\(n)", payloadJSON: "\(n)", by: Operator(name: "bench", channel: .api)
            )
        }
        progress("http: \(requests) starts and \(requests) events over \(connections) connections")
        let httpStarts = try await measureHTTP(path: files.next("http-starts"), requests: requests) { n in
            ("/v1/runs", #"{"job": "\#(BenchmarkJobs.threeSteps)", "payload": {"n": \#(n)}}"#)
        }
        let httpEvents = try await measureHTTP(path: files.next("http-events"), requests: requests) { n in
            ("/v1/events", #"{"name": "\#(BenchmarkJobs.resumeEvent)", "key": "k\#(n)", "payload": \#(n)}"#)
        }
        let detail = "\(requests) requests, \(connections) keep-alive connections, SQLite, audited"
        return [
            Measurement(
                group: group, name: "starts in process", value: localStarts.perSecond, unit: "runs/s",
                detail:
                    "Operations.startRun from \(connections) tasks, audited like the server's; \(localStarts.batching)"),
            comparison("starts over HTTP", httpStarts, against: localStarts, unit: "runs/s", detail: detail),
            Measurement(
                group: group, name: "events in process", value: localEvents.perSecond, unit: "events/s",
                detail: "Operations.sendEvent from \(connections) tasks; \(localEvents.batching)"),
            comparison(
                "events over HTTP", httpEvents, against: localStarts, unit: "events/s",
                detail: "\(detail); \(percent(httpEvents, of: localEvents)) of events in process"),
        ]
    }

    /// An HTTP rate against the in-process enqueue rate (`starts`), with the share it reaches and its batching.
    private static func comparison(
        _ name: String, _ http: Rate, against starts: Rate, unit: String, detail: String
    ) -> Measurement {
        Measurement(
            group: group, name: name, value: http.perSecond, unit: unit,
            target: "≥ 50% of starts in process", meetsTarget: http.perSecond >= share * starts.perSecond,
            detail: "\(detail); \(percent(http, of: starts)) of starts in process; \(http.batching)")
    }

    /// `67.7%`: `rate` as a share of `base`.
    private static func percent(_ rate: Rate, of base: Rate) -> String {
        "\(Measurement.format(rate.perSecond / max(base.perSecond, 0.000_001) * 100))%"
    }

    /// Operations per second, and how many writes shared each commit meanwhile.
    struct Rate {
        var perSecond: Double
        var commits: CommitStatistics

        /// `1.8 writes per commit`.
        var batching: String {
            "\(Measurement.format(Double(commits.operations) / Double(max(commits.transactions, 1)))) writes per commit"
        }
    }

    /// Calls `operation` `requests` times from ``connections`` tasks on a new engine.
    private static func measure(
        path: String, requests: Int, _ operation: @escaping @Sendable (StackShift, Int) async throws -> Void
    ) async throws -> Rate {
        try await EngineBenchmark.withEngine(path: path, concurrency: nil) { client, store in
            let before = store.commitStatistics
            let perSecond = try await rate(requests: requests) { n in try await operation(client, n) }
            return Rate(perSecond: perSecond, commits: store.commitStatistics.since(before))
        }
    }

    /// Sends `requests` POSTs (path and JSON body from `request(n)`) to a server over a new database, from
    /// ``connections`` tasks sharing a pool of as many keep-alive connections; requests per second. Every
    /// answer must be 201.
    private static func measureHTTP(
        path: String, requests: Int, _ request: @escaping @Sendable (Int) -> (String, String)
    ) async throws -> Rate {
        try await EngineBenchmark.withEngine(path: path, concurrency: nil) { client, store in
            let token = try await client.operations.createAPIKey(
                name: "bench", scope: .operate, by: Operator(name: "bench", channel: .api)
            ).token.text
            let quiet = Logger(label: "stackshift.bench") { _ in SwiftLogNoOpLogHandler() }
            let server = APIServer(
                operations: client.operations, configuration: ServerConfiguration(port: 0), logger: quiet)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let serving = Task { try await server.runUntilCancelled { continuation.yield($0) } }
            defer { serving.cancel() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw BenchmarkFailure("the server did not start") }
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                let before = store.commitStatistics
                let perSecond = try await rate(requests: requests) { n in
                    let (path, body) = request(n)
                    var outgoing = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                    outgoing.method = .POST
                    outgoing.headers.add(name: "Authorization", value: "Bearer \(token)")
                    outgoing.headers.add(name: "Content-Type", value: "application/json")
                    outgoing.body = .bytes(ByteBuffer(string: body))
                    let response = try await http.execute(outgoing, timeout: .seconds(60))
                    let answer = try await response.body.collect(upTo: 1 << 20)
                    guard response.status == .created else {
                        throw BenchmarkFailure(
                            "POST \(path) answered \(response.status.code): \(String(buffer: answer))")
                    }
                }
                let commits = store.commitStatistics.since(before)
                try await http.shutdown()
                serving.cancel()
                _ = await serving.result
                return Rate(perSecond: perSecond, commits: commits)
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    /// Runs `operation(n)` for `n` in `0..<requests` from ``connections`` tasks; operations per second.
    private static func rate(
        requests: Int, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Double {
        let began = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<connections {
                group.addTask {
                    for n in stride(from: lane, to: requests, by: connections) { try await operation(n) }
                }
            }
            try await group.waitForAll()
        }
        return Double(requests) / max((ContinuousClock.now - began).seconds, 0.000_001)
    }
}
