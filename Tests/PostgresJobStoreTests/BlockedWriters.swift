import JobStore
import JobStoreTesting

@testable import PostgresJobStore

/// Writes that queue behind busy writers: another store's transaction locks every run, so the first writes (one
/// per writer, ``WriteBatches/maximumWriting``) block on the server and the rest queue up behind them.
enum BlockedWriters {
    /// Starts `write` for each of `runs` in order while every run is locked by `holder`; once the first are sent
    /// (one per writer) and the rest wait in `batches`, releases the lock and returns each write's outcome by run.
    static func outcomes<Write, Queued, Answer: Sendable>(
        of runs: [ClaimedRun], in batches: WriteBatches<Write, Queued>, holder: PostgresJobStore,
        write: @escaping @Sendable (Int, ClaimedRun) async throws -> Answer
    ) async throws -> [RunID: Result<Answer, JobStoreError>] {
        let locked = TestGate()
        let release = TestGate()
        let holding = Task {
            try await holder.write { tx in
                try await tx.execute("SELECT id FROM runs FOR UPDATE")
                locked.open()
                await release.wait()
            }
        }
        await locked.wait()
        let before = batches.statistics
        let writers = WriteBatches<Write, Queued>.maximumWriting
        let outcomes = try await withThrowingTaskGroup(of: (RunID, Result<Answer, JobStoreError>).self) { group in
            for (index, run) in runs.enumerated() {
                group.addTask {
                    do {
                        return (run.run.id, .success(try await write(index, run)))
                    } catch let error as JobStoreError {
                        return (run.run.id, .failure(error))
                    }
                }
                if index == writers - 1 {
                    // The first went to the writers; the rest must queue.
                    try await waitUntil("the first \(writers) writes sent") {
                        batches.statistics.statements - before.statements == writers
                    }
                }
            }
            try await waitUntil("the other writes queued") { batches.pendingCount == runs.count - writers }
            release.open()
            return try await group.reduce(into: [RunID: Result<Answer, JobStoreError>]()) { $0[$1.0] = $1.1 }
        }
        try await holding.value
        return outcomes
    }
}
