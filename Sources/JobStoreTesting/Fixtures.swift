import Foundation
import JobStore

/// Builders for store parameters with sensible defaults, all anchored on a fixed base date so tests are
/// deterministic and times survive a store's millisecond rounding.
public enum Fixtures {
    /// 2026-01-01T00:00:00Z: the time every fixture counts from.
    public static let baseDate = Date(timeIntervalSince1970: 1_767_225_600)

    /// The base date plus `seconds`.
    public static func at(_ seconds: TimeInterval) -> Date {
        baseDate.addingTimeInterval(seconds)
    }

    /// Parameters for a run of `job` on `queue`, created at `now` with a fresh time-ordered id.
    public static func createRun(
        job: String = "job", queue: String = "default", payloadJSON: String = "{}", priority: Int = 0,
        runAt: Date? = nil, retryPolicy: RetryPolicy? = .standard, maxAttempts: Int? = nil,
        idempotencyKey: String? = nil, idempotencyExpiresAt: Date? = nil, now: Date = baseDate
    ) -> CreateRunParams {
        CreateRunParams(
            id: Identifier.run(at: now), job: job, queue: queue, payloadJSON: payloadJSON, priority: priority,
            runAt: runAt, retryPolicy: retryPolicy, maxAttempts: maxAttempts, idempotencyKey: idempotencyKey,
            idempotencyExpiresAt: idempotencyExpiresAt, now: now)
    }

    /// Parameters for a claim by `workerId`, with a lease of `leaseSeconds` from `now`.
    public static func claim(
        workerId: WorkerID = "worker-1", queues: [String] = ["default"], jobs: [String] = ["job"], limit: Int = 1,
        leaseSeconds: TimeInterval = 30, now: Date = baseDate
    ) -> ClaimRunsParams {
        ClaimRunsParams(
            workerId: workerId, queues: queues, jobs: jobs, limit: limit,
            leaseExpiresAt: now.addingTimeInterval(leaseSeconds), now: now)
    }

    /// A worker registration that started and last heartbeated at `now`.
    public static func worker(
        id: WorkerID = "worker-1", queues: [String] = ["default"], jobs: [String] = ["job"], concurrency: Int = 4,
        now: Date = baseDate
    ) -> WorkerRecord {
        WorkerRecord(
            id: id, host: "test-host", pid: 4242, queues: queues, jobs: jobs, concurrency: concurrency,
            startedAt: now, heartbeatAt: now)
    }

    /// An error as a handler would report it.
    public static func error(
        _ message: String = "boom", type: String = "TestError", retryable: Bool = true
    )
        -> ErrorDetail
    {
        ErrorDetail(type: type, message: message, location: "Tests.swift:1", retryable: retryable)
    }

    /// A log line for a run.
    public static func log(
        _ message: String, runId: RunID, attempt: Int = 1, step: String? = nil, level: LogLevel = .info,
        at: Date = baseDate
    ) -> LogRecord {
        LogRecord(runId: runId, attempt: attempt, step: step, level: level, message: message, at: at)
    }
}
