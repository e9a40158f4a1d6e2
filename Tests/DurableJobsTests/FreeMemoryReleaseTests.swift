import Testing

@testable import DurableJobs

/// A worker hands freed memory back at most once per interval, however often its heartbeat ticks.
@Suite("Releasing free memory")
struct FreeMemoryReleaseTests {
    @Test("a release happens once the interval has passed, then not again until the next interval")
    func oncePerInterval() {
        let start = ContinuousClock.now
        var release = FreeMemoryRelease(interval: .seconds(60))
        let offsets = [10, 59, 61, 90, 121]
        let released = offsets.map { release.releaseIfDue(now: start + .seconds($0)) }
        // 90 s is due by the start, but the interval counts from the last release (61 s).
        #expect(released == [false, false, true, false, true])
    }
}
