import Foundation
import JobStore

/// Durable steps, reached as `ctx.step`.
///
/// A handler is replayed from the top on every attempt and resume. A step whose result was committed
/// returns that result without running again; the step in flight at a crash runs again (at least once),
/// so write it to be idempotent, or hand the external system the step's idempotency key (the `run` whose body
/// takes a key). Using the same name twice in one run gives the second use the name
/// `name#2`, so steps in loops work.
public struct StepRunner: Sendable {
    let attempt: AttemptState
    let store: any JobStore
    let clock: any JobClock

    /// Runs `body` once and remembers its result.
    ///
    /// - Parameters:
    ///   - name: The step's name, unique in the run (repeats get `#2`, `#3`, …).
    ///   - retry: The step's own retry policy; when this step throws, it decides whether and when the run
    ///     is retried, counting this step's failures rather than the run's attempts.
    ///   - body: The work. Its result must be `Codable`: it is stored as JSON.
    /// - Returns: The result, computed now or stored by an earlier attempt.
    @discardableResult
    public func run<Output: Codable & Sendable>(
        _ name: String, retry: RetryPolicy? = nil, _ body: @Sendable () async throws -> Output
    ) async throws -> Output {
        try await run(name, retry: retry) { (_: String) in try await body() }
    }

    /// Runs `body` once and remembers its result, handing it the step's idempotency key.
    ///
    /// The key (`<run id>/<step name>`, e.g. `run_01j…/charge-card#2`) is the same on every attempt of this
    /// step and different for every other step. Pass it to the external system the step calls (a payment
    /// provider's `Idempotency-Key`), so a step that crashed after that call and runs again does not repeat
    /// the effect:
    ///
    /// ```swift
    /// let charge = try await ctx.step.run("charge-card") { key in
    ///     try await payments.charge(order.total, card: order.card, idempotencyKey: key)
    /// }
    /// ```
    @discardableResult
    public func run<Output: Codable & Sendable>(
        _ name: String, retry: RetryPolicy? = nil, _ body: @Sendable (_ idempotencyKey: String) async throws -> Output
    ) async throws -> Output {
        let stepName = attempt.nextStepName(name)
        let key = "\(attempt.lease.runId)/\(stepName)"
        if let stored = attempt.storedStep(stepName), stored.status == .completed {
            return try JSONCodec.decode(Output.self, from: stored.resultJSON ?? "null")
        }
        attempt.endReplay()
        try attempt.checkStop()
        attempt.currentStep = stepName
        defer { attempt.currentStep = nil }
        let startedAt = clock.now()
        let began = ContinuousClock.now
        let output: Output
        do {
            defer { EngineMetrics.stepRan(attempt.run, for: began.duration(to: .now)) }
            output = try await body(key)
        } catch {
            if attempt.stop != nil { throw RunCancellation() }
            let detail = ErrorDetail(describing: error, location: "step \(stepName)")
            let saved = try await save(stepName, status: .failed, error: detail, startedAt: startedAt)
            throw StepFailure(step: stepName, underlying: error, retryPolicy: retry, failures: saved.failures)
        }
        _ = try await save(stepName, status: .completed, resultJSON: try JSONCodec.encode(output), startedAt: startedAt)
        try attempt.checkStop()
        return output
    }

    /// Runs `body` once; for steps that return nothing.
    public func run(
        _ name: String, retry: RetryPolicy? = nil, _ body: @Sendable () async throws -> Void
    ) async throws {
        try await run(name, retry: retry) { (_: String) in try await body() }
    }

    /// Runs `body` once, handing it the step's idempotency key; for steps that return nothing.
    public func run(
        _ name: String, retry: RetryPolicy? = nil, _ body: @Sendable (_ idempotencyKey: String) async throws -> Void
    ) async throws {
        let _: JSONValue = try await run(name, retry: retry) { (key: String) in
            try await body(key)
            return JSONValue.null
        }
    }

    /// Pauses the run without holding a worker until an event with this name and correlation key arrives.
    ///
    /// The run is `waiting` meanwhile. It matches the earliest event on (event, key) received after the
    /// run was created that it has not consumed yet, so an event sent before the wait still resumes it.
    ///
    /// - Returns: The event's payload, or nil when `timeout` passed first.
    public func waitForEvent<Event: Decodable & Sendable>(
        _ name: String, event: String, key: String, timeout: Duration? = nil, as type: Event.Type = Event.self
    ) async throws -> Event? {
        let stepName = attempt.nextStepName(name)
        if let stored = attempt.storedStep(stepName) {
            switch stored.status {
            case .completed: return try JSONCodec.decode(Event.self, from: stored.resultJSON ?? "null")
            case .timedOut: return nil
            case .failed, .waiting, .sleeping: break
            }
        }
        attempt.endReplay()
        try attempt.checkStop()
        try await flushLogs()
        let now = clock.now()
        let outcome = try await store.awaitEvent(
            AwaitEventParams(
                lease: attempt.lease, step: stepName, eventName: event, eventKey: key,
                timeoutAt: timeout.map { now.addingTimeInterval($0.timeInterval) }, now: now))
        switch outcome {
        case .resumed(let payload):
            return try JSONCodec.decode(Event.self, from: payload ?? "null")
        case .timedOut:
            return nil
        case .suspended:
            attempt.markSuspended()
            throw RunSuspended()
        }
    }

    /// Like ``waitForEvent(_:event:key:timeout:as:)`` but throws ``EventWaitTimeout`` instead of returning nil.
    public func waitForEvent<Event: Decodable & Sendable>(
        _ name: String, event: String, key: String, timeout: Duration, throwOnTimeout: Bool,
        as type: Event.Type = Event.self
    ) async throws -> Event {
        guard let value = try await waitForEvent(name, event: event, key: key, timeout: timeout, as: type) else {
            throw EventWaitTimeout(step: name, event: event, key: key)
        }
        return value
    }

    /// Pauses the run without holding a worker for `duration`; survives restarts.
    public func sleep(_ name: String, for duration: Duration) async throws {
        try await sleepUntil(name, clock.now().addingTimeInterval(duration.timeInterval))
    }

    /// Pauses the run without holding a worker until `date`; survives restarts.
    ///
    /// On replay the first recorded wake-up time wins, so a sleep is never extended by a retry.
    public func sleepUntil(_ name: String, _ date: Date) async throws {
        let stepName = attempt.nextStepName(name)
        if let stored = attempt.storedStep(stepName), stored.status == .completed { return }
        attempt.endReplay()
        try attempt.checkStop()
        try await flushLogs()
        let outcome = try await store.sleep(
            SleepParams(lease: attempt.lease, step: stepName, wakeAt: date, now: clock.now()))
        switch outcome {
        case .resumed, .timedOut:
            return
        case .suspended:
            attempt.markSuspended()
            throw RunSuspended()
        }
    }

    private func save(
        _ name: String, status: StepStatus, resultJSON: String? = nil, error: ErrorDetail? = nil, startedAt: Date
    ) async throws -> StepRecord {
        try await flushLogs()
        let result = try await store.saveStep(
            SaveStepParams(
                lease: attempt.lease, name: name, status: status, resultJSON: resultJSON, error: error,
                startedAt: startedAt, now: clock.now()))
        attempt.remember(result.step)
        if result.cancelRequested { attempt.requestStop(.cancelRequested) }
        return result.step
    }

    func flushLogs() async throws {
        let lines = attempt.drainLogs()
        if !lines.isEmpty { try await store.appendLogs(AppendLogsParams(lines: lines)) }
    }
}
