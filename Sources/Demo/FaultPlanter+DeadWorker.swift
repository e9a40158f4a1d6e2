import DurableJobs
import Foundation
import JobStore

extension FaultPlanter {
    /// The dead worker: it claimed some uploads (and, for the orphaned lock, a search index rebuild that
    /// took the lock), got a step or two done, heartbeated once, and was killed.
    ///
    /// Its last seconds really happen, at the demo's pace: every write is dated with the real time it is
    /// made, so nothing it leaves is in the future. Three scenario seconds pass between its steps, but at
    /// most ``longestStepGap`` of real time, so a slow demo does not keep its user waiting for the story.
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
        let claimedAt = stackshift.clock.now()
        var uploads: [ClaimedRun] = []
        var rebuild: ClaimedRun?
        if let crashed = faults.crashedWorker {
            uploads = try await claim(.processUpload, limit: crashed.runs, worker: worker.workerId, at: claimedAt)
            try await appendLogs(
                uploads.compactMap { run in
                    upload(of: run).map {
                        (run, claimedAt, "download-file", "downloading \($0.fileName) (\($0.sizeBytes / 1000) kB)")
                    }
                })
            planted.crashedWorkerId = worker.workerId
            planted.crashedRuns = uploads.map(\.run.id)
        }
        if let orphan = faults.lockHeldByCrashedRun,
            let run = try await claim(.rebuildSearchIndex, limit: 1, worker: worker.workerId, at: claimedAt).first
        {
            let expiresAt = claimedAt.addingTimeInterval(pace.realSeconds(orphan.ttl.seconds))
            let lock = try await store.acquireLock(
                AcquireLockParams(
                    key: DemoJobs.searchIndexLock, owner: run.run.id, expiresAt: expiresAt, now: claimedAt))
            try await appendLogs([
                (run, claimedAt, nil, "rebuilding search index customers: manual reindex requested by ops")
            ])
            planted.orphanedLock = PlantedFaults.OrphanedLock(
                key: DemoJobs.searchIndexLock, ownerRunId: lock?.owner ?? run.run.id, expiresAt: expiresAt)
            planted.crashedWorkerId = worker.workerId
            rebuild = run
        }

        // The uploads download their files while the rebuild snapshots the catalog…
        let downloaded = try await afterStepGap()
        for run in uploads {
            guard let upload = upload(of: run) else { continue }
            // The stored result is what the live handler returns, so the recovered run skips the download as a
            // real replay would.
            let file = providers.downloaded(upload)
            try await saveCompletedStep("download-file", result: file, of: run, from: claimedAt, to: downloaded)
            try await appendLogs([(run, downloaded, "parse-file", "parsing \(file.storageKey)")])
        }
        var diedAt = downloaded
        if let rebuild {
            try await saveCompletedStep(
                "snapshot-catalog", result: 48_210, of: rebuild, from: claimedAt, to: downloaded)
            // …then the rebuild gets two shards done before the worker dies.
            var shardStarted = downloaded
            for (step, shard) in [("rebuild-shard", 1), ("rebuild-shard#2", 2)] {
                let shardDone = try await afterStepGap()
                try await saveCompletedStep(step, result: JSONNull(), of: rebuild, from: shardStarted, to: shardDone)
                try await appendLogs([(rebuild, shardDone, nil, "shard \(shard)/4 rebuilt")])
                shardStarted = shardDone
            }
            diedAt = shardStarted
        }

        // Its last heartbeat: the Workers view shows it, silent ever since.
        let held =
            uploads.map { HeldLease(lease: $0.lease, currentStep: "parse-file") }
            + (rebuild.map { [HeldLease(lease: $0.lease, currentStep: "rebuild-shard#3")] } ?? [])
        let host = worker.workerId.split(separator: ":").first.map(String.init) ?? worker.workerId
        let record = WorkerRecord(
            id: worker.workerId, host: host, pid: 4812,
            queues: [DemoQueue.imports.rawValue, DemoQueue.maintenance.rawValue],
            jobs: [DemoJob.processUpload.rawValue, DemoJob.rebuildSearchIndex.rawValue], concurrency: 4,
            startedAt: claimedAt.addingTimeInterval(-pace.realSeconds(3 * 3600)), heartbeatAt: diedAt)
        let leaseExpiresAt = diedAt.addingTimeInterval(pace.realSeconds(worker.lease.seconds))
        _ = try await store.heartbeat(
            HeartbeatParams(worker: record, leases: held, leaseExpiresAt: leaseExpiresAt, now: diedAt))
    }

    /// The most real time between two of the dead worker's steps.
    static let longestStepGap = Duration.milliseconds(300)

    /// Waits the time between two of the dead worker's steps and returns the real time then.
    private func afterStepGap() async throws -> Date {
        try await Task.sleep(for: min(pace.real(DemoDuration.seconds(3)), Self.longestStepGap))
        return stackshift.clock.now()
    }

    /// The upload a claimed `processUpload` run carries.
    private func upload(of run: ClaimedRun) -> FileUpload? {
        try? JSONDecoder().decode(FileUpload.self, from: Data(run.run.payloadJSON.utf8))
    }

    /// Claims queued runs of one job for the dead worker. The queue's limit is lifted meanwhile (the
    /// system configures the real limits after planting), so the claim gets every run asked for.
    private func claim(_ job: DemoJob, limit: Int, worker: WorkerID, at now: Date) async throws -> [ClaimedRun] {
        let queue = job.queue.rawValue
        _ = try await store.configureQueue(ConfigureQueueParams(name: queue, concurrencyLimit: nil, now: now))
        return try await store.claimRuns(
            ClaimRunsParams(
                workerId: worker, queues: [queue], jobs: [job.rawValue], limit: limit,
                // Outlasts the worker's last seconds; its final heartbeat sets the lease the scenario gives it.
                leaseExpiresAt: now.addingTimeInterval(60), now: now))
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

    private func appendLogs(_ lines: [(run: ClaimedRun, at: Date, step: String?, message: String)]) async throws {
        guard !lines.isEmpty else { return }
        try await store.appendLogs(
            AppendLogsParams(
                lines: lines.map {
                    LogRecord(
                        runId: $0.run.run.id, attempt: $0.run.run.attempt, step: $0.step, level: .info,
                        message: $0.message, at: $0.at)
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
