import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// Step saves of several runs written in one statement behave exactly like the same saves written alone, and
/// saves that queue behind busy writers are batched without one caller's failure reaching another.
@Suite(
    "PostgreSQL step-save batches", .timeLimit(.minutes(2)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct StepBatchTests {
    @Test("one statement saves several runs' steps exactly as one save each would; a lost lease saves nothing")
    func batchEqualsSingles() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            let store = stores[0]
            for n in 0..<4 { _ = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(Double(n)))) }
            let claimed = try await store.claimRuns(Fixtures.claim(limit: 4, now: Fixtures.at(10)))
            try #require(claimed.count == 4)
            let (batched, single) = (Array(claimed[0..<2]), Array(claimed[2..<4]))
            let stale = RunLease(runId: claimed[0].run.id, attempt: 7, workerId: "worker-1")
            // Each pair: a completion, and a step's second failure (its message names the failure count).
            func saves(_ pair: [ClaimedRun]) -> [SaveStepParams] {
                [
                    SaveStepParams(
                        lease: pair[0].lease, name: "fetch", status: .completed, resultJSON: #"{"rows":3}"#,
                        startedAt: Fixtures.at(11), now: Fixtures.at(12)),
                    SaveStepParams(
                        lease: pair[1].lease, name: "charge", status: .failed, error: Fixtures.error("declined"),
                        startedAt: Fixtures.at(11), now: Fixtures.at(12)),
                ]
            }
            for pair in [batched, single] {
                _ = try await store.writeStatement { tx in
                    try await tx.saveStep(
                        SaveStepParams(
                            lease: pair[1].lease, name: "charge", status: .failed, error: Fixtures.error("first"),
                            startedAt: Fixtures.at(10), now: Fixtures.at(11)))
                }
            }
            let staleSave = SaveStepParams(
                lease: stale, name: "other", status: .completed, resultJSON: "1", startedAt: Fixtures.at(11),
                now: Fixtures.at(12))
            let batchSaves = [staleSave] + saves(batched)
            let batchResults = try await store.writeStatement { tx in try await tx.saveSteps(batchSaves) }
            // Runs 0 and 2 hold equal saves, so do 1 and 3; both pairs' results and records must match.
            let singleSaves = saves(single)
            var singleResults: [SaveStepResult] = []
            for save in singleSaves {
                singleResults.append(try await store.writeStatement { tx in try await tx.saveStep(save) })
            }
            #expect(Set(batchResults.keys) == Set(batched.map(\.run.id)), "the stale lease's run saved nothing")
            for (index, run) in batched.enumerated() {
                let fromBatch = try #require(batchResults[run.run.id])
                var expected = singleResults[index]
                expected.step.runId = run.run.id
                #expect(fromBatch == expected)
            }
            #expect(batchResults[batched[1].run.id]?.step.failures == 2)
            #expect(batchResults[batched[1].run.id]?.step.error == Fixtures.error("declined"))
            for (mine, theirs) in zip(batched, single) {
                let batchedDetail = try #require(try await store.runDetail(RunDetailParams(runId: mine.run.id)))
                let singleDetail = try #require(try await store.runDetail(RunDetailParams(runId: theirs.run.id)))
                #expect(batchedDetail.steps.map { $0.withRun("x") } == singleDetail.steps.map { $0.withRun("x") })
                let entries = { (detail: RunDetail) in
                    detail.timeline.filter { $0.step != nil }.map { [$0.kind.rawValue, $0.step ?? "", $0.message] }
                }
                #expect(entries(batchedDetail) == entries(singleDetail))
                #expect(entries(batchedDetail).count == (mine.run.id == batched[1].run.id ? 2 : 1))
            }
            let staleDetail = try #require(try await store.runDetail(RunDetailParams(runId: stale.runId)))
            #expect(!staleDetail.steps.contains { $0.name == "other" })
        }
    }

    @Test("saves queued behind busy writers share one statement; a lost lease or a refused value fails only its own")
    func queuedSavesShareAStatement() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let (store, holder) = (stores[0], stores[1])
            let runs = 12
            for n in 0..<runs { _ = try await store.createdRun(Fixtures.createRun(now: Fixtures.at(Double(n)))) }
            let claimed = try await store.claimRuns(Fixtures.claim(limit: runs, now: Fixtures.at(20)))
            try #require(claimed.count == runs)
            let before = store.stepSaves.statistics
            let refused = claimed[5].run.id
            let lost = claimed[7].run.id
            let outcomes = try await BlockedWriters.outcomes(of: claimed, in: store.stepSaves, holder: holder) {
                index, run in
                var lease = run.lease
                if run.run.id == lost { lease.attempt += 1 }
                // NUL passes the input limits but PostgreSQL cannot store it: the server refuses the value.
                let result = run.run.id == refused ? "\"a\u{0}b\"" : "\(index)"
                return try await store.saveStep(
                    SaveStepParams(
                        lease: lease, name: "step", status: .completed, resultJSON: result,
                        startedAt: Fixtures.at(21), now: Fixtures.at(21)))
            }
            for (index, run) in claimed.enumerated() {
                let outcome = try #require(outcomes[run.run.id])
                switch (run.run.id, outcome) {
                case (lost, .failure(.leaseLost)), (refused, .failure(.invalidInput)):
                    break
                case (_, .success(let saved)) where run.run.id != lost && run.run.id != refused:
                    #expect(saved.step.resultJSON == "\(index)" && saved.step.runId == run.run.id)
                default:
                    Issue.record("run \(index): unexpected \(outcome)")
                }
            }
            let statistics = store.stepSaves.statistics
            // The first saves alone (one per writer), then the others queued in one statement, which the refused
            // value made the server reject whole; each of those was then written alone.
            let writers = type(of: store.stepSaves).maximumWriting
            let queued = runs - writers
            #expect(statistics.writes - before.writes == writers + queued + queued)
            #expect(statistics.statements - before.statements == writers + 1 + queued)
            let written = try await store.countForTesting("SELECT count(*) AS count FROM steps WHERE name = 'step'")
            #expect(written == runs - 2, "all but the lost and the refused")
        }
    }
}

extension StepRecord {
    /// The step as if saved for run `id`, to compare two runs' steps.
    fileprivate func withRun(_ id: RunID) -> StepRecord {
        var step = self
        step.runId = id
        return step
    }
}
