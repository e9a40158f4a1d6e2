import Foundation
import Testing

@testable import JobStore

@Suite("What a run status change counts in the run activity")
struct RunActivityCountTests {
    /// The minute of `RecordFixtures.at(0)` (2026-01-01T00:00Z).
    let base: Int64 = 1_767_225_600 / 60

    @Test("an end counts its status in the minute it ended; a completion also its start→end time's bucket")
    func ends() {
        let running = RecordFixtures.running()
        var completed = running
        completed.status = .completed
        completed.finishedAt = RecordFixtures.at(61.5)
        completed.updatedAt = completed.finishedAt!
        let count = RunActivityCount(completed, after: running)
        #expect(
            count
                == .ended(minute: base + 1, status: .completed, latencyBucket: LatencyHistogram.bucket(millis: 61_500)))
        #expect(count?.columns == ["completed", "latency_\(LatencyHistogram.bucket(millis: 61_500))"])

        var canceled = RecordFixtures.run(.queued)
        canceled.status = .canceled
        canceled.updatedAt = RecordFixtures.at(150)  // no finish time: its last update stands in
        #expect(RunActivityCount(canceled, after: RecordFixtures.run(.queued))?.columns == ["canceled"])
        #expect(RunActivityCount(canceled, after: RecordFixtures.run(.queued))?.minute == base + 2)
    }

    @Test(
        "a running try that failed and goes back to the queue is a retry; a release, a claim or no change count nothing"
    )
    func retries() {
        let running = RecordFixtures.running()
        var retried = running
        retried.status = .scheduled
        retried.failures = 1
        retried.updatedAt = RecordFixtures.at(59.999)
        #expect(RunActivityCount(retried, after: running) == .retried(minute: base))

        var released = running
        released.status = .queued
        #expect(RunActivityCount(released, after: running) == nil)
        #expect(RunActivityCount(running, after: RecordFixtures.run(.queued)) == nil)
        #expect(RunActivityCount(running, after: running) == nil)
    }

    @Test("a completion whose start→end time overflows Int64 milliseconds lands in the last bucket, without trapping")
    func extremeInstants() {
        let running = RecordFixtures.running()
        var completed = running
        completed.status = .completed
        completed.createdAt = Date(timeIntervalSince1970: -1e300)
        completed.finishedAt = Date(timeIntervalSince1970: 1e300)
        let count = RunActivityCount(completed, after: running)
        #expect(
            count == .ended(minute: .max / 60_000, status: .completed, latencyBucket: LatencyHistogram.bucketCount - 1))
    }

    @Test("minutes round down, before 1970 as after")
    func minutes() {
        #expect(RunActivityCount.minute(0) == 0 && RunActivityCount.minute(59_999) == 0)
        #expect(RunActivityCount.minute(60_000) == 1)
        #expect(RunActivityCount.minute(-1) == -1 && RunActivityCount.minute(-60_000) == -1)
        #expect(RunActivityCount.minute(-60_001) == -2)
        #expect(RunActivityCount.minute(.min) < 0 && RunActivityCount.minute(.max) > 0)
    }

    @Test("a run as stored has every instant rounded to whole milliseconds, and nothing else changed")
    func asStored() {
        var run = RecordFixtures.running()
        run.updatedAt = RecordFixtures.at(2.0004)
        run.wait = WaitCondition(
            step: "s", eventName: "e", eventKey: "k", until: RecordFixtures.at(9.0006), since: RecordFixtures.at(3.0005)
        )
        let stored = run.asStored
        #expect(stored.updatedAt == Date(millis: RecordFixtures.at(2.0004).millis))
        #expect(stored.wait?.until?.millis == RecordFixtures.at(9.001).millis)
        #expect(stored.wait?.since == Date(millis: RecordFixtures.at(3.0005).millis))
        #expect(stored.asStored == stored)
        var unrounded = stored
        unrounded.updatedAt = run.updatedAt
        unrounded.wait = run.wait
        #expect(unrounded == run)
    }
}
