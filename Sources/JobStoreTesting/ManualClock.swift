import Foundation
import JobStore
import Synchronization

/// A ``JobClock`` whose time moves only when a test moves it, so time-dependent behaviour is tested
/// without sleeping.
public final class ManualClock: JobClock {
    private let current: Mutex<Date>

    /// Creates a clock stopped at `start` (by default ``Fixtures/baseDate``).
    public init(_ start: Date = Fixtures.baseDate) {
        current = Mutex(start)
    }

    /// The clock's current time.
    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward (or back, with a negative interval) and returns the new time.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Date {
        current.withLock { now in
            now += seconds
            return now
        }
    }

    /// Moves the clock by a duration and returns the new time.
    @discardableResult
    public func advance(by duration: Duration) -> Date {
        let parts = duration.components
        return advance(by: TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18)
    }

    /// Sets the clock to a time.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
