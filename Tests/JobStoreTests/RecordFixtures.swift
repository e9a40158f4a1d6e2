import Foundation
import JobStore

/// Records for the rule tests, anchored on 2026-01-01T00:00:00Z so timeline texts are fixed.
enum RecordFixtures {
    /// 2026-01-01T00:00:00Z plus `seconds`.
    static func at(_ seconds: TimeInterval) -> Date {
        Date(timeIntervalSince1970: 1_767_225_600 + seconds)
    }

    /// A run of `job` on `default` in `status`, created at the base date.
    static func run(
        _ status: RunStatus, id: RunID = "run_1", attempt: Int = 0, failures: Int = 0, maxAttempts: Int = 5,
        priority: Int = 0
    ) -> RunRecord {
        RunRecord(
            id: id, job: "job", queue: "default", status: status, priority: priority, payloadJSON: "{}",
            attempt: attempt, failures: failures, maxAttempts: maxAttempts,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts), createdAt: at(0), updatedAt: at(0))
    }

    /// A run `worker` holds in attempt `attempt`, its lease expiring at 30 s.
    static func running(attempt: Int = 1, worker: WorkerID = "w1") -> RunRecord {
        var run = run(.running, attempt: attempt)
        run.leaseOwner = worker
        run.leaseExpiresAt = at(30)
        run.startedAt = at(1)
        run.currentStep = "fetch"
        return run
    }

    /// The lease of a run `running(attempt:worker:)` made.
    static func lease(attempt: Int = 1, worker: WorkerID = "w1") -> RunLease {
        RunLease(runId: "run_1", attempt: attempt, workerId: worker)
    }

    /// An error as a handler would report it.
    static func error(_ message: String) -> ErrorDetail {
        ErrorDetail(type: "TestError", message: message, retryable: true)
    }
}
