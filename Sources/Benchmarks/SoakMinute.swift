import Foundation
import GRDBSQLite

/// What one minute of a soak measured: the load the workers carried, how long runs took, and the size of the
/// database and of this process as the minute ended.
struct SoakMinute: Sendable {
    /// Which minute, from 1; 0 is the warm-up before minute 1.
    var index: Int
    /// How long the minute actually lasted, in seconds (the database reads of the last one run into it).
    var seconds: Double
    /// What the ledger saw in the minute.
    var tally: SoakLedger.Tally
    /// The database's size as the minute ended, in bytes; nil when it could not be read.
    var databaseBytes: Int64?
    /// Runs in the database as the minute ended, in any status.
    var runsInDatabase: Int
    /// Of those, runs that failed (a clean soak has none).
    var failedRuns: Int
    /// This process's resident memory as the minute ended; nil without `/proc`.
    var resident: ProcessMemory.Resident?
    /// How the machine's CPUs were spent in the minute (busy, and stolen by the hypervisor); nil without
    /// `/proc`.
    var machine: MachineCPUTime.Share?
    /// What SQLite's own allocator held as the minute ended (page caches, statements), in bytes: the part of
    /// RSS that SQLite bounds by its cache sizes, told apart from the rest.
    var sqliteHeapBytes = Int64(sqlite3_memory_used())

    /// Runs completed per second in the minute.
    var runsPerSecond: Double { Double(tally.ended) / max(seconds, 0.001) }
    /// The database's size in MB (MiB); NaN when unknown.
    var databaseMB: Double { databaseBytes.map { Double($0) / 1_048_576 } ?? .nan }
    /// SQLite's allocator's bytes in MB (MiB).
    var sqliteHeapMB: Double { Double(sqliteHeapBytes) / 1_048_576 }
    /// This process's resident memory in MB (MiB); NaN when unknown.
    var residentMB: Double { resident.map { Double($0.total) / 1024 } ?? .nan }
    /// The anonymous part of it (no file backs it: heap, stacks) in MB (MiB); NaN when unknown.
    var anonymousMB: Double { resident.map { Double($0.anonymous) / 1024 } ?? .nan }

    /// The machine's share for a report row's detail, e.g. `; machine 61% busy, 3.2% stolen`; empty when unknown.
    var machineDetail: String { machine.map { "; machine \($0.description)" } ?? "" }

    /// The progress line for the minute, e.g. `soak: SQLite minute 3: 412 runs/s, start→end p50 4.10 ms,
    /// p99 21.3 ms, db 38.2 MB, 26103 runs in it, RSS 61.0 MB (…); machine 61% busy, 3.2% stolen`.
    func line(driver: String) -> String {
        let label = index == 0 ? "warm-up" : "minute \(index)"
        var line = "soak: \(driver) \(label): \(Measurement.format(runsPerSecond)) runs/s"
        line += ", start→end p50 \(Measurement.format(tally.p50)) ms"
        line += ", p99 \(Measurement.format(tally.p99)) ms"
        line += ", db \(Measurement.format(databaseMB)) MB, \(runsInDatabase) runs in it"
        line += ", RSS \(Measurement.format(residentMB)) MB"
        line += " (anonymous \(Measurement.format(anonymousMB)) MB, SQLite heap \(Measurement.format(sqliteHeapMB)) MB)"
        line += machineDetail
        if tally.heldBack > 0 { line += "; \(tally.heldBack) starts held back (the load fell behind)" }
        if failedRuns > 0 { line += "; \(failedRuns) failed runs" }
        return line
    }
}
