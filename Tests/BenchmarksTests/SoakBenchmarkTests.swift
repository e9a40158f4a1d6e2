import Foundation
import JobStore
import Synchronization
import Testing

@testable import Benchmarks

/// The soak machinery end to end on SQLite, in seconds: 2 s "minutes", and an engine clock five times faster
/// than the wall's, so retention passes (every 10 s of it) come every 2 s and keep runs 0.2 s. Leases are
/// 150 s of that clock, the usual 30 s of real time: at 30 s of it (6 s real) a full suite on two cores
/// outlasted the heartbeats and 8 runs counted as crashed. No timing is asserted: a loaded machine may be
/// slow, never wrong.
@Suite("Soak benchmark", .timeLimit(.minutes(5)))
struct SoakBenchmarkTests {
    @Test("a seconds-long soak: finite positive rows, runs pruned as they finish, the files removed")
    func shortSoak() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("soak-test-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = SoakBenchmark.Settings(
            minutes: 3, minute: .seconds(2), retention: 1, peakRuns: 200, concurrency: 8, clock: FastClock(rate: 5),
            leaseDuration: .seconds(150))
        let lines = ProgressLines()

        let outcome = try await SoakBenchmark.measure(
            settings: settings, progress: { lines.append($0) },
            database: { label in .sqlite(in: directory, label: label) })

        #expect(outcome.minutes.map(\.index) == [1, 2, 3])
        #expect(lines.all.filter { $0.contains("SQLite minute") }.count == 3, "one progress line per minute")
        let warmUp = lines.all.filter { $0.contains("SQLite warm-up: ") }
        #expect(warmUp.count == 1 && warmUp[0].hasSuffix("(warm-up until retention's first pass; not measured)"))
        #expect(settings.warmUp == .milliseconds(2200), "retention (1 s) and a heartbeat (10 s) of a 5x clock")
        let names = outcome.measurements.map(\.name)
        for name in [
            "SQLite peak, starting and running", "SQLite throughput, minute 1", "SQLite throughput, minute 3",
            "SQLite start→end p99, minute 3", "SQLite database size, minute 2", "SQLite database size, minute 3",
            "SQLite runs in the database, minute 3", "SQLite RSS, minute 3",
        ] {
            #expect(names.contains(name), "\(name) is reported")
        }
        for measurement in outcome.measurements {
            #expect(measurement.group == "soak")
            // Retention keeps finished runs 0.2 s here: a minute may end with none in the database (a slow
            // machine starts few, and a pass has just deleted them). Every other row is a positive amount.
            let none = measurement.name.contains("runs in the database") ? 0.0 : nil
            #expect(
                measurement.value.isFinite && (measurement.value > 0 || measurement.value == none),
                "\(measurement.name): \(measurement.value)")
        }
        #expect(outcome.measurements.filter { $0.target != nil }.count == 5)
        #expect(outcome.rate > 0 && outcome.rate == outcome.peak / 2)
        #expect(outcome.started > 0)
        #expect(outcome.pruned > 0, "retention deleted finished runs during the soak")
        for minute in outcome.minutes {
            #expect(minute.tally.ended > 0 && minute.failedRuns == 0)
            #expect((minute.databaseBytes ?? 0) > 0 && (minute.resident?.total ?? 0) > 0)
            let machine = try #require(minute.machine, "minute \(minute.index) reads the machine's CPU time")
            #expect(machine.busy > 0 && machine.busy + machine.steal <= 1)
        }
        let minuteLines = lines.all.filter { $0.contains("SQLite minute") }
        #expect(minuteLines.allSatisfy { $0.contains("% stolen") }, "each minute's line says what the host took")
        let last = try #require(outcome.minutes.last)
        #expect(last.runsInDatabase < outcome.started, "\(last.runsInDatabase) runs kept of \(outcome.started)")

        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left.isEmpty, "the peak and soak databases are removed: \(left)")
    }

    @Test("a minute's tally keeps the latencies' percentiles, not the latencies, and the next starts empty")
    func tallySummarises() {
        let ledger = SoakLedger()
        for n in 0..<100 { ledger.starting(n) }
        for n in 0..<100 { ledger.ended(n) }
        ledger.ended(5)
        let tally = ledger.takeTally()
        #expect(tally.started == 100 && tally.ended == 100, "a second end of the same run is not counted")
        #expect(tally.p50.isFinite && tally.p99.isFinite && tally.p50 >= 0 && tally.p99 >= tally.p50)
        let next = ledger.takeTally()
        #expect(next.started == 0 && next.ended == 0 && next.p50.isNaN && next.p99.isNaN)
    }

    @Test("a PostgreSQL URL loses only the parameters libpq refuses")
    func libpqURL() {
        #expect(
            SoakDatabase.libpqURL("postgres://u@h:5432/db?schema=bench_x&sslmode=disable")
                == "postgres://u@h:5432/db?sslmode=disable")
        #expect(SoakDatabase.libpqURL("postgres://u@h/db?search_path=s") == "postgres://u@h/db")
    }

    @Test("the memory fields of /proc/PID/status are read in kB, and this process has a resident size")
    func memoryFields() {
        let status =
            "Name:\tstackshift\nVmHWM:\t   51234 kB\nVmRSS:\t   40960 kB\nRssAnon:\t   10240 kB\nRssFile:\t   30720 kB\n"
        #expect(ProcessMemory.kilobytes("VmRSS", in: status) == 40960)
        #expect(ProcessMemory.kilobytes("VmHWM", in: status) == 51234)
        #expect(ProcessMemory.kilobytes("VmSwap", in: status) == nil)
        let resident = ProcessMemory.Resident(status: status)
        #expect(resident.map { [$0.total, $0.anonymous, $0.file] } == [40960, 10240, 30720])
        #expect(ProcessMemory.Resident(status: "VmRSS:\t 1 kB\n") == nil)
        let own = ProcessMemory.resident()
        #expect((own?.total ?? 0) > 0 && (own?.anonymous ?? 0) > 0)
    }
}

/// The wall clock, sped up: `rate` seconds pass for each real one, from when it was made.
private struct FastClock: JobClock {
    let origin = Date()
    let rate: Double

    func now() -> Date { origin.addingTimeInterval(Date().timeIntervalSince(origin) * rate) }
}

/// The progress lines a benchmark reported, collected across its callback.
private final class ProgressLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}
