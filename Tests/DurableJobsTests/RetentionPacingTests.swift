import Testing

@testable import DurableJobs

/// How the workers' retention pass sizes its batches: to hold the writer about its budget, within bounds, and
/// never jumping to a long batch on one quick measurement.
@Suite("Retention pacing")
struct RetentionPacingTests {
    let pacing = RetentionPass.Pacing(budget: .milliseconds(1), sizes: 5...500)

    @Test("a batch that took twice the budget halves the next one; one that took half doubles it")
    func followsTheBudget() {
        #expect(pacing.nextSize(after: 40, took: .milliseconds(2), current: 40) == 20)
        #expect(pacing.nextSize(after: 40, took: .microseconds(500), current: 40) == 80)
    }

    @Test("the size stays within its bounds, and grows at most twofold")
    func bounded() {
        #expect(pacing.nextSize(after: 5, took: .milliseconds(50), current: 5) == 5, "a slow database still progresses")
        #expect(pacing.nextSize(after: 20, took: .nanoseconds(1), current: 20) == 40, "one quick batch: twice, not 500")
        #expect(pacing.nextSize(after: 400, took: .nanoseconds(1), current: 400) == 500)
        #expect(pacing.nextSize(after: 10, took: .zero, current: 10) == 20, "a zero time does not divide by zero")
    }

    @Test("an empty batch keeps the size")
    func emptyBatch() {
        #expect(pacing.nextSize(after: 0, took: .milliseconds(3), current: 60) == 60)
    }
}
