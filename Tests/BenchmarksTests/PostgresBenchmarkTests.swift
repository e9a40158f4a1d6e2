import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Synchronization
import Testing

@testable import Benchmarks

/// The PostgreSQL benchmark end to end, with small numbers: real `stackshift bench-worker` processes on the
/// test server (`STACKSHIFT_POSTGRES_URL`).
@Suite("PostgreSQL benchmark", .serialized, .timeLimit(.minutes(5)))
struct PostgresBenchmarkTests {
    @Test(
        "60 runs on 1 and 2 worker processes: finite positive numbers, and every schema it made is dropped",
        .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason))
    func smallRun() async throws {
        let url = try PostgresTestEnvironment.requireURL()
        let executable = try #require(
            StackShiftExecutable.path(), "the stackshift executable is not built next to the test bundle")
        let created = SchemaNames()
        let measurements = try await PostgresBenchmark.run(
            url: url, runs: 60, processes: [1, 2], concurrency: 4, executable: executable, progress: { _ in },
            schemaCreated: { created.append($0) })

        let names = measurements.map(\.name)
        for label in ["1 process", "2 processes"] {
            #expect(names.contains("3-step throughput, \(label)"))
            #expect(names.contains("claim → complete p50, \(label)"))
            #expect(names.contains("claim → complete p99, \(label)"))
        }
        #expect(names.contains("enqueue rate, 16 concurrent starters"))
        #expect(names.contains("scaling 2 processes / 1 process"))
        #expect(measurements.count == 8)
        for measurement in measurements {
            #expect(measurement.group == "postgres")
            #expect(measurement.value.isFinite && measurement.value > 0, "\(measurement.name): \(measurement.value)")
        }
        #expect(measurements.first { $0.name.hasPrefix("3-step throughput") }?.unit == "runs/s")
        #expect(measurements.first { $0.name.hasPrefix("scaling") }?.unit == "×")

        #expect(created.names.count == 2)
        for schema in created.names {
            #expect(try await BenchmarkServer.schemaIsGone(schema, url: url), "schema \(schema) was left behind")
        }
    }

    @Test("an unreachable server is an error that says so, not a number")
    func unreachableServer() async throws {
        do {
            _ = try await PostgresBenchmark.run(
                url: "postgres://postgres@127.0.0.1:1/stackshift_test?connect_timeout=2", runs: 10,
                concurrency: 1, executable: "/bin/sh", progress: { _ in })
            Issue.record("expected the benchmark to fail")
        } catch let error as PostgresBenchmarkError {
            #expect(error.serverUnreachable)
            #expect(error.description.contains("PostgreSQL is not reachable"))
        }
    }
}

/// The schema names a benchmark reported, collected across its callback.
private final class SchemaNames: Sendable {
    private let collected = Mutex<[String]>([])

    func append(_ name: String) { collected.withLock { $0.append(name) } }

    var names: [String] { collected.withLock { $0 } }
}

/// The test server (gated by ``PostgresTestEnvironment``) and what the benchmark test checks on it.
enum BenchmarkServer {
    /// Whether `schema` no longer holds a StackShift store: opening it read-only (which never creates
    /// anything) is refused for want of one.
    static func schemaIsGone(_ schema: String, url: String) async throws -> Bool {
        do {
            let store = try await PostgresJobStore.connect(
                url: try PostgresBenchmark.url(url, schema: schema), options: .init(readOnly: true))
            try await store.close()
            return false
        } catch JobStoreError.incompatibleDatabase(let message) {
            return message.hasPrefix("no StackShift database in schema \(schema) ")
        }
    }
}

/// The `stackshift` executable SwiftPM built beside the test bundle.
enum StackShiftExecutable {
    static func path() -> String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while folder.path != "/" {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("stackshift").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}
