import Foundation
import JobStore

/// A duration option (`--ttl 30s`, `--retention 24h`, `--duration 2m`) read with the shared ``DurationText``
/// parser before anything is opened, and refused in one line that names the option and its range.
enum DurationOption {
    /// The option's length in seconds; nil when it was not given.
    static func seconds(_ text: String?, option: String, limits: DurationLimits = .positive) throws -> TimeInterval? {
        guard let text else { return nil }
        switch DurationText.parse(text, limits: limits) {
        case .success(let seconds): return seconds
        case .failure(let problem): throw CLIError("\(option) \(problem)")
        }
    }

    /// The option's length as a `Duration`; nil when it was not given.
    static func duration(_ text: String?, option: String, limits: DurationLimits = .positive) throws -> Duration? {
        // Parsed lengths are at most `DurationLimits.longest` (100 years): the milliseconds fit 64 bits.
        try seconds(text, option: option, limits: limits).map {
            .milliseconds(Int64(saturating: ($0 * 1000).rounded()))
        }
    }
}
