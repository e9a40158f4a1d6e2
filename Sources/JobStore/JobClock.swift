import Foundation

/// Where the engine reads the time. Stores never read a clock: every operation is passed `now`.
///
/// Tests use `ManualClock` from `JobStoreTesting` to move time by hand.
public protocol JobClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: JobClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Date { Date() }
}
