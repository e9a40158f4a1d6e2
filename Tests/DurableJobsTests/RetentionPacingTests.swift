import Testing

@testable import DurableJobs

/// How a retention pass spaces its batches: a light, steady load while its budget lasts, at least twice each
/// batch's time always, and back to back for an operator's prune.
@Suite("Retention pacing")
struct RetentionPacingTests {
    typealias Pacing = RetentionPass.Pacing

    @Test("while the budget lasts, batches spread so the last pass's count fills it")
    func spreads() {
        let pacing = Pacing.spread(budget: .seconds(5), expectedBatches: 100)
        // 50 ms per batch start: a 2 ms batch waits 48 ms.
        #expect(pacing.pause(after: .milliseconds(2), elapsed: .seconds(1)) == .milliseconds(48))
    }

    @Test("a batch slower than its share still leaves the writer twice its time")
    func atLeastTwiceTheBatch() {
        let pacing = Pacing.spread(budget: .seconds(5), expectedBatches: 100)
        #expect(pacing.pause(after: .milliseconds(40), elapsed: .seconds(1)) == .milliseconds(80))
    }

    @Test("once the budget is spent (more to delete than last time) it catches up at twice each batch's time")
    func catchesUp() {
        let pacing = Pacing.spread(budget: .seconds(5), expectedBatches: 100)
        #expect(pacing.pause(after: .milliseconds(2), elapsed: .seconds(5)) == .milliseconds(4))
    }

    @Test("the first pass, with nothing to go by, paces at twice each batch's time, and never less than 1 ms")
    func firstPass() {
        let pacing = Pacing.spread(budget: .zero, expectedBatches: 0)
        #expect(pacing.pause(after: .milliseconds(3), elapsed: .zero) == .milliseconds(6))
        #expect(pacing.pause(after: .microseconds(100), elapsed: .zero) == .milliseconds(1))
    }

    @Test("an operator's prune runs its batches back to back")
    func unpaced() {
        #expect(Pacing.none.pause(after: .milliseconds(3), elapsed: .zero) == nil)
    }
}
