import DurableJobs
import Foundation
import JobStore

extension FaultPlanter {
    /// The dead worker: it claimed some uploads (and, for the orphaned lock, a search index rebuild that
    /// took the lock), got a step or two done, heartbeated once, and was killed.
    ///
    /// Its work is dated a few demo seconds after the claim, so the timelines read in order.
    mutating func plantDeadWorker(into planted: inout PlantedFaults) async throws {
        let worker = faults.crashedWorker ?? CrashedWorkerFault()
        for _ in 0..<(faults.crashedWorker?.runs ?? 0) {
            let upload = PayloadFactory.upload(&random, customerId: "cus_" + random.token(8))
            try await stackshift.start(
                DemoJob.processUpload.rawValue, payload: upload,
                options: StartOptions(idempotencyKey: "upload:\(upload.fileId)"))
        }
        if faults.lockHeldByCrashedRun != nil {
            // A one-shot manual reindex: with no attempts left, the crash fails it and nothing frees the lock.
            try await stackshift.start(
                DemoJob.rebuildSearchIndex.rawValue,
                payload: SearchRebuild(index: "customers", reason: "manual reindex requested by ops"),
                options: StartOptions(maxAttempts: 1))
        }
        let claimedAt = clock.now()
        let diedAt = claimedAt.addingTimeInterval(9)
        let leaseExpiresAt = diedAt.addingTimeInterval(worker.lease.seconds)
        var held: [HeldLease] = []

        if let crashed = faults.crashedWorker {
            let claimed = try await claim(.processUpload, limit: crashed.runs, worker: worker.workerId, at: claimedAt)
            for run in claimed {
                try await downloadBeforeDying(run, at: claimedAt)
                held.append(HeldLease(lease: run.lease, currentStep: "parse-file"))
            }
            planted.crashedWorkerId = worker.workerId
            planted.crashedRuns = claimed.map(\.run.id)
        }

        if let orphan = faults.lockHeldByCrashedRun {
            if let run = try await claim(.rebuildSearchIndex, limit: 1, worker: worker.workerId, at: claimedAt).first {
                let expiresAt = claimedAt.addingTimeInterval(orphan.ttl.seconds)
                let lock = try await store.acquireLock(
                    AcquireLockParams(
                        key: DemoJobs.searchIndexLock, owner: run.run.id, expiresAt: expiresAt, now: claimedAt))
                try await rebuildHalfwayBeforeDying(run, at: claimedAt)
                held.append(HeldLease(lease: run.lease, currentStep: "rebuild-shard#3"))
                planted.orphanedLock = PlantedFaults.OrphanedLock(
                    key: DemoJobs.searchIndexLock, ownerRunId: lock?.owner ?? run.run.id, expiresAt: expiresAt)
                planted.crashedWorkerId = worker.workerId
            }
        }

        // Its last heartbeat: the Workers view shows it, silent ever since.
        let host = worker.workerId.split(separator: ":").first.map(String.init) ?? worker.workerId
        let record = WorkerRecord(
            id: worker.workerId, host: host, pid: 4812,
            queues: [DemoQueue.imports.rawValue, DemoQueue.maintenance.rawValue],
            jobs: [DemoJob.processUpload.rawValue, DemoJob.rebuildSearchIndex.rawValue], concurrency: 4,
            startedAt: claimedAt.addingTimeInterval(-3 * 3600), heartbeatAt: diedAt)
        _ = try await store.heartbeat(
            HeartbeatParams(worker: record, leases: held, leaseExpiresAt: leaseExpiresAt, now: diedAt))
    }

    /// Claims queued runs of one job for the dead worker. The queue's limit is lifted meanwhile (the
    /// system configures the real limits after planting), so the claim gets every run asked for.
    private func claim(_ job: DemoJob, limit: Int, worker: WorkerID, at now: Date) async throws -> [ClaimedRun] {
        let queue = job.queue.rawValue
        _ = try await store.configureQueue(ConfigureQueueParams(name: queue, concurrencyLimit: nil, now: now))
        return try await store.claimRuns(
            ClaimRunsParams(
                workerId: worker, queues: [queue], jobs: [job.rawValue], limit: limit,
                leaseExpiresAt: now.addingTimeInterval(60), now: now))
    }

    /// The dead worker finished `download-file` before dying. Its stored result is what the live handler
    /// returns, so the recovered run skips the download as a real replay would.
    private func downloadBeforeDying(_ run: ClaimedRun, at claimedAt: Date) async throws {
        guard let upload = try? JSONDecoder().decode(FileUpload.self, from: Data(run.run.payloadJSON.utf8)) else {
            return
        }
        let file = providers.downloaded(upload)
        let downloaded = claimedAt.addingTimeInterval(3)
        try await saveCompletedStep("download-file", result: file, of: run, from: claimedAt, to: downloaded)
        try await appendLogs(
            of: run,
            [
                (claimedAt, "download-file", "downloading \(upload.fileName) (\(upload.sizeBytes / 1000) kB)"),
                (downloaded, "parse-file", "parsing \(file.storageKey)"),
            ])
    }

    /// The crashed rebuild got its snapshot and two shards done while holding the lock.
    private func rebuildHalfwayBeforeDying(_ run: ClaimedRun, at claimedAt: Date) async throws {
        let at = { (seconds: Double) in claimedAt.addingTimeInterval(seconds) }
        try await saveCompletedStep("snapshot-catalog", result: 48_210, of: run, from: at(0), to: at(3))
        try await saveCompletedStep("rebuild-shard", result: JSONNull(), of: run, from: at(3), to: at(6))
        try await saveCompletedStep("rebuild-shard#2", result: JSONNull(), of: run, from: at(6), to: at(9))
        try await appendLogs(
            of: run,
            [
                (at(0), nil, "rebuilding search index customers: manual reindex requested by ops"),
                (at(6), nil, "shard 1/4 rebuilt"),
                (at(9), nil, "shard 2/4 rebuilt"),
            ])
    }

    private func saveCompletedStep<Result: Encodable>(
        _ name: String, result: Result, of run: ClaimedRun, from startedAt: Date, to endedAt: Date
    ) async throws {
        // The engine's own JSON form (sorted keys, unescaped slashes), so replay decodes it like its own.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(result), as: UTF8.self)
        _ = try await store.saveStep(
            SaveStepParams(
                lease: run.lease, name: name, status: .completed, resultJSON: json, startedAt: startedAt,
                now: endedAt))
    }

    private func appendLogs(of run: ClaimedRun, _ lines: [(at: Date, step: String?, message: String)]) async throws {
        try await store.appendLogs(
            AppendLogsParams(
                lines: lines.map {
                    LogRecord(
                        runId: run.run.id, attempt: run.run.attempt, step: $0.step, level: .info, message: $0.message,
                        at: $0.at)
                }))
    }
}

/// JSON `null`: what a step returning nothing stores.
private struct JSONNull: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
