import DurableJobs
import Foundation
import JobStore

/// Demo time: a ``JobClock`` that runs `speed` times faster than real time from a starting date.
///
/// `now() = start + realElapsed × speed`, so with `speed: 10` a 30 s retry backoff, a 24 h event timeout
/// or a cron firing every minute all pass ten times sooner. Every simulated delay in the demo goes
/// through ``sleep(for:)``, which divides by the speed, so work and time stay in proportion.
public struct DemoClock: JobClock {
    /// The demo time at which the clock started.
    public let start: Date
    /// How many demo seconds pass per real second.
    public let speed: Double
    /// The real instant `start` corresponds to; monotonic, so wall-clock jumps do not move demo time.
    let origin: ContinuousClock.Instant

    /// Creates a clock reading `start` now and running `speed` times faster than real time.
    ///
    /// - Parameters:
    ///   - start: The demo time at this instant (by default the current wall-clock time).
    ///   - speed: Demo seconds per real second; values at or below zero are treated as 1.
    public init(start: Date = Date(), speed: Double = 1) {
        self.init(start: start, speed: speed, origin: ContinuousClock.now)
    }

    /// Creates a clock anchored at a given real instant, so the mapping can be tested without waiting.
    init(start: Date, speed: Double, origin: ContinuousClock.Instant) {
        // Whole milliseconds: the store keeps milliseconds, so demo times survive a round trip unchanged.
        self.start = Date(timeIntervalSince1970: (start.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        self.speed = speed > 0 && speed.isFinite ? speed : 1
        self.origin = origin
    }

    /// The current demo time.
    public func now() -> Date { date(at: ContinuousClock.now) }

    /// The demo time at a real instant.
    func date(at instant: ContinuousClock.Instant) -> Date {
        start.addingTimeInterval((instant - origin).timeInterval * speed)
    }

    /// How much demo time has passed since the clock started.
    public var elapsed: Duration { (ContinuousClock.now - origin) * speed }

    /// The real time that `demo` of demo time takes.
    public func realDuration(_ demo: Duration) -> Duration { demo / speed }

    /// Sleeps for `demo` of demo time (that is, `demo / speed` of real time). Throws when cancelled.
    public func sleep(for demo: Duration) async throws {
        guard demo > .zero else { return }
        try await Task.sleep(for: realDuration(demo))
    }
}
