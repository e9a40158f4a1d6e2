import Foundation
import Testing

@testable import Benchmarks

/// The HTTP bench end to end on small numbers: a real server on loopback, real keep-alive connections. No
/// timing is asserted: a loaded machine may be slow, never wrong.
@Suite("HTTP benchmark", .timeLimit(.minutes(2)))
struct HTTPBenchmarkTests {
    @Test("starts and events over HTTP are each judged against the in-process start rate; the files are removed")
    func rows() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("http-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let rows = try await HTTPBenchmark.run(directory: directory, requests: 64)

        #expect(rows.map(\.name) == ["starts in process", "starts over HTTP", "events in process", "events over HTTP"])
        for row in rows {
            #expect(row.group == "http" && row.value.isFinite && row.value > 0, "\(row.name): \(row.value)")
        }
        let starts = try #require(rows.first { $0.name == "starts in process" })
        for name in ["starts over HTTP", "events over HTTP"] {
            let row = try #require(rows.first { $0.name == name })
            #expect(row.target == "≥ 50% of starts in process")
            #expect(row.meetsTarget == (row.value >= 0.5 * starts.value), "\(name): \(row.value) vs \(starts.value)")
            #expect(row.detail?.contains("of starts in process") == true)
        }
        let events = try #require(rows.last?.detail)
        #expect(events.contains("of events in process"), "the stricter ratio is shown too: \(events)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
