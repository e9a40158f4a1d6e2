import Foundation
import JobStore
import Testing

/// The base date plus `seconds`: every check states its times this way.
func at(_ seconds: TimeInterval) -> Date {
    Fixtures.at(seconds)
}

/// Does `body` throw a ``JobStoreError`` of the expected case (ignoring associated values)?
func expectStoreError(
    _ matches: (JobStoreError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected a JobStoreError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as JobStoreError {
        #expect(matches(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a JobStoreError, got \(error)", sourceLocation: sourceLocation)
    }
}

extension JobStore {
    /// Creates a run with fixture defaults at `seconds` after the base date.
    @discardableResult
    func makeRun(
        _ job: String = "job", queue: String = "default", at seconds: TimeInterval = 0, runAt: TimeInterval? = nil,
        priority: Int = 0, policy: RetryPolicy = .standard, payload: String = "{}"
    ) async throws -> RunRecord {
        let params = Fixtures.createRun(
            job: job, queue: queue, payloadJSON: payload, priority: priority, runAt: runAt.map(at),
            retryPolicy: policy, now: at(seconds))
        return try await createdRun(params)
    }

    /// Claims up to `limit` runs.
    func claim(
        worker: WorkerID = "worker-1", queues: [String] = ["default"], jobs: [String] = ["job"], limit: Int = 10,
        at seconds: TimeInterval = 0, leaseSeconds: TimeInterval = 30
    ) async throws -> [ClaimedRun] {
        try await claimRuns(
            Fixtures.claim(
                workerId: worker, queues: queues, jobs: jobs, limit: limit, leaseSeconds: leaseSeconds,
                now: at(seconds)))
    }

    /// Claims exactly one run, failing the check otherwise.
    func claimOne(
        worker: WorkerID = "worker-1", queues: [String] = ["default"], jobs: [String] = ["job"],
        at seconds: TimeInterval = 0, leaseSeconds: TimeInterval = 30,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ClaimedRun {
        let claimed = try await claim(
            worker: worker, queues: queues, jobs: jobs, limit: 1, at: seconds, leaseSeconds: leaseSeconds)
        return try #require(claimed.first, "expected to claim a run", sourceLocation: sourceLocation)
    }

    /// The run's full detail, failing the check when it is missing.
    func detail(_ id: RunID, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunDetail {
        try #require(
            try await runDetail(RunDetailParams(runId: id)), "run \(id) is missing", sourceLocation: sourceLocation)
    }

    /// The run as stored now.
    func record(_ id: RunID, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunRecord {
        try await detail(id, sourceLocation: sourceLocation).run
    }

    /// Saves a completed step for the lease.
    @discardableResult
    func complete(
        _ step: String, result: String = "null", lease: RunLease, at seconds: TimeInterval = 0
    )
        async throws -> SaveStepResult
    {
        try await saveStep(
            SaveStepParams(
                lease: lease, name: step, status: .completed, resultJSON: result, startedAt: at(seconds),
                now: at(seconds)))
    }

    /// Ends the attempt.
    @discardableResult
    func finish(_ lease: RunLease, _ end: AttemptEnd, at seconds: TimeInterval = 0) async throws -> RunRecord {
        try await finishAttempt(FinishAttemptParams(lease: lease, end: end, now: at(seconds)))
    }

    /// Waits for an event in a step.
    func wait(
        _ step: String, event: String = "payment.confirmed", key: String, timeout: TimeInterval? = nil,
        lease: RunLease, at seconds: TimeInterval = 0
    ) async throws -> StepWaitOutcome {
        try await awaitEvent(
            AwaitEventParams(
                lease: lease, step: step, eventName: event, eventKey: key, timeoutAt: timeout.map(at),
                now: at(seconds)))
    }

    /// Sends an event that is retained for a day.
    @discardableResult
    func send(
        _ event: String = "payment.confirmed", key: String, payload: String = #"{"ok":true}"#,
        at seconds: TimeInterval = 0, retention: TimeInterval = 86_400
    ) async throws -> SendEventResult {
        try await sendEvent(
            SendEventParams(
                name: event, key: key, payloadJSON: payload, expiresAt: at(seconds + retention), now: at(seconds)))
    }

    /// Every run in the store, newest first.
    func allRuns() async throws -> [RunRecord] {
        try await listRuns(RunQuery(limit: 100_000))
    }

    /// The kinds of the run's timeline entries, oldest first.
    func timelineKinds(_ id: RunID) async throws -> [TimelineKind] {
        try await detail(id).timeline.map(\.kind)
    }
}

/// Matches ``JobStoreError/invalidInput(_:)`` whatever its message.
func isInvalidInput(_ error: JobStoreError) -> Bool {
    if case .invalidInput = error { true } else { false }
}
