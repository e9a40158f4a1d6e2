import DurableJobs
import Foundation
import JobStore

/// How fast the demo's story unfolds: converts scenario time (the "demo time" that scenario files and the
/// demo's jobs write their durations in) into the real time the demo waits.
///
/// The demo compresses its *waiting*, never the clock: with `speed: 10`, a 30 s retry backoff is handed to
/// the engine as 3 s, a 24 h event timeout as 2.4 h, and a provider outage that "lasts 20m" ends 2 real
/// minutes after the start. The engine runs on the real wall clock, so every time stored in the database is
/// a real time, and the CLI and the console show true ages.
public struct DemoPace: Sendable {
    /// Scenario seconds per real second.
    public let speed: Double
    /// The wall-clock time the demo started.
    public let startedAt: Date
    /// The monotonic instant the demo started, so wall-clock jumps do not move the scenario's windows.
    let origin: ContinuousClock.Instant

    /// Creates a pace starting now.
    ///
    /// - Parameter speed: Scenario seconds per real second; values at or below zero (or not finite) are 1.
    public init(speed: Double) {
        self.init(speed: speed, startedAt: Date(), origin: .now)
    }

    /// Creates a pace that started at a given instant, so windows can be tested without waiting.
    init(speed: Double, startedAt: Date, origin: ContinuousClock.Instant) {
        self.speed = speed > 0 && speed.isFinite ? speed : 1
        self.startedAt = startedAt
        self.origin = origin
    }

    /// The real time that `scenario` of scenario time takes.
    public func real(_ scenario: Duration) -> Duration { scenario / speed }

    /// The real time that a scenario duration takes.
    public func real(_ scenario: DemoDuration) -> Duration { real(scenario.duration) }

    /// The real number of seconds that `scenarioSeconds` take (for APIs that count in seconds).
    public func realSeconds(_ scenarioSeconds: TimeInterval) -> TimeInterval { scenarioSeconds / speed }

    /// The scenario time that `real` of real time stands for.
    public func scenario(_ real: Duration) -> Duration { real * speed }

    /// The real time passed since the demo started.
    public var elapsed: Duration { ContinuousClock.now - origin }

    /// Whether `scenario` of scenario time has passed since the demo started.
    public func hasPassed(_ scenario: DemoDuration) -> Bool { elapsed >= real(scenario) }

    /// The wall-clock time at which `scenario` of scenario time will have passed since the start.
    public func date(after scenario: DemoDuration) -> Date {
        startedAt.addingTimeInterval(realSeconds(scenario.seconds))
    }

    /// A scenario duration as the real time it takes, with the scenario's own length when they differ:
    /// `144m (1d of demo time)` at speed 10, `1d` at speed 1.
    public func describe(_ scenario: DemoDuration) -> String {
        let real = DemoDuration(seconds: realSeconds(scenario.seconds))
        return speed == 1 ? "\(scenario)" : "\(real) (\(scenario) of demo time)"
    }

    /// Sleeps for `scenario` of scenario time (that is, `scenario / speed` of real time). Throws when cancelled.
    public func sleep(for scenario: Duration) async throws {
        guard scenario > .zero else { return }
        try await Task.sleep(for: real(scenario))
    }

    /// A retry policy written in scenario time, with its delays converted to real time for the engine.
    public func real(_ policy: RetryPolicy) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: policy.maxAttempts, initialDelay: realSeconds(policy.initialDelay),
            maxDelay: realSeconds(policy.maxDelay), multiplier: policy.multiplier, jitter: policy.jitter)
    }
}
