import Foundation
import GRDB
import JobStore

extension SQLiteJobStore {
    /// Stores a step's result or error for the attempt holding the lease (see ``JobStore/saveStep(_:)``).
    public func saveStep(_ params: SaveStepParams) async throws -> SaveStepResult {
        guard params.status == .completed || params.status == .failed else {
            throw JobStoreError.invalidInput(
                "saveStep records completed or failed steps, not \(params.status.rawValue) ones")
        }
        return try await write { tx in try tx.saveStep(params) }
    }

    /// Resolves an event wait: the earliest matching unconsumed event, a passed timeout, or suspension
    /// (see ``JobStore/awaitEvent(_:)``).
    public func awaitEvent(_ params: AwaitEventParams) async throws -> StepWaitOutcome {
        try await write { tx in try tx.awaitEvent(params) }
    }

    /// Resolves a durable sleep: elapsed, or suspension until the wake-up time (see ``JobStore/sleep(_:)``).
    public func sleep(_ params: SleepParams) async throws -> StepWaitOutcome {
        try await write { tx in try tx.sleep(params) }
    }
}

extension Transaction {
    func saveStep(_ params: SaveStepParams) throws -> SaveStepResult {
        let run = try requireLease(params.lease)
        let existing = try step(runId: run.id, name: params.name)
        let failed = params.status == .failed
        let record = StepRecord(
            runId: run.id, name: params.name, kind: existing?.kind ?? .run, status: params.status,
            attempt: params.lease.attempt, failures: (existing?.failures ?? 0) + (failed ? 1 : 0),
            startedAt: params.startedAt, endedAt: params.now, resultJSON: failed ? nil : params.resultJSON,
            // The last error stays visible after a later success: it explains the failures count.
            error: params.error ?? existing?.error)
        let stored = try saveStep(record)
        if failed {
            let error = params.error.map { "\($0.type): \($0.message)" } ?? "no error recorded"
            try appendTimeline(
                run, at: params.now, kind: .stepFailed, step: params.name,
                message: "step \(params.name) failed (failure \(stored.failures)): \(error)")
        } else {
            try appendTimeline(
                run, at: params.now, kind: .stepCompleted, step: params.name, message: "step \(params.name) completed")
        }
        return SaveStepResult(step: stored, cancelRequested: run.cancelRequested)
    }

    func awaitEvent(_ params: AwaitEventParams) throws -> StepWaitOutcome {
        let run = try requireLease(params.lease)
        let existing = try step(runId: run.id, name: params.step)
        switch existing?.status {
        case .completed: return .resumed(payloadJSON: existing?.resultJSON)
        case .timedOut: return .timedOut
        default: break
        }
        // The deadline set when the wait began survives replays, so a replay cannot extend it.
        let until = existing.map(\.until) ?? params.timeoutAt
        var record = StepRecord(
            runId: run.id, name: params.step, kind: .waitForEvent, status: .waiting, attempt: params.lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? params.now,
            eventName: params.eventName, eventKey: params.eventKey, until: until)
        let label = "\(params.eventName) key \(params.eventKey)"

        if let event = try earliestUnconsumedEvent(
            for: run, name: params.eventName, key: params.eventKey, now: params.now)
        {
            try recordConsumption(eventId: event.id, runId: run.id, step: params.step, now: params.now)
            record.status = .completed
            record.endedAt = params.now
            record.resultJSON = event.payload
            try saveStep(record)
            try appendTimeline(
                run, at: params.now, kind: .eventReceived, step: params.step,
                message: "event \(label) (#\(event.id)) matched the wait")
            return .resumed(payloadJSON: event.payload)
        }
        if let until, until.millis <= params.now.millis {
            record.status = .timedOut
            record.endedAt = params.now
            try saveStep(record)
            try appendTimeline(
                run, at: params.now, kind: .timedOut, step: params.step,
                message: "wait for \(label) timed out at \(TimelineText.time(until))")
            return .timedOut
        }
        try saveStep(record)
        let wait = WaitCondition(
            step: params.step, eventName: params.eventName, eventKey: params.eventKey, until: until, since: params.now)
        let suspended = try suspend(run, wait: wait, now: params.now)
        let deadline = until.map { " until \(TimelineText.time($0))" } ?? ""
        try appendTimeline(
            suspended, at: params.now, kind: .waitingForEvent, step: params.step,
            message: "waiting for \(label)\(deadline)")
        return .suspended
    }

    func sleep(_ params: SleepParams) throws -> StepWaitOutcome {
        let run = try requireLease(params.lease)
        let existing = try step(runId: run.id, name: params.step)
        if existing?.status == .completed { return .resumed(payloadJSON: nil) }
        let wakeAt = existing?.until ?? params.wakeAt
        var record = StepRecord(
            runId: run.id, name: params.step, kind: .sleep, status: .sleeping, attempt: params.lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? params.now, until: wakeAt)
        if wakeAt.millis <= params.now.millis {
            record.status = .completed
            record.endedAt = params.now
            try saveStep(record)
            try appendTimeline(
                run, at: params.now, kind: .stepCompleted, step: params.step,
                message: "sleep \(params.step) ended at \(TimelineText.time(wakeAt))")
            return .resumed(payloadJSON: nil)
        }
        try saveStep(record)
        let suspended = try suspend(
            run, wait: WaitCondition(step: params.step, until: wakeAt, since: params.now), now: params.now)
        try appendTimeline(
            suspended, at: params.now, kind: .sleeping, step: params.step,
            message: "sleeping until \(TimelineText.time(wakeAt))")
        return .suspended
    }

    /// Ends the attempt as suspended and parks the run as `waiting`; `runAt` is when it wakes by itself.
    private func suspend(_ current: RunRecord, wait: WaitCondition, now: Date) throws -> RunRecord {
        var run = current
        run.status = .waiting
        run.wait = wait
        run.runAt = wait.until
        run.updatedAt = now
        run.leaseOwner = nil
        run.leaseExpiresAt = nil
        run.currentStep = nil
        let stored = try update(run, from: current.status)
        try endAttempt(runId: run.id, number: current.attempt, outcome: .suspended, at: now)
        return stored
    }

    /// The earliest live event on (name, key) that arrived once the run existed and the run has not consumed.
    func earliestUnconsumedEvent(
        for run: RunRecord, name: String, key: String, now: Date
    ) throws -> (id: Int64, payload: String)? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, payload FROM events e
                WHERE name = ? AND key = ? AND received_at >= ? AND expires_at > ?
                    AND NOT EXISTS (SELECT 1 FROM event_consumptions c WHERE c.event_id = e.id AND c.run_id = ?)
                ORDER BY received_at, id LIMIT 1
                """)
        let arguments: StatementArguments = [name, key, run.createdAt.millis, now.millis, run.id]
        guard let row = try Row.fetchOne(statement, arguments: arguments) else { return nil }
        return (row["id"], row["payload"])
    }

    func recordConsumption(eventId: Int64, runId: RunID, step: String, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO event_consumptions (event_id, run_id, step, consumed_at) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [eventId, runId, step, now.millis])
    }
}
