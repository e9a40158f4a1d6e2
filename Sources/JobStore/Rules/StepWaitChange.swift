import Foundation

/// How an event wait or a durable sleep resolves (``JobStore/awaitEvent(_:)``, ``JobStore/sleep(_:)``),
/// worked out from the run and the step as read, for a driver to write: the step record, the run's
/// suspension if it pauses, the event it consumed, and the timeline entry.
public struct StepWaitChange: Sendable, Hashable {
    /// The step record to store.
    public var step: StepRecord
    /// The run after it pauses (`waiting`, lease released); its attempt ends `suspended`. nil when the run goes
    /// on running.
    public var suspendedRun: RunRecord?
    /// The event the wait consumed, to record as consumed by the run.
    public var consumedEventId: Int64?
    /// What the timeline records.
    public var timelineKind: TimelineKind
    /// The timeline entry's message.
    public var message: String
    /// What the handler is told.
    public var outcome: StepWaitOutcome

    /// Creates a change.
    public init(
        step: StepRecord, suspendedRun: RunRecord? = nil, consumedEventId: Int64? = nil, timelineKind: TimelineKind,
        message: String, outcome: StepWaitOutcome
    ) {
        self.step = step
        self.suspendedRun = suspendedRun
        self.consumedEventId = consumedEventId
        self.timelineKind = timelineKind
        self.message = message
        self.outcome = outcome
    }
}

extension AwaitEventParams {
    /// What a replay returns without writing anything: the stored payload of a wait that matched, or the
    /// timeout of one that timed out. nil when the wait is still to resolve.
    public func replayedOutcome(_ existing: StepRecord?) -> StepWaitOutcome? {
        switch existing?.status {
        case .completed: .resumed(payloadJSON: existing?.resultJSON)
        case .timedOut: .timedOut
        default: nil
        }
    }

    /// The wait resolved for `run` (holding the lease) with the step as stored (`existing`) and the earliest
    /// unconsumed matching event, if the driver found one: it matches, it times out once its deadline is
    /// reached, or the run suspends until either comes.
    ///
    /// The deadline set when the wait began survives replays, so a replay cannot extend it: a stored step's
    /// deadline (none included) wins over ``timeoutAt``.
    public func resolving(_ run: RunRecord, existing: StepRecord?, match: EventMatch?) -> StepWaitChange {
        let until = existing.map(\.until) ?? timeoutAt
        var record = StepRecord(
            runId: run.id, name: step, kind: .waitForEvent, status: .waiting, attempt: lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? now, eventName: eventName,
            eventKey: eventKey, until: until)
        let label = "\(eventName) key \(eventKey)"
        if let match {
            record.status = .completed
            record.endedAt = now
            record.resultJSON = match.payloadJSON
            return StepWaitChange(
                step: record, consumedEventId: match.id, timelineKind: .eventReceived,
                message: "event \(label) (#\(match.id)) matched the wait",
                outcome: .resumed(payloadJSON: match.payloadJSON))
        }
        if let until, until.millis <= now.millis {
            record.status = .timedOut
            record.endedAt = now
            return StepWaitChange(
                step: record, timelineKind: .timedOut,
                message: "wait for \(label) timed out at \(TimelineText.time(until))", outcome: .timedOut)
        }
        let wait = WaitCondition(step: step, eventName: eventName, eventKey: eventKey, until: until, since: now)
        let deadline = until.map { " until \(TimelineText.time($0))" } ?? ""
        return StepWaitChange(
            step: record, suspendedRun: run.suspending(for: wait, now: now), timelineKind: .waitingForEvent,
            message: "waiting for \(label)\(deadline)", outcome: .suspended)
    }
}

extension SleepParams {
    /// What a replay returns without writing anything: a sleep that ended goes on. nil when it is still to
    /// resolve.
    public func replayedOutcome(_ existing: StepRecord?) -> StepWaitOutcome? {
        existing?.status == .completed ? .resumed(payloadJSON: nil) : nil
    }

    /// The sleep resolved for `run` (holding the lease) with the step as stored (`existing`): it ends once its
    /// wake-up time is reached, or the run suspends until then. A stored step's wake-up time wins over
    /// ``wakeAt``, so a replay cannot move it.
    public func resolving(_ run: RunRecord, existing: StepRecord?) -> StepWaitChange {
        let wakeAt = existing?.until ?? self.wakeAt
        var record = StepRecord(
            runId: run.id, name: step, kind: .sleep, status: .sleeping, attempt: lease.attempt,
            failures: existing?.failures ?? 0, startedAt: existing?.startedAt ?? now, until: wakeAt)
        if wakeAt.millis <= now.millis {
            record.status = .completed
            record.endedAt = now
            return StepWaitChange(
                step: record, timelineKind: .stepCompleted,
                message: "sleep \(step) ended at \(TimelineText.time(wakeAt))", outcome: .resumed(payloadJSON: nil))
        }
        let wait = WaitCondition(step: step, until: wakeAt, since: now)
        return StepWaitChange(
            step: record, suspendedRun: run.suspending(for: wait, now: now), timelineKind: .sleeping,
            message: "sleeping until \(TimelineText.time(wakeAt))", outcome: .suspended)
    }
}
