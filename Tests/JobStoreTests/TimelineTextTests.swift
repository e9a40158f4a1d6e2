import Foundation
import JobStore
import Testing

@Suite("Timeline text")
struct TimelineTextTests {
    private func run(_ status: RunStatus, attempt: Int, failures: Int, maxAttempts: Int = 5) -> RunRecord {
        RunRecord(
            id: "run_1", job: "job", queue: "default", status: status, payloadJSON: "{}", attempt: attempt,
            failures: failures, maxAttempts: maxAttempts, retryPolicy: RetryPolicy(maxAttempts: maxAttempts),
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test("tries count failures, not claims: resumes from waits stay on the same try")
    func triesCountFailures() {
        #expect(TimelineText.tries(run(.waiting, attempt: 4, failures: 0)) == "1/5")
        #expect(TimelineText.tries(run(.running, attempt: 6, failures: 2)) == "3/5")
        #expect(TimelineText.tries(run(.scheduled, attempt: 2, failures: 1)) == "2/5", "the next try")
        #expect(TimelineText.tries(run(.queued, attempt: 0, failures: 0)) == "1/5", "not started: first try next")
        #expect(TimelineText.tries(run(.completed, attempt: 3, failures: 2)) == "3/5", "completed on its third")
        #expect(TimelineText.tries(run(.failed, attempt: 7, failures: 5)) == "5/5", "failed: every try used")
        #expect(TimelineText.failures(run(.failed, attempt: 7, failures: 5)) == "failures 5/5")
    }
}
