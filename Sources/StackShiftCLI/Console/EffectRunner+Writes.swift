import Console
import Foundation
import JobStore

extension EffectRunner {
    /// Carries out an action that changes data and reports how it ended.
    func performWrite(_ effect: ConsoleEffect) async {
        let pending: PendingAction
        switch effect {
        case .retry(let id): pending = .retry(id)
        case .cancel(let id): pending = .cancel(id)
        case .sendEvent(let name, let key, let payload):
            pending = .sendEvent(name: name, key: key, payloadJSON: payload)
        case .writeState(let write): pending = .writeState(write)
        case .deleteState(let key, let version): pending = .deleteState(key: key, version: version)
        case .incrementState(let key, let amount): pending = .incrementState(key: key, amount: amount)
        case .setQueuePaused(let queue, let paused): pending = .setQueuePaused(queue, paused: paused)
        case .runBulk(let action): pending = .bulk(action)
        default: return
        }
        do {
            send(.actionFinished(try await outcome(of: pending)))
        } catch {
            send(.actionFinished(.failed(pending, message: Self.describe(error))))
        }
    }

    private func outcome(of action: PendingAction) async throws -> ActionOutcome {
        let now = self.clock.now()
        switch action {
        case .retry(let id):
            return .retried(try await store.retryRun(RetryRunParams(runId: id, now: now)))
        case .cancel(let id):
            return .canceled(
                try await store.cancelRun(CancelRunParams(runId: id, reason: "canceled from the console", now: now)))
        case .sendEvent(let name, let key, let payload):
            let params = SendEventParams(
                name: name, key: key, payloadJSON: payload, expiresAt: now.addingTimeInterval(Self.eventRetention),
                now: now)
            return .eventSent(try await store.sendEvent(params))
        case .writeState(let write):
            do {
                let entry = try await store.setState(
                    SetStateParams(
                        key: write.key, valueJSON: write.valueJSON, expiresAt: write.expiresAt,
                        expectedVersion: write.expectedVersion, now: now))
                return .stateWritten(entry, write.purpose)
            } catch JobStoreError.versionConflict {
                // Never overwrite: read what is there now and let the person decide.
                let current = try await store.getState(GetStateParams(key: write.key, now: self.clock.now()))
                return .stateConflict(write, current: current)
            }
        case .deleteState(let key, let version):
            do {
                let existed = try await store.deleteState(
                    DeleteStateParams(key: key, expectedVersion: version, now: now))
                return .stateDeleted(key: key, existed: existed)
            } catch JobStoreError.versionConflict {
                let current = try await store.getState(GetStateParams(key: key, now: self.clock.now()))
                return .stateDeleteConflict(key: key, current: current)
            }
        case .incrementState(let key, let amount):
            let value = try await store.incrementState(IncrementStateParams(key: key, amount: amount, now: now))
            return .stateIncremented(key: key, value: value)
        case .setQueuePaused(let queue, let paused):
            return .queuePauseChanged(
                try await store.setQueuePaused(SetQueuePausedParams(name: queue, paused: paused, now: now)))
        case .bulk(let bulk):
            return await runBulk(bulk)
        case .editAgain:
            throw JobStoreError.invalidInput("editing is not a store action")
        }
    }

    /// Retries or cancels each run, counting what worked and keeping the first failure's message.
    private func runBulk(_ action: BulkAction) async -> ActionOutcome {
        let reason = "canceled from the console (bulk)"
        let tally = await BulkRunChange(store: store, clock: clock).change(action.kind, action.runIds, reason: reason)
        return .bulkFinished(
            action.kind, succeeded: tally.succeeded, failed: tally.failed, firstError: tally.firstError)
    }
}
