import Foundation
import JobStore

extension Operations {
    /// Stops workers claiming a queue's runs; runs keep arriving and wait. Refuses a queue never seen, so a
    /// typo does not create a phantom queue.
    @discardableResult
    public func pauseQueue(_ name: String, by actor: Operator) async throws -> QueueRecord {
        try await perform(.pauseQueue, target: name, by: actor) { note in
            try await requireQueue(name)
            return try await store.setQueuePaused(
                SetQueuePausedParams(name: name, paused: true, now: now(), audit: note))
        }
    }

    /// Lets workers claim a queue's runs again.
    @discardableResult
    public func resumeQueue(_ name: String, by actor: Operator) async throws -> QueueRecord {
        try await perform(.resumeQueue, target: name, by: actor) { note in
            try await requireQueue(name)
            let record = try await store.setQueuePaused(
                SetQueuePausedParams(name: name, paused: false, now: now(), audit: note))
            client.wakeWorkers()
            return record
        }
    }

    /// Sets a queue's concurrency limit (nil: unlimited) and default retry policy; both are replaced.
    @discardableResult
    public func configureQueue(
        _ name: String, concurrencyLimit: Int?, retryPolicy: RetryPolicy? = nil, by actor: Operator
    ) async throws -> QueueRecord {
        let detail = Self.queueDetail(concurrencyLimit: concurrencyLimit, retryPolicy: retryPolicy)
        return try await perform(.configureQueue, target: name, detail: detail, by: actor) { note in
            try await client.queue(name).configure(
                concurrencyLimit: concurrencyLimit, retryPolicy: retryPolicy, audit: note)
        }
    }

    /// Removes a worker that has gone silent from the registry. A live worker (heard from within
    /// ``EngineSettings/workerLiveness``) is refused: it would register again at its next heartbeat; so is a
    /// silent one still holding running runs, until their leases expire and they are recovered.
    public func forgetWorker(_ workerId: WorkerID, by actor: Operator) async throws {
        try await perform(.forgetWorker, target: workerId, by: actor) { note in
            let activity = try await workers()
            guard activity.workers.contains(where: { $0.id == workerId }) else {
                throw JobStoreError.invalidInput("no worker \(workerId) is registered")
            }
            guard activity.silent.contains(workerId) else {
                throw JobStoreError.invalidInput(
                    "worker \(workerId) is alive (heartbeat within \(settings.workerLiveness)); stop it instead")
            }
            // Its runs are recovered when their leases expire; until then the registry is where they are traced.
            if let held = activity.runsInHand[workerId], held > 0 {
                throw JobStoreError.invalidInput(
                    "worker \(workerId) still holds \(held) running run\(held == 1 ? "" : "s"): they are recovered when "
                        + "their leases expire; forget it after that")
            }
            try await store.removeWorker(RemoveWorkerParams(workerId: workerId, now: now(), audit: note))
        }
    }

    /// Throws naming the known queues when `name` is not one of them.
    func requireQueue(_ name: String) async throws {
        let known = try await store.queueSummaries(QueueSummaryParams(finishedSince: now())).map(\.queue.name)
        guard known.contains(name) else {
            throw JobStoreError.invalidInput(
                "no queue named \(name)" + (known.isEmpty ? "" : " (queues: \(known.joined(separator: ", ")))"))
        }
    }
}
