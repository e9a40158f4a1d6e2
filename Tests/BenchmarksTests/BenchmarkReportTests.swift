import Testing

@testable import Benchmarks

@Suite("Benchmark report")
struct BenchmarkReportTests {
    @Test("percentiles are nearest-rank over the sample")
    func percentiles() {
        let sample = LatencySample(milliseconds: (1...100).map(Double.init).shuffled())
        #expect(sample.p50 == 50)
        #expect(sample.p99 == 99)
        #expect(sample.percentile(100) == 100)
        #expect(LatencySample(milliseconds: [7]).p99 == 7)
        #expect(LatencySample().p50.isNaN)
    }

    @Test("a missed target is marked in the table and fails the report")
    func missedTarget() throws {
        let report = BenchmarkReport(
            machine: MachineDescription(cpu: "test CPU", cores: 2, memoryGiB: 4, system: "Linux", build: "release"),
            measurements: [
                .milliseconds("engine", "event resume p50", 3.2, atMost: 5),
                .milliseconds("console", "frame p99 at 200×60", 9.5, atMost: 8),
                Measurement(group: "engine", name: "enqueue rate", value: 12345.6, unit: "runs/s"),
            ])
        #expect(!report.meetsTargets)
        let table = report.table()
        #expect(table.contains("[engine]") && table.contains("[console]"))
        #expect(table.contains("3.20 ms") && table.contains("target ≤ 5.00 ms ✓"))
        #expect(table.contains("9.50 ms") && table.contains("✗ MISSED"))
        #expect(table.contains("12346 runs/s"))
        #expect(try report.json().contains("\"meetsTarget\" : false"))
    }
}
