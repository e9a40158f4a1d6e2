import Foundation

/// Where the engine reads the time. Stores never read a clock: every operation is passed `now`.
///
/// Tests use `ManualClock` from `JobStoreTesting` to move time by hand.
public protocol JobClock: Sendable {
    /// The current time.
    func now() -> Date

    /// How many clock seconds pass per real second: 1 for the wall clock, more for a compressed demo clock.
    ///
    /// Workers pace heartbeats in real time, so they divide their heartbeat interval by this rate to keep
    /// renewing leases (measured in clock time) before they expire.
    var rate: Double { get }
}

extension JobClock {
    /// Clocks run at real-time rate unless they say otherwise.
    public var rate: Double { 1 }
}

/// The system's wall clock.
public struct SystemClock: JobClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Date { Date() }
}
