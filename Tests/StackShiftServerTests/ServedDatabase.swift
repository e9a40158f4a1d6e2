import AsyncHTTPClient
import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Logging
import NIOCore
import NIOHTTP1
import SQLiteJobStore
import Synchronization
import Testing

@testable import StackShiftServer

/// A real `stackshift serve` on a free loopback port, over a SQLite file of its own, with a real HTTP client:
/// what every server test talks to.
final class ServedDatabase: Sendable {
    /// An answer as the client received it.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        /// The body as text.
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as JSON; nil when it is not.
        var json: JSONValue? { JSONValue.parse(text) }
        /// `error.code` of an error answer.
        var errorCode: String? {
            if case .string(let code)? = json?["error"]?["code"] { return code }
            return nil
        }
        /// `error.message` of an error answer.
        var errorMessage: String? {
            if case .string(let message)? = json?["error"]?["message"] { return message }
            return nil
        }
    }

    let directory: URL
    let store: SQLiteJobStore
    let engine: StackShift
    /// The engine's clock: tests move it to expire keys.
    let clock: ManualClock
    let port: Int
    let http: HTTPClient
    private let serving: Task<Void, any Error>

    var operations: Operations { engine.operations }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(
        directory: URL, store: SQLiteJobStore, engine: StackShift, clock: ManualClock, port: Int,
        serving: Task<Void, any Error>
    ) {
        self.directory = directory
        self.store = store
        self.engine = engine
        self.clock = clock
        self.port = port
        self.serving = serving
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Serves a new database until `body` returns, then shuts the server down.
    static func with<T: Sendable>(
        webhooks: [WebhookDefinition] = [], bodyLimit: Int = ServerConfiguration.standardBodyLimit,
        _ body: (ServedDatabase) async throws -> T
    ) async throws -> T {
        let served = try await start(webhooks: webhooks, bodyLimit: bodyLimit)
        do {
            let result = try await body(served)
            await served.stop()
            return result
        } catch {
            await served.stop()
            throw error
        }
    }

    private static func start(webhooks: [WebhookDefinition], bodyLimit: Int) async throws -> ServedDatabase {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stackshift-serve-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("serve.sqlite").path)
        let clock = ManualClock(Date())
        let engine = StackShift(
            store: store, clock: clock, logger: Logger(label: "serve-tests") { _ in SwiftLogNoOpLogHandler() })
        let server = APIServer(
            operations: engine.operations, configuration: ServerConfiguration(port: 0, bodyLimit: bodyLimit),
            webhooks: webhooks, logger: Logger(label: "serve-tests") { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let serving = Task { try await server.runUntilCancelled { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            serving.cancel()
            throw ServedDatabaseError("the server did not report a port")
        }
        return ServedDatabase(
            directory: directory, store: store, engine: engine, clock: clock, port: port, serving: serving)
    }

    private func stop() async {
        try? await http.shutdown()
        serving.cancel()
        _ = await serving.result
        try? await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request and reads the whole answer.
    func request(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil, body: Data? = nil,
        headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Answer(
            status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    /// A new key of `scope`; its token.
    func token(_ scope: APIKeyScope, name: String? = nil) async throws -> String {
        try await operations.createAPIKey(
            name: name ?? "\(scope.rawValue)-\(UUID().uuidString.prefix(8))", scope: scope,
            by: Operator(name: "test", channel: .cli)
        ).token.text
    }
}

extension ServedDatabase {
    /// Runs a worker on the served database's engine while `body` runs, then shuts it down.
    func withWorker<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let engine = engine
        let worker = Task {
            try await engine.runWorker(
                queues: ["default"], concurrency: 4, options: WorkerOptions(pollInterval: .milliseconds(20)))
        }
        do {
            let result = try await body()
            await engine.shutdown()
            try await worker.value
            return result
        } catch {
            await engine.shutdown()
            _ = try? await worker.value
            throw error
        }
    }
}

/// Waits until run `id` has `status`, failing after ``Duration/testPatience``.
func eventuallyStatus(_ served: ServedDatabase, _ id: RunID, _ status: RunStatus) async throws {
    let deadline = ContinuousClock.now + .testPatience
    while try await served.operations.run(id)?.run.status != status {
        guard ContinuousClock.now < deadline else {
            Issue.record("run \(id) did not become \(status)")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// The server could not be started for a test.
struct ServedDatabaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
