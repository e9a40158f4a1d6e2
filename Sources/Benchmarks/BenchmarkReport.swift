import Foundation

/// One measured number of a benchmark run, with the target it is held to (if any).
public struct Measurement: Sendable, Codable, Hashable {
    /// The section it belongs to: "engine", "sqlite", "console", "postgres".
    public var group: String
    /// What was measured, e.g. "3-step job throughput, concurrency 8".
    public var name: String
    /// The number.
    public var value: Double
    /// Its unit: "runs/s", "ms", "MB", "×".
    public var unit: String
    /// The target, as text ("≥ 40% of raw", "≤ 5 ms"), when the issue sets one.
    public var target: String?
    /// Whether the value meets the target; nil when there is no target.
    public var meetsTarget: Bool?
    /// How it was measured, in a few words (sample size, database size).
    public var detail: String?

    /// Creates a measurement.
    public init(
        group: String, name: String, value: Double, unit: String, target: String? = nil, meetsTarget: Bool? = nil,
        detail: String? = nil
    ) {
        self.group = group
        self.name = name
        self.value = value
        self.unit = unit
        self.target = target
        self.meetsTarget = meetsTarget
        self.detail = detail
    }

    /// A latency measured in milliseconds, held to at most `limit` when given.
    public static func milliseconds(
        _ group: String, _ name: String, _ value: Double, atMost limit: Double? = nil, detail: String? = nil
    ) -> Measurement {
        Measurement(
            group: group, name: name, value: value, unit: "ms", target: limit.map { "≤ \(Self.format($0)) ms" },
            meetsTarget: limit.map { value <= $0 }, detail: detail)
    }

    /// The value as printed: three significant digits for small numbers, whole numbers for large ones.
    public var formattedValue: String { Self.format(value) }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "–" }
        if abs(value) >= 100 { return String(format: "%.0f", value) }
        if abs(value) >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }
}

/// Everything one `stackshift bench` run measured, and on what machine.
public struct BenchmarkReport: Sendable, Codable {
    /// The machine: CPU model and count, memory, OS, build configuration.
    public var machine: MachineDescription
    /// The numbers, in the order they were measured.
    public var measurements: [Measurement]
    /// Sections that could not run (no PostgreSQL, no tmux), each with the reason.
    public var skipped: [String]

    /// Creates a report for this machine.
    public init(machine: MachineDescription = .current(), measurements: [Measurement] = [], skipped: [String] = []) {
        self.machine = machine
        self.measurements = measurements
        self.skipped = skipped
    }

    /// Whether every measurement with a target meets it.
    public var meetsTargets: Bool { measurements.allSatisfy { $0.meetsTarget != false } }

    /// The report as a plain-text table, one section per group.
    public func table() -> String {
        var lines = ["StackShift benchmarks — \(machine.summary)", ""]
        var groups: [String] = []
        for measurement in measurements where !groups.contains(measurement.group) { groups.append(measurement.group) }
        for group in groups {
            let rows = measurements.filter { $0.group == group }
            let nameWidth = rows.map(\.name.count).max() ?? 0
            let valueWidth = rows.map { $0.formattedValue.count }.max() ?? 0
            let unitWidth = rows.map(\.unit.count).max() ?? 0
            lines.append("[\(group)]")
            for row in rows {
                var line = "  " + row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                line += String(repeating: " ", count: valueWidth - row.formattedValue.count) + row.formattedValue
                line += " " + row.unit.padding(toLength: unitWidth, withPad: " ", startingAt: 0)
                if let target = row.target {
                    line += "  target \(target) " + (row.meetsTarget == true ? "✓" : "✗ MISSED")
                }
                if let detail = row.detail { line += "  (\(detail))" }
                lines.append(line)
            }
            lines.append("")
        }
        for reason in skipped { lines.append("skipped: \(reason)") }
        return lines.joined(separator: "\n")
    }

    /// The report as pretty-printed JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
