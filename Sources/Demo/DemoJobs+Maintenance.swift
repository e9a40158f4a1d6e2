import DurableJobs
import Foundation
import JobStore

extension DemoJobs {
    /// How long finished import progress is kept before `nightlyCleanup` purges it (scenario time).
    static let progressRetention = CleanupRequest(retentionMinutes: 10)

    /// `nightlyCleanup` (fired by cron) and `rebuildSearchIndex` (which holds a lock).
    func registerMaintenance(on stackshift: StackShift) {
        registerCleanup(on: stackshift)
        registerSearchRebuild(on: stackshift)
    }

    private func registerCleanup(on stackshift: StackShift) {
        let providers = self.providers
        stackshift.job(DemoJob.nightlyCleanup.rawValue, options: options(.nightlyCleanup)) {
            (ctx: JobContext<CleanupRequest>) -> CleanupReport in
            let retention = providers.pace.realSeconds(TimeInterval(ctx.payload.retentionMinutes * 60))
            let purged = try await ctx.step.run("purge-finished-progress") {
                try await providers.perform(.purge, entity: ctx.runId, attempt: ctx.attempt)
                // State times are real wall-clock times, so the cutoff is the retention at the demo's pace.
                let cutoff = Date().addingTimeInterval(-retention)
                var purged = 0
                for entry in try await ctx.state.list(prefix: "files:") where entry.key.hasSuffix(":progress") {
                    guard entry.updatedAt < cutoff,
                        let progress = try? JSONDecoder().decode(UploadProgress.self, from: Data(entry.valueJSON.utf8)),
                        progress.percent >= 100
                    else { continue }
                    // Compare-and-set: a progress value rewritten meanwhile is not ours to delete.
                    if try await ctx.state.delete(entry.key, ifVersion: entry.version) { purged += 1 }
                }
                return purged
            }
            let compacted = try await ctx.step.run("compact-audit-log") {
                try await providers.perform(.compact, entity: ctx.runId, attempt: ctx.attempt)
                let rows = 200 + Int(StableHash.of(["audit", ctx.runId], seed: providers.seed) % 5000)
                ctx.log.info("purged \(purged) finished import progress entries; compacted \(rows) audit rows")
                return rows
            }
            return CleanupReport(progressPurged: purged, auditRowsCompacted: compacted)
        }
    }

    private func registerSearchRebuild(on stackshift: StackShift) {
        let providers = self.providers
        stackshift.job(DemoJob.rebuildSearchIndex.rawValue, options: options(.rebuildSearchIndex)) {
            (ctx: JobContext<SearchRebuild>) -> SearchRebuildResult in
            let request = ctx.payload
            do {
                // One rebuild at a time across all workers; the short TTL frees the lock if a rebuild dies.
                let ttl = providers.pace.real(DemoDuration.minutes(10))
                return try await ctx.state.withLock(Self.searchIndexLock, ttl: ttl) {
                    let documents = try await ctx.step.run("snapshot-catalog") {
                        ctx.log.info("rebuilding search index \(request.index): \(request.reason)")
                        try await providers.perform(.snapshot, entity: request.index, attempt: ctx.attempt)
                        return 20_000 + Int(StableHash.of(["documents", request.index], seed: providers.seed) % 80_000)
                    }
                    let shards = 4
                    for shard in 1...shards {
                        try await ctx.step.run("rebuild-shard") {
                            try await providers.perform(
                                .rebuildShard, entity: "\(request.index)#\(shard)", attempt: ctx.attempt)
                            ctx.log.info("shard \(shard)/\(shards) rebuilt")
                        }
                    }
                    try await ctx.step.run("swap-alias") {
                        try await providers.perform(.swapAlias, entity: request.index, attempt: ctx.attempt)
                    }
                    return SearchRebuildResult(index: request.index, documents: documents, shards: shards)
                }
            } catch let locked as LockUnavailable {
                ctx.log.warning("cannot rebuild \(request.index): \(locked)")
                throw locked
            }
        }
    }
}
