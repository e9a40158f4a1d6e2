import Foundation
import JobStore
import Testing

/// The multi-process tests trust ``ExecutionAccount`` to tell an allowed re-execution from a broken promise;
/// here it is shown each case on made-up records, so a lenient account cannot hide a real double execution.
@Suite("Exactly-once accounting")
struct ExecutionAccountTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    /// A completed run whose three steps were committed by the given attempts, after attempts ending `earlier`.
    static func detail(
        _ id: RunID, earlier: [(AttemptOutcome, String?)] = [], committedBy: [Int]? = nil
    ) -> RunDetail {
        let last = earlier.count + 1
        var attempts = earlier.enumerated().map { index, end in
            AttemptRecord(
                runId: id, number: index + 1, workerId: "w", startedAt: at, endedAt: at, outcome: end.0,
                error: end.1.map { ErrorDetail(type: $0, message: "gone", location: nil, retryable: true) })
        }
        attempts.append(AttemptRecord(runId: id, number: last, workerId: "w", startedAt: at, outcome: .completed))
        let steps = zip(ExecutionAccount.steps, committedBy ?? [last, last, last]).map { name, attempt in
            StepRecord(runId: id, name: name, status: .completed, attempt: attempt, startedAt: at)
        }
        let run = RunRecord(
            id: id, job: "multistep", queue: "default", status: .completed, payloadJSON: "{}", attempt: last,
            maxAttempts: 5, retryPolicy: .standard, createdAt: at, updatedAt: at)
        return RunDetail(run: run, attempts: attempts, steps: steps, logs: [], timeline: [])
    }

    @Test("each step once, in the attempt that committed it: no problem")
    func clean() {
        let lines = ["r1:fetch:1", "r1:transform:1", "r1:store:1"]
        #expect(ExecutionAccount.problems(lines: lines, details: [Self.detail("r1")]).isEmpty)
    }

    @Test("a step re-run after a crashed attempt, or one failed because the store was unreachable, is allowed")
    func allowedReruns() {
        let crashed = Self.detail("r1", earlier: [(.crashed, "LeaseExpired")], committedBy: [1, 2, 2])
        let unreachable = Self.detail("r2", earlier: [(.failed, "JobStoreError")])
        let lines = [
            "r1:fetch:1", "r1:transform:1", "r1:transform:2", "r1:store:2",
            "r2:fetch:1", "r2:fetch:2", "r2:transform:2", "r2:store:2",
        ]
        #expect(ExecutionAccount.problems(lines: lines, details: [crashed, unreachable]).isEmpty)
    }

    @Test("a committed step run again, a step twice in one attempt, a re-run after a handler error: each reported")
    func brokenPromises() {
        let committedEarly = Self.detail("r1", earlier: [(.crashed, "LeaseExpired")], committedBy: [1, 2, 2])
        let handlerError = Self.detail("r3", earlier: [(.failed, "JobError")])
        let lines = [
            "r1:fetch:1", "r1:fetch:2", "r1:transform:2", "r1:store:2",
            "r2:fetch:1", "r2:fetch:1", "r2:transform:1", "r2:store:1",
            "r3:fetch:1", "r3:fetch:2", "r3:transform:2", "r3:store:2",
            "r4:fetch:1", "garbage",
        ]
        let problems = ExecutionAccount.problems(
            lines: lines, details: [committedEarly, Self.detail("r2"), handlerError])
        #expect(
            problems.sorted() == [
                "r1:fetch committed by attempt 1, but last ran in 2",
                "r2:fetch ran twice in one attempt: [1, 1]",
                "r3:fetch ran again after attempt 1 ended failed (gone)",
                "r4:fetch ran but is no run's step",
                "unreadable side-effect line garbage",
            ])
    }

    @Test("a step that never ran, or a run that did not complete, is reported")
    func missingWork() {
        var failed = Self.detail("r2")
        failed.run.status = .failed
        let problems = ExecutionAccount.problems(
            lines: ["r1:fetch:1", "r1:transform:1"], details: [Self.detail("r1"), failed])
        #expect(problems.sorted() == ["r1:store is stored as completed but never ran", "r2 ended failed"])
    }
}
