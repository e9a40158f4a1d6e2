import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// Attempt ends of several runs written in one statement from the workers' claimed copies behave exactly like
/// the same ends written alone from locked reads, and ends that queue behind busy writers are batched without
/// one caller's failure or changed run reaching another.
@Suite(
    "PostgreSQL attempt-end batches", .timeLimit(.minutes(2)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct FinishBatchTests {
    @Test("one statement ends several attempts exactly as one locked end each would; a changed run is left alone")
    func batchEqualsSingles() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            let store = stores[0]
            for _ in 0..<8 { _ = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(0))) }
            let claimed = try await store.claimRuns(Fixtures.claim(limit: 8, now: Fixtures.at(10)))
            try #require(claimed.count == 8)
            let (batched, single) = (Array(claimed[0..<4]), Array(claimed[4..<8]))
            // The fourth of each half is asked to cancel after its claim: its copy no longer agrees.
            for half in [batched, single] {
                _ = try await store.cancelRun(CancelRunParams(runId: half[3].run.id, now: Fixtures.at(11)))
            }
            let ends: [AttemptEnd] = [
                .completed(resultJSON: #"{"ok":1}"#), .retry(Fixtures.error("later"), at: Fixtures.at(60)),
                .failed(Fixtures.error("no", retryable: false)), .completed(resultJSON: "2"),
            ]
            func params(_ half: [ClaimedRun]) -> [FinishAttemptParams] {
                zip(half, ends).map { run, end in
                    FinishAttemptParams(lease: run.lease, end: end, now: Fixtures.at(12), claimed: run.run)
                }
            }
            let (batchEnds, singleEnds) = (params(batched), params(single))
            let fromBatch = try await store.writeStatement { tx in try await tx.finishClaimedCopies(batchEnds) }
            #expect(Set(fromBatch.keys) == Set(batched[0..<3].map(\.run.id)), "the changed run was written")
            let changed = try #require(try await store.runDetail(RunDetailParams(runId: batched[3].run.id)))
            #expect(changed.run.status == .running && changed.run.cancelRequested)
            #expect(changed.attempts.map(\.outcome) == [.running])
            _ = try await store.write { tx in try await tx.finishAttempt(batchEnds[3]) }
            for end in singleEnds {
                _ = try await store.write { tx in try await tx.finishAttempt(end) }
            }
            for (mine, theirs) in zip(batched, single) {
                let batchedDetail = try #require(try await store.runDetail(RunDetailParams(runId: mine.run.id)))
                let singleDetail = try #require(try await store.runDetail(RunDetailParams(runId: theirs.run.id)))
                if let written = fromBatch[mine.run.id] { #expect(written == batchedDetail.run) }
                var twin = batchedDetail.run
                twin.id = theirs.run.id
                #expect(twin == singleDetail.run)
                let attempts = { (detail: RunDetail) in
                    detail.attempts.map { [$0.outcome.rawValue, "\($0.endedAt as Any)", "\($0.error as Any)"] }
                }
                #expect(attempts(batchedDetail) == attempts(singleDetail))
                let entries = { (detail: RunDetail) in
                    detail.timeline.map { [$0.kind.rawValue, $0.status.rawValue, $0.message] }
                }
                #expect(entries(batchedDetail) == entries(singleDetail))
            }
        }
    }

    @Test("ends queued behind busy writers share one statement; a lost lease or a refused value fails only its own")
    func queuedEndsShareAStatement() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let (store, holder) = (stores[0], stores[1])
            let runs = 12
            for n in 0..<runs { _ = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(Double(n)))) }
            let claimed = try await store.claimRuns(Fixtures.claim(limit: runs, now: Fixtures.at(20)))
            try #require(claimed.count == runs)
            let canceling = claimed[3].run.id
            _ = try await store.cancelRun(CancelRunParams(runId: canceling, now: Fixtures.at(21)))
            let before = store.attemptEnds.statistics
            let refused = claimed[5].run.id
            let lost = claimed[7].run.id
            let outcomes = try await BlockedWriters.outcomes(of: claimed, in: store.attemptEnds, holder: holder) {
                index, run in
                var (lease, copy) = (run.lease, run.run)
                if run.run.id == lost {
                    lease.attempt += 1
                    copy.attempt += 1
                }
                // NUL passes the input limits but PostgreSQL cannot store it: the server refuses the value.
                let result = run.run.id == refused ? "\"a\u{0}b\"" : "\(index)"
                return try await store.finishAttempt(
                    FinishAttemptParams(
                        lease: lease, end: .completed(resultJSON: result), now: Fixtures.at(22), claimed: copy))
            }
            for (index, run) in claimed.enumerated() {
                let outcome = try #require(outcomes[run.run.id])
                switch (run.run.id, outcome) {
                case (lost, .failure(.leaseLost)), (refused, .failure(.invalidInput)):
                    break
                case (_, .success(let finished)) where run.run.id != lost && run.run.id != refused:
                    #expect(finished.status == .completed && finished.resultJSON == "\(index)")
                    #expect(finished.cancelRequested == (run.run.id == canceling))
                    let stored = try #require(try await store.runDetail(RunDetailParams(runId: run.run.id)))
                    #expect(stored.run == finished && stored.attempts.map(\.outcome) == [.completed])
                default:
                    Issue.record("run \(index): unexpected \(outcome)")
                }
            }
            let statistics = store.attemptEnds.statistics
            // The first ends alone (one per writer), then the others queued in one statement, which the refused
            // value made the server reject whole; each of those was then written alone.
            let writers = type(of: store.attemptEnds).maximumWriting
            let queued = runs - writers
            #expect(statistics.writes - before.writes == writers + queued + queued)
            #expect(statistics.statements - before.statements == writers + 1 + queued)
            let completed = try await store.countForTesting(
                "SELECT count(*) AS count FROM runs WHERE status = 'completed'")
            #expect(completed == runs - 2, "all but the lost and the refused")
        }
    }
}
