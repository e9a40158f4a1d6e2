import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: why is this run not moving?")
struct ReducerWhyTests {
    static func onWaitingRun() -> ConsoleState {
        var state = Fixtures.runsState()
        state.moveSelection(to: .run(Fixtures.runs[1].id))
        return state
    }

    @Test("w on a non-terminal run opens the panel and asks the engine; the answer fills it")
    func askAndShow() throws {
        var state = Self.onWaitingRun()
        #expect(state.press("w") == [.explain(Fixtures.runs[1].id)])
        #expect(state.activeScopes == [.why])
        #expect(state.screen.contains("Asking the engine…"))
        _ = state.reduce(.diagnosed(Fixtures.lockDiagnosis))
        #expect(state.why?.diagnosis == nil, "an answer about another run is ignored")
        _ = state.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        #expect(state.why?.diagnosis == Fixtures.waitingDiagnosis)
        let screen = state.screen
        #expect(screen.contains("Why is \(Fixtures.runs[1].id) not moving?"))
        #expect(screen.contains("Waiting for payment.confirmed key pay_123 for 3m02s"))
        #expect(screen.contains("≈ PAY_123"))
        #expect(screen.contains("Fix"))
        #expect(state.hintBar.contains("s send"))
    }

    @Test("w on a finished run asks what happened to it, in a panel titled so")
    func terminalRun() {
        var state = Fixtures.runsState()
        state.moveSelection(to: .run(Fixtures.runs[2].id))
        #expect(state.press("w") == [.explain(Fixtures.runs[2].id)])
        #expect(state.why?.runId == Fixtures.runs[2].id)
        #expect(state.screen.contains("What happened to \(Fixtures.runs[2].id)?"))
    }

    @Test("a failed diagnosis shows its reason")
    func failure() {
        var state = Self.onWaitingRun()
        state.press("w")
        _ = state.reduce(.diagnosisFailed(Fixtures.runs[1].id, message: "database is locked"))
        #expect(state.screen.contains("Could not explain \(Fixtures.runs[1].id): database is locked"))
    }

    @Test("from the panel of a waiting run, s opens the send form prefilled with the waited name and key")
    func sendFromWhy() throws {
        var state = Fixtures.operationsState(.waits)
        state.moveSelection(to: .wait(Fixtures.waits[0].id))
        #expect(state.press("w") == [.explain(Fixtures.waits[0].id)])
        _ = state.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        state.press("s")
        #expect(state.why == nil)
        let form = try #require(state.form)
        #expect(form.fields[0].value.text == "payment.confirmed")
        #expect(form.fields[1].value.text == "pay_123")
    }

    @Test("the panel of a run that does not wait for an event offers no s; Enter opens the run; Esc closes")
    func otherKeys() {
        var state = Fixtures.runsState()
        state.moveSelection(to: .run(Fixtures.runs[4].id))
        state.press("w")
        _ = state.reduce(.diagnosed(Fixtures.lockDiagnosis))
        #expect(!state.hintBar.contains("s send"))
        state.press("s")
        #expect(state.form == nil)
        #expect(state.press("y") == [.copyToClipboard(Fixtures.runs[4].id)])
        var closed = state
        closed.press(.escape)
        #expect(closed.why == nil && closed.currentView == .runs(queue: nil))
        let effects = state.press(.enter)
        #expect(state.why == nil)
        #expect(state.currentView == .run(Fixtures.runs[4].id))
        #expect(effects == [.loadRunDetail(Fixtures.runs[4].id)])
    }

    @Test("j/k scroll a long answer within its bounds")
    func scrolls() {
        var state = Fixtures.runsState(width: 80, height: 14)
        state.moveSelection(to: .run(Fixtures.runs[4].id))
        state.press("w")
        _ = state.reduce(.diagnosed(Fixtures.lockDiagnosis))
        state.press("G")
        let bottom = state.why?.scroll ?? 0
        #expect(bottom > 0)
        state.press("j")
        #expect(state.why?.scroll == bottom)
        state.press("g")
        #expect(state.why?.scroll == 0)
    }

    @Test(":why ID explains a run by id")
    func commandLine() {
        var state = Fixtures.runsState()
        state.press(":")
        state.type("why \(Fixtures.runs[0].id)")
        #expect(state.press(.enter) == [.explain(Fixtures.runs[0].id)])
    }

    @Test("a fix is shown by its key; a shell command only without one, quoted and with the console's --db")
    func fixText() {
        let retry = RunDiagnosis.Fix(summary: "retry it", consoleKey: "r", command: ["runs", "retry", "run_1"])
        #expect(retry.consoleText(databaseArguments: ["--db", "jobs.sqlite"]) == "retry it: press r")
        let unlock = RunDiagnosis.Fix(
            summary: "release the lock", command: ["state", "unlock", "imports:42", "--owner", "w; rm -rf ~"])
        #expect(
            unlock.consoleText(databaseArguments: ["--db", "/srv/my jobs.sqlite"])
                == "release the lock: in a shell, stackshift state unlock --db '/srv/my jobs.sqlite' imports:42 "
                + "--owner 'w; rm -rf ~'")
        #expect(RunDiagnosis.Fix(summary: "start a worker").consoleText(databaseArguments: []) == "start a worker")
    }
}
