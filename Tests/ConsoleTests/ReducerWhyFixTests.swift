import Console
import Foundation
import JobStore
import Testing

/// Every fix line `w` shows names a key; pressed in the panel, that key starts exactly that fix.
@Suite("Reducer: the why panel's fix keys")
struct ReducerWhyFixTests {
    /// A diagnosis case: the run asked about, the answer, and the write its fix key leads to once confirmed.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let run: RunRecord
        let diagnosis: RunDiagnosis
        let write: ConsoleWrite

        var testDescription: String { name }
    }

    static var failedRun: RunRecord { Fixtures.runs.first { $0.status == .failed }! }

    static let cases: [Case] = [
        Case(
            name: "failed run: r retries it", run: failedRun,
            diagnosis: RunDiagnosis(
                runId: failedRun.id, status: .failed, reason: .finished, sentence: "5 of 5 tries failed.",
                fix: .init(summary: "retry it", consoleKey: "r", command: ["runs", "retry", failedRun.id])),
            write: .retry(failedRun.id)),
        Case(
            name: "orphaned lock: u releases it as its holder", run: Fixtures.runs[4],
            diagnosis: RunDiagnosis(
                runId: Fixtures.runs[4].id, status: .queued, reason: .blockedOnLock,
                sentence: "It is blocked on lock imports:42: the lock is orphaned.",
                fix: .init(summary: "release the orphaned lock", consoleKey: "u"), lock: Fixtures.locks[0]),
            write: .releaseLock(key: Fixtures.locks[0].key, owner: Fixtures.locks[0].owner)),
        Case(
            name: "paused queue: P resumes it", run: Fixtures.runs[4],
            diagnosis: RunDiagnosis(
                runId: Fixtures.runs[4].id, status: .queued, reason: .queuePaused,
                sentence: "Queue \(Fixtures.runs[4].queue) is paused.",
                fix: .init(summary: "resume queue \(Fixtures.runs[4].queue)", consoleKey: "P")),
            write: .setQueuePaused(Fixtures.runs[4].queue, paused: false)),
    ]

    static func panel(_ testCase: Case) -> ConsoleState {
        var state = Fixtures.runsState()
        state.moveSelection(to: .run(testCase.run.id))
        state.press("w")
        _ = state.reduce(.diagnosed(testCase.diagnosis))
        return state
    }

    @Test("the key the fix line names opens the fix's confirm over the panel; confirming writes it", arguments: cases)
    func fixKeyWorks(_ testCase: Case) throws {
        var state = Self.panel(testCase)
        let key = try #require(testCase.diagnosis.fix?.consoleKey)
        #expect(state.screen.contains("press \(key)"), "the panel names the key")
        #expect(state.hintBar.contains("\(key) "), "the hint bar offers it: \(state.hintBar)")
        #expect(state.press(Character(key)).isEmpty)
        let dialog = try #require(state.dialog, "the key opens the fix's confirm")
        #expect(dialog.focus == .dismiss)
        state.press(.tab)
        #expect(state.press(.enter) == [.write(testCase.write)])
        #expect(state.why != nil, "the panel stays, to show whether the fix worked")
        let effects = state.reduce(.actionFinished(.failed(testCase.write, message: "the store answered")))
        #expect(effects.contains(.explain(testCase.run.id)), "whatever the outcome, the panel asks again")
    }

    @Test("a fix key whose fix is not this panel's is neither offered nor acted on")
    func otherFixesAreNotOffered() throws {
        var state = Self.panel(Self.cases[1])
        #expect(!state.hintBar.contains("r retry") && !state.hintBar.contains("P resume"), "\(state.hintBar)")
        state.press("P")
        #expect(state.dialog == nil)
        #expect(state.flash?.message == "This run's queue is not paused; P resumes it when it is")
        var readOnly = Fixtures.runsState(readOnly: true)
        readOnly.moveSelection(to: .run(Self.cases[1].run.id))
        readOnly.press("w")
        _ = readOnly.reduce(.diagnosed(Self.cases[1].diagnosis))
        readOnly.press("u")
        #expect(readOnly.dialog == nil && readOnly.flash?.message.hasPrefix("read-only: u") == true)
    }
}
