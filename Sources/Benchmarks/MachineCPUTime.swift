import Foundation

/// The machine's CPU time so far, as Linux counts it on the `cpu` line of `/proc/stat`.
///
/// The soak reads it as each minute starts and ends, and prints how busy the machine was and how much of
/// it the hypervisor gave to other guests (steal): on a shared virtual machine a minute whose p99 doubles
/// together with its steal is the host's doing, one whose p99 doubles on a quiet host is the engine's.
struct MachineCPUTime: Sendable, Equatable {
    /// Clock ticks spent in every state, all CPUs together.
    var total: Int64
    /// Ticks spent running anything (user, nice, system, interrupts): not idle, waiting for I/O or stolen.
    var busy: Int64
    /// Ticks this machine's CPUs wanted to run but the hypervisor ran another guest.
    var steal: Int64

    /// The counts on the `cpu` line of a `/proc/stat` text; nil when there is none or it is malformed.
    ///
    /// The line reads `cpu user nice system idle iowait irq softirq steal [guest guest_nice]`; guest time is
    /// already counted in user and nice, so it is left out of the total.
    init?(stat: String) {
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(whereSeparator: \.isWhitespace).dropFirst().prefix(8).compactMap { Int64($0) }
        guard fields.count == 8, fields.allSatisfy({ $0 >= 0 }) else { return nil }
        let (user, nice, system, idle, ioWait, irq, softIRQ, steal) = (
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]
        )
        guard let busy = Self.sum([user, nice, system, irq, softIRQ]),
            let total = Self.sum([busy, idle, ioWait, steal])
        else { return nil }
        self.total = total
        self.busy = busy
        self.steal = steal
    }

    /// The sum of `ticks`; nil when it overflows (no real count does).
    private static func sum(_ ticks: [Int64]) -> Int64? {
        var total: Int64 = 0
        for value in ticks {
            let (next, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = next
        }
        return total
    }

    /// The machine's counts now; nil without `/proc`.
    static func now() -> MachineCPUTime? {
        (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)).flatMap(MachineCPUTime.init(stat:))
    }

    /// How the machine's CPU time from `self` to `later` was spent.
    struct Share: Sendable, Equatable {
        /// The share spent running anything, 0–1.
        var busy: Double
        /// The share the hypervisor took for other guests, 0–1.
        var steal: Double

        /// E.g. `61% busy, 3.2% stolen`.
        var description: String {
            String(format: "%.0f%% busy, %.1f%% stolen", busy * 100, steal * 100)
        }
    }

    /// The shares of the time between `self` and `later`; nil when no tick passed or the counts went back.
    func share(until later: MachineCPUTime) -> Share? {
        let total = later.total - total
        let busy = later.busy - busy
        let steal = later.steal - steal
        guard total > 0, busy >= 0, steal >= 0, busy + steal <= total else { return nil }
        return Share(busy: Double(busy) / Double(total), steal: Double(steal) / Double(total))
    }
}
