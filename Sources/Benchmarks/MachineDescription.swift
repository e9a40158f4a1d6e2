import Foundation

/// The machine a benchmark ran on, so numbers are never quoted without it.
public struct MachineDescription: Sendable, Codable, Hashable {
    /// The CPU model, from `/proc/cpuinfo`.
    public var cpu: String
    /// Logical CPUs.
    public var cores: Int
    /// Physical memory in GiB.
    public var memoryGiB: Double
    /// The operating system version.
    public var system: String
    /// "release" or "debug".
    public var build: String

    /// The machine this process runs on.
    public static func current() -> MachineDescription {
        let info = ProcessInfo.processInfo
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return MachineDescription(
            cpu: model, cores: info.activeProcessorCount,
            memoryGiB: (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
            system: info.operatingSystemVersionString, build: build)
    }

    /// One line: "2 × Intel Xeon …, 23.4 GiB, Ubuntu …, release build".
    public var summary: String {
        "\(cores) × \(cpu), \(memoryGiB) GiB, \(system), \(build) build"
    }
}
