import Console
import DurableJobs
import Foundation
import JobStore

extension EffectRunner {
    /// Carries out a write the reducer handed over and reports how it ended.
    func perform(_ write: ConsoleWrite) async {
        do {
            send(.actionFinished(try await outcome(of: write)))
        } catch {
            send(.actionFinished(.failed(write, message: Self.describe(error))))
        }
    }

    private func outcome(of write: ConsoleWrite) async throws -> ActionOutcome {
        switch write {
        case .retry(let id):
            return .retried(try await operations.retry(id, by: actor))
        case .retryFromStep(let id, let step):
            return .retried(try await operations.retry(id, from: .fromStep(step), by: actor))
        case .cancel(let id):
            return .canceled(try await operations.cancel(id, by: actor))
        case .sendEvent(let name, let key, let payload):
            return .eventSent(try await operations.sendEvent(name, key: key, payloadJSON: payload, by: actor))
        case .writeState(let write):
            do {
                let entry = try await operations.setState(
                    write.key, valueJSON: write.valueJSON, expiresAt: write.expiresAt,
                    expectedVersion: write.expectedVersion, by: actor)
                return .stateWritten(entry, write.purpose)
            } catch JobStoreError.versionConflict {
                // Never overwrite: read what is there now and let the person decide.
                return .stateConflict(write, current: try await operations.stateValue(write.key))
            }
        case .deleteState(let key, let version):
            do {
                let existed = try await operations.deleteState(key, expectedVersion: version, by: actor)
                return .stateDeleted(key: key, existed: existed)
            } catch JobStoreError.versionConflict {
                return .stateDeleteConflict(key: key, current: try await operations.stateValue(key))
            }
        case .incrementState(let key, let amount):
            return .stateIncremented(key: key, value: try await operations.incrementState(key, by: amount, by: actor))
        case .setQueuePaused(let queue, let paused):
            return .queuePauseChanged(
                paused
                    ? try await operations.pauseQueue(queue, by: actor)
                    : try await operations.resumeQueue(queue, by: actor))
        case .releaseLock(let key, let owner):
            // The confirm named the owner and what releasing does: the person chose, as --force does.
            let released = try await operations.releaseLock(key, owner: owner, force: true, by: actor)
            return .lockReleased(key: key, owner: owner, released: released)
        case .bulk(let bulk):
            return await runBulk(bulk)
        case .forgetWorker(let id):
            try await operations.forgetWorker(id, by: actor)
            return .workerForgotten(id)
        case .deleteEvent(let id, let name, let key):
            try await operations.deleteEvent(id, by: actor)
            return .eventDeleted(id: id, name: name, key: key)
        }
    }

    /// Retries or cancels each run, keeping the ones changed and the first failure's message.
    private func runBulk(_ action: BulkAction) async -> ActionOutcome {
        var changed: [RunID] = []
        let tally =
            switch action.kind {
            case .retry:
                await operations.retryEach(action.runIds, by: actor) { id, result in
                    if case .success = result { changed.append(id) }
                }
            case .cancel:
                await operations.cancelEach(action.runIds, reason: "bulk cancel", by: actor) { id, result in
                    if case .success = result { changed.append(id) }
                }
            }
        return .bulkFinished(action.kind, changed: changed, failed: tally.failed, firstError: tally.firstError)
    }
}
