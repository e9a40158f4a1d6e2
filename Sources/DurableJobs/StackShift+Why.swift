import Foundation
import JobStore

extension StackShift {
    /// Why a run is not moving: one plain sentence with evidence, and the fix.
    ///
    /// Looks at the run, its queue (paused, concurrency and who holds it), the live workers (does any serve
    /// this queue and job), its wait (and events whose keys nearly match), its retry schedule and the lock it
    /// failed to take.
    public func why(_ runId: RunID) async throws -> RunDiagnosis {
        guard let detail = try await store.runDetail(RunDetailParams(runId: runId, logLimit: 0)) else {
            throw await missingRun(runId)
        }
        let run = detail.run
        let now = clock.now()
        let queue = try await store.queueSummaries(QueueSummaryParams(finishedSince: now))
            .first { $0.queue.name == run.queue }
        let workers = try await store.listWorkers(
            WorkerQuery(heartbeatSince: now.addingTimeInterval(-settings.workerLiveness.timeInterval)))
        var running: [RunRecord] = []
        if let limit = queue?.queue.concurrencyLimit, !run.status.isTerminal, run.status != .running {
            running = try await store.listRuns(RunQuery(statuses: [.running], queue: run.queue, limit: limit + 50))
        }
        var events: [EventRecord] = []
        if run.status == .waiting, let name = run.wait?.eventName {
            events = try await store.listEvents(EventQuery(name: name, unconsumedOnly: true, limit: 500, now: now))
        }
        var lock: LockRecord?
        if run.status == .scheduled, let location = run.error?.location, location.hasPrefix("lock ") {
            let key = String(location.dropFirst("lock ".count))
            lock = try await store.listLocks(LockQuery(prefix: key, now: now)).first { $0.key == key }
        }
        // Whether the lock's holder still runs (or still heartbeats) tells a busy lock from an orphaned one.
        var lockHolder: LockHolder?
        if let lock { lockHolder = try await holder(of: lock) }
        var group: FailureGroup?
        if run.status == .failed, let error = run.error {
            // The run's last failure has the signature its attempt stored: the same rule gives it again.
            let signature = FailureSignature.of(job: run.job, error: error)
            group = try await store.failureGroups(
                FailureGroupQuery(since: now.addingTimeInterval(-86_400), now: now, limit: 1, signature: signature)
            ).first
        }
        let cancelNote =
            run.status == .canceled ? detail.timeline.last { $0.kind == .canceled }?.message : nil
        return RunDiagnoser.diagnose(
            DiagnosisEvidence(
                run: run, queue: queue, liveWorkers: workers, runningInQueue: running, eventsWithWaitedName: events,
                lock: lock, now: now, attempts: detail.attempts, failureGroup: group,
                cancelNote: cancelNote.flatMap { $0.isEmpty ? nil : $0 }, lockHolder: lockHolder))
    }
}
