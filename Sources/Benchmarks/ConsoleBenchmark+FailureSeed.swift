import Console
import Foundation
import JobStore
import SQLiteJobStore

extension ConsoleBenchmark {
    /// How far back the seed's failures go through the store's API, so their attempts carry a signature: the
    /// day that failure grouping looks at by default, and an hour before it, so the timed range scans start
    /// inside the `attempts_failures` index rather than at its first entry.
    static let signedHistory: TimeInterval = 25 * 3600

    /// Whether the seed writes a run of the mix through the store's own API (`createRun`, then `claimRuns` and
    /// `finishAttempt` per attempt) instead of the bulk insert: a run with a failed attempt that started within
    /// ``signedHistory``. The bulk insert stores no failure signatures; the store's API works them out by
    /// the real rule (``FailureSignature``) and writes them with the attempt, as a worker's failures are.
    static func writesThroughStore(_ run: RunRecord, now: Date) -> Bool {
        run.failures > 0 && (run.startedAt ?? run.createdAt) >= now.addingTimeInterval(-signedHistory)
    }

    /// Writes every run of `mix` that ``writesThroughStore(_:now:)`` picks, each through its whole life at the
    /// times the mix gives it.
    ///
    /// One lane per job, concurrently, so the store commits the lanes' writes together; each lane writes its
    /// job's runs oldest first, one at a time, and claims with its job alone, so each claim finds exactly the
    /// run being written. A ``ClaimGate`` keeps a lane's claim from promoting another lane's retry early.
    /// Run it before the bulk insert, while these are the only runs a claim can find.
    static func seedFailures(
        into store: SQLiteJobStore, mix: BenchmarkRunMix, progress: @Sendable (String) -> Void
    ) async throws -> FailureSeed {
        let clock = ContinuousClock()
        let start = clock.now
        // A run starts at most its queue's backlog after it was created: no older run can qualify.
        let backlog = BenchmarkRunMix.queues.map(\.backlog).max() ?? 0
        let lookBack = signedHistory + backlog + BenchmarkRunMix.runningWindow
        let first = max(0, Int(saturating: Double(mix.count) * (1 - lookBack / mix.span)) - 1)
        let runs = mix.runs(first..<mix.count).filter { writesThroughStore($0, now: mix.now) }
        progress("console: writing \(Format.count(runs.count)) failing runs through the store, one lane per job")
        let lanes = Dictionary(grouping: runs, by: \.job).sorted { $0.key < $1.key }.map(\.value)
        let gate = ClaimGate()
        var seed = FailureSeed()
        try await withThrowingTaskGroup(of: FailureSeed.self) { group in
            for (lane, runs) in lanes.enumerated() {
                group.addTask {
                    var part = FailureSeed()
                    do {
                        for run in runs {
                            // Another lane failed: stop here rather than write the rest for nothing.
                            try Task.checkCancellation()
                            try await replay(run, lane: lane, into: store, gate: gate, seed: &part)
                        }
                    } catch {
                        await gate.leave(lane: lane)
                        throw error
                    }
                    await gate.leave(lane: lane)
                    return part
                }
            }
            for try await part in group {
                seed.runs += part.runs
                seed.attempts += part.attempts
            }
        }
        seed.duration = start.duration(to: clock.now)
        return seed
    }

    /// Creates `run`, then claims and ends each of its attempts as a worker would: the ones before the last
    /// fail with a retry due when the next starts; the last ends as the run's status says (`failed`,
    /// `completed`, or a retry still due for a `scheduled` run). Attempts split the time from `startedAt` to
    /// `finishedAt` (or `updatedAt`) evenly, as the bulk insert splits them.
    private static func replay(
        _ run: RunRecord, lane: Int, into store: SQLiteJobStore, gate: ClaimGate, seed: inout FailureSeed
    ) async throws {
        guard let error = run.error, let started = run.startedAt, run.attempt > 0 else {
            throw FailureSeedError("run \(run.id) has failures but no error, start or attempt")
        }
        _ = try await store.createRun(
            CreateRunParams(
                id: run.id, job: run.job, queue: run.queue, payloadJSON: run.payloadJSON,
                retryPolicy: run.retryPolicy, maxAttempts: run.maxAttempts, now: run.createdAt))
        let end = max(started, run.finishedAt ?? run.updatedAt)
        let slice = end.timeIntervalSince(started) / Double(run.attempt)
        let signature = FailureSignature.of(job: run.job, error: error)
        let worker = BenchmarkRunMix.workers[lane % BenchmarkRunMix.workers.count]
        for number in 1...run.attempt {
            let began = started.addingTimeInterval(slice * Double(number - 1))
            let ended = started.addingTimeInterval(slice * Double(number))
            await gate.claim(lane: lane, at: began.millis)
            let claimed = try await store.claimRuns(
                ClaimRunsParams(
                    workerId: worker, queues: [run.queue], jobs: [run.job], limit: 1,
                    leaseExpiresAt: began.addingTimeInterval(30), now: began))
            await gate.claimed(lane: lane)
            guard claimed.count == 1, let claim = claimed.first, claim.run.id == run.id else {
                throw FailureSeedError("attempt \(number) of run \(run.id) claimed \(claimed.map(\.run.id))")
            }
            let outcome = try attemptEnd(of: run, number: number, error: error, ended: ended)
            // A retry the next attempt claims is due from now on; a scheduled run's last is due after `now`.
            if number < run.attempt { await gate.schedule(lane: lane, at: ended.millis) }
            _ = try await store.finishAttempt(FinishAttemptParams(lease: claim.lease, end: outcome, now: ended))
            if case .completed = outcome { continue }
            seed.attempts.append(FailureSeed.Attempt(signature: signature, runId: run.id, endedAt: ended.millis))
        }
        seed.runs += 1
    }

    /// How attempt `number` of `run` ends.
    private static func attemptEnd(
        of run: RunRecord, number: Int, error: ErrorDetail, ended: Date
    ) throws -> AttemptEnd {
        guard number == run.attempt else { return .retry(error, at: ended) }
        switch run.status {
        case .failed: return .failed(error)
        case .completed: return .completed(resultJSON: run.resultJSON ?? "null")
        case .scheduled: return .retry(error, at: run.runAt ?? ended)
        default: throw FailureSeedError("run \(run.id) is \(run.status.rawValue); the seed replays ended runs only")
        }
    }
}
