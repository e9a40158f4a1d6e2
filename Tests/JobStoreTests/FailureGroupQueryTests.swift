import Foundation
import JobStore
import Testing

@Suite("Failure groups: the buckets of a window")
struct FailureGroupQueryTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func query(window: TimeInterval) -> FailureGroupQuery {
        FailureGroupQuery(since: now.addingTimeInterval(-window), now: now)
    }

    @Test("a day is 1,440 one-minute buckets, even read a moment late; a week is 1,440 of 7 minutes")
    func bucketSizes() {
        #expect(Self.query(window: 86_400).bucketSeconds == 60)
        #expect(Self.query(window: 86_400.4).bucketSeconds == 60, "the milliseconds between two clock reads")
        #expect(Self.query(window: 86_400.4).bucketCount == 1440)
        #expect(Self.query(window: 7 * 86_400).bucketSeconds == 420)
        #expect(Self.query(window: 7 * 86_400).bucketCount == 1440)
        #expect(Self.query(window: 3600).bucketSeconds == 60 && Self.query(window: 3600).bucketCount == 60)
        #expect(Self.query(window: 0).bucketCount == 1)
    }

    @Test("a failure at the window's very end counts in the newest bucket; one before it in none")
    func edges() {
        let query = Self.query(window: 86_400.4)
        let counts = query.buckets([(bucket: 1440, count: 2), (bucket: 0, count: 1), (bucket: -1, count: 5)])
        #expect(counts.count == 1440 && counts.last == 2 && counts.first == 1 && counts.reduce(0, +) == 3)
    }

    @Test("a group's trend sums its buckets into equal slices, oldest first")
    func trend() {
        var buckets = Array(repeating: 0, count: 1440)
        buckets[0] = 1
        buckets[1439] = 4
        let group = FailureGroup(
            signature: "s", job: "j", failures: 5, runs: 2, firstSeen: Self.now, lastSeen: Self.now,
            example: ErrorDetail(type: "E", message: "m"), buckets: buckets)
        #expect(group.trend(slices: 12) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4])
        #expect(group.trend(slices: 0).isEmpty)
    }
}

extension FailureGroupQueryTests {
    @Test("a window of any length sizes its buckets without trapping: since distantPast, or 1e300 s")
    func hugeWindows() {
        let forever = FailureGroupQuery(since: .distantPast, now: Self.now)
        #expect(forever.bucketCount <= FailureGroupQuery.maximumBuckets && forever.bucketMillis > 0)
        let absurd = FailureGroupQuery(since: Self.now.addingTimeInterval(-1e300), now: Self.now)
        #expect(absurd.bucketSeconds == Int.max && absurd.bucketMillis == .max && absurd.bucketCount >= 1)
    }
}
