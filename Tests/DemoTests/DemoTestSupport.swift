import Foundation
import JobStore
import Logging
import SQLiteJobStore
import Testing

@testable import Demo

/// The repository's `demo/` directory, found from this file so tests run from any working directory.
enum DemoFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demo")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// A fresh SQLite file in a directory of its own, removed when the test is done.
final class TemporaryDatabase {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stackshift-demo-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("demo.sqlite").path
    }

    /// Opens (and creates) the store file.
    func open() throws -> SQLiteJobStore { try SQLiteJobStore(path: path) }

    /// Writes a file next to the database and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Options for a test demo: a scenario file from `demo/`, a high speed (short waits, real times), a silent logger.
func testOptions(_ scenario: String, speed: Double = 60, seed: UInt64? = nil, database: String? = nil) -> DemoOptions {
    DemoOptions(
        scenarioPath: DemoFiles.path(scenario), databasePath: database, seed: seed, speed: speed,
        logger: Logger(label: "demo-tests") { _ in SwiftLogNoOpLogHandler() })
}

/// Polls `condition` until it holds or `timeout` (real time) passes; records a failure naming `what`
/// and throws on timeout. Polling the store is how these tests wait: never a fixed sleep.
func eventually(
    _ what: @autoclosure () -> String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("timed out waiting until \(what())", sourceLocation: sourceLocation)
    throw CancellationError()
}

/// Every run in the store, newest first; at most 1,000 pages, so paging that never ends fails instead of hanging.
func allRuns(
    _ store: any JobStore, job: DemoJob? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [RunRecord] {
    var runs: [RunRecord] = []
    var before: RunID?
    for _ in 0..<1000 {
        let page = try await store.listRuns(RunQuery(job: job?.rawValue, beforeId: before, limit: 500))
        runs += page
        guard page.count == 500, let last = page.last else { return runs }
        before = last.id
    }
    Issue.record("listing runs was still paging after 1,000 pages of 500", sourceLocation: sourceLocation)
    return runs
}

/// Decodes a stored payload.
func payload<T: Decodable>(_ run: RunRecord, as type: T.Type) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(run.payloadJSON.utf8))
}
