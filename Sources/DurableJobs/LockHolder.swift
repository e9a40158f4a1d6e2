import Foundation
import JobStore

/// Who holds a lock, as far as the engine can tell: the one rule both `why` and an operator's release use to
/// tell a lock in use from an orphaned one.
public enum LockHolder: Sendable, Hashable {
    /// A run (the owner is its id).
    case run(RunRecord)
    /// A registered worker (the owner is its id), and whether it has gone silent (no heartbeat within the
    /// engine's liveness window).
    case worker(WorkerRecord, silent: Bool)
    /// An owner that is a run id with no such run: it was deleted.
    case goneRun(RunID)
    /// An owner the engine does not know (a name chosen by application code): it cannot tell.
    case unknown(String)

    /// Whether nothing can still be working under the lock: its run ended or is gone, or its worker is silent.
    public var isOrphaned: Bool {
        switch self {
        case .run(let run): run.status.isTerminal
        case .worker(_, let silent): silent
        case .goneRun: true
        case .unknown: false
        }
    }

    /// The holder in words: `run run_…, which failed`, `run run_…, which is running`, `worker w-1, silent
    /// for 4m10s`.
    public func description(now: Date) -> String {
        switch self {
        case .run(let run):
            switch run.status {
            case .completed, .failed: "run \(run.id), which \(run.status.rawValue)"
            case .canceled: "run \(run.id), which was canceled"
            case .scheduled, .queued, .running, .waiting: "run \(run.id), which is \(run.status.rawValue)"
            }
        case .worker(let worker, let silent):
            "worker \(worker.id), "
                + (silent
                    ? "silent for \(RunDiagnoser.age(now.timeIntervalSince(worker.heartbeatAt)))"
                    : "which is alive")
        case .goneRun(let id): "run \(id), which no longer exists"
        case .unknown(let owner): "\(owner), which is neither a run nor a registered worker StackShift can check"
        }
    }
}

extension StackShift {
    /// Who holds `lock`: its run, its registered worker (and whether that worker is silent), or an owner the
    /// engine cannot check.
    public func holder(of lock: LockRecord) async throws -> LockHolder {
        if Identifier.looksLikeRunId(lock.owner) {
            guard let run = try await store.runDetail(RunDetailParams(runId: lock.owner, logLimit: 0))?.run else {
                return .goneRun(lock.owner)
            }
            return .run(run)
        }
        guard let worker = try await store.listWorkers(WorkerQuery()).first(where: { $0.id == lock.owner }) else {
            return .unknown(lock.owner)
        }
        let silent = clock.now().timeIntervalSince(worker.heartbeatAt) > settings.workerLiveness.timeInterval
        return .worker(worker, silent: silent)
    }
}
