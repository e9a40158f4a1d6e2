import Foundation

/// Memory as Linux reports it in `/proc/PID/status`: the console benchmark reads the console's peak, the
/// soak this process's resident size each minute.
enum ProcessMemory {
    /// A process's resident memory split as Linux counts it, in kB.
    struct Resident: Sendable, Equatable {
        /// All of it (`VmRSS`).
        var total: Int
        /// Private memory no file backs (`RssAnon`): the heap, thread stacks; what a leak grows.
        var anonymous: Int
        /// Pages of mapped files (`RssFile`): the executable's and libraries' code as it is touched, which
        /// the kernel can drop and read again.
        var file: Int

        /// The three fields of a `/proc/PID/status` text; nil when one is missing.
        init?(status: String) {
            guard let total = ProcessMemory.kilobytes("VmRSS", in: status),
                let anonymous = ProcessMemory.kilobytes("RssAnon", in: status),
                let file = ProcessMemory.kilobytes("RssFile", in: status)
            else { return nil }
            self.total = total
            self.anonymous = anonymous
            self.file = file
        }
    }

    /// A kB field (`VmRSS`, `VmHWM`) of a `/proc/PID/status` text, in kB; nil when it is missing.
    static func kilobytes(_ field: String, in status: String) -> Int? {
        let prefix = field + ":"
        for line in status.split(separator: "\n") where line.hasPrefix(prefix) {
            return line.dropFirst(prefix.count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        }
        return nil
    }

    /// A process's peak resident memory (`VmHWM`) in kB; nil once it is gone, or without `/proc`.
    static func peakKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return kilobytes("VmHWM", in: status)
    }

    /// This process's resident memory now; nil without `/proc`.
    static func resident() -> Resident? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return Resident(status: status)
    }
}
