import Foundation

/// Memory as Linux reports it in `/proc/PID/status`: the console benchmark reads the console's peak, the
/// soak this process's resident size each minute.
enum ProcessMemory {
    /// A kB field (`VmRSS`, `VmHWM`) of a `/proc/PID/status` text, in kB; nil when it is missing.
    static func kilobytes(_ field: String, in status: String) -> Int? {
        let prefix = field + ":"
        for line in status.split(separator: "\n") where line.hasPrefix(prefix) {
            return line.dropFirst(prefix.count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        }
        return nil
    }

    /// This process's resident memory now (`VmRSS`), in kB; nil without `/proc`.
    static func residentKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return kilobytes("VmRSS", in: status)
    }
}
