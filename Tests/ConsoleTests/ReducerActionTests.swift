import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: actions, dialogs, filter, command line, keymap")
struct ReducerActionTests {
    /// The runs state with the cursor on the failed `chargeCard` run.
    static func onFailedRun() -> ConsoleState {
        var state = Fixtures.runsState()
        let failed = Fixtures.runs[2].id
        state.moveSelection(to: .run(failed))
        return state
    }

    @Test("r opens a confirm dialog focused on Cancel; Enter then does nothing")
    func retryDefaultsToCancel() throws {
        var state = Self.onFailedRun()
        #expect(state.reduce(.key(.character("r"))).isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.focus == .dismiss)
        #expect(dialog.action == .write(.retry(Fixtures.runs[2].id)))
        let effects = state.reduce(.key(.enter))
        #expect(effects.isEmpty)
        #expect(state.dialog == nil)
    }

    @Test("retry flow: switch to Retry, Enter emits the retry effect, the outcome shows as a flash")
    func retryFlow() {
        var state = Self.onFailedRun()
        let id = Fixtures.runs[2].id
        _ = state.reduce(.key(.character("r")))
        _ = state.reduce(.key(.tab))
        #expect(state.dialog?.focus == .confirm)
        let effects = state.reduce(.key(.enter))
        #expect(effects == [.write(.retry(id))])
        #expect(state.flash?.message == "Retrying \(id)…")
        var retried = Fixtures.runs[2]
        retried.status = .queued
        let reload = state.reduce(.actionFinished(.retried(retried)))
        #expect(state.flash?.kind == .success)
        #expect(state.flash?.message.contains("Retried \(id)") == true)
        #expect(reload == [.loadRuns(state.currentRunsQuery)])
        _ = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(ConsoleState.flashSeconds + 1)))
        #expect(state.flash == nil, "flash messages expire")
    }

    @Test("a failed action shows an error flash")
    func failedActionFlash() {
        var state = Self.onFailedRun()
        _ = state.reduce(.actionFinished(.failed(.cancel("run_x"), message: "database is locked")))
        #expect(state.flash?.kind == .error)
        #expect(state.flash?.message == "Cancel of run_x failed: database is locked")
    }

    @Test("C on an active run asks first; Esc dismisses; a finished run is refused with a flash")
    func cancelFlow() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("C")))
        #expect(state.dialog?.action == .write(.cancel(Fixtures.runs[0].id)))
        #expect(state.dialog?.focus == .dismiss)
        _ = state.reduce(.key(.escape))
        #expect(state.dialog == nil)
        var failed = Self.onFailedRun()
        #expect(failed.reduce(.key(.character("C"))).isEmpty)
        #expect(failed.dialog == nil)
        #expect(failed.flash?.kind == .error)
    }

    @Test("retrying a running run is refused with a clear message")
    func retryRefusedForActiveRun() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("r")))
        #expect(state.dialog == nil)
        #expect(state.flash?.message.contains("Only failed or canceled runs can be retried") == true)
    }

    @Test("read-only removes retry and cancel from handling, hint bar and help")
    func readOnlyRemovesDangerousKeys() {
        var state = Fixtures.runsState(readOnly: true)
        let failed = Fixtures.runs[2].id
        state.moveSelection(to: .run(failed))
        #expect(state.reduce(.key(.character("r"))).isEmpty)
        #expect(state.reduce(.key(.character("C"))).isEmpty)
        #expect(state.dialog == nil)
        let hints = state.keymap.hints(in: state.activeScopes, readOnly: true).map(\.command)
        #expect(!hints.contains(.view(.retry)) && !hints.contains(.view(.cancel)))
        let help = state.keymap.helpSections(readOnly: true).flatMap(\.bindings)
        #expect(!help.contains { $0.isDangerous })
        let writable = Fixtures.runsState()
        #expect(
            writable.keymap.hints(in: writable.activeScopes, readOnly: false).map(\.command).contains(.view(.retry)))
        #expect(ConsoleRenderer.render(writable).lines.last?.contains("r retry") == true)
        #expect(ConsoleRenderer.render(state).lines.last?.contains("retry") == false)
    }

    @Test("the hint bar and help are generated from the keymap")
    func hintsComeFromKeymap() throws {
        let state = Fixtures.runsState()
        let bar = ConsoleRenderer.render(state).lines.last ?? ""
        for binding in state.keymap.hints(in: state.activeScopes, readOnly: false).prefix(3) {
            let hint = try #require(binding.hint)
            #expect(bar.contains(binding.keys[0].label + " " + hint))
        }
        var help = state
        _ = help.reduce(.key(.character("?")))
        let text = ConsoleRenderer.render(help).text
        #expect(text.contains("Filter by any text a row shows"))
        _ = help.reduce(.key(.escape))
        #expect(!help.showsHelp)
    }

    @Test("/ filters rows as you type; Enter asks the store; Esc in the list clears the filter")
    func filterFlow() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("/")))
        for character in "card" { _ = state.reduce(.key(.character(character))) }
        #expect(state.visibleRuns.map(\.job) == ["chargeCard", "chargeCard"])
        let apply = state.reduce(.key(.enter))
        #expect(state.filterText == "card")
        #expect(apply == [.loadRuns(RunQuery(text: "card", limit: 500))])
        let clear = state.reduce(.key(.escape))
        #expect(state.filterText.isEmpty)
        #expect(state.currentView == .runs(queue: nil), "the first Esc clears the filter, not the view")
        #expect(clear == [.loadRuns(RunQuery(limit: 500))])
    }

    @Test("the filter matches idempotency keys and error messages, case-insensitively")
    func filterFields() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("/")))
        for character in "USER_8811" { _ = state.reduce(.key(.character(character))) }
        #expect(state.visibleRuns.map(\.id) == [Fixtures.runs[5].id])
        _ = state.reduce(.key(.control("u")))
        for character in "declined" { _ = state.reduce(.key(.character(character))) }
        #expect(state.visibleRuns.map(\.id) == [Fixtures.runs[2].id])
        _ = state.reduce(.key(.escape))
        #expect(state.filterText.isEmpty && state.input == nil)
    }

    @Test("status toggles narrow the list and the store query; A shows all again")
    func statusToggles() {
        var state = Fixtures.runsState()
        let effects = state.reduce(.key(.character("F")))
        #expect(state.statusFilter == [.failed])
        #expect(effects == [.loadRuns(RunQuery(statuses: [.failed], limit: 500))])
        _ = state.reduce(.key(.character("R")))
        #expect(Set(state.visibleRuns.map(\.status)) == [.failed, .running])
        _ = state.reduce(.key(.character("A")))
        #expect(state.visibleRuns.count == Fixtures.runs.count)
    }

    @Test("s cycles the sort column and o reverses it")
    func sorting() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("s")))
        #expect(state.runSort == .job)
        #expect(state.visibleRuns.first?.job == "chargeCard")
        _ = state.reduce(.key(.character("o")))
        #expect(state.visibleRuns.first?.job == "导入客户数据")
    }

    @Test(": opens the command line; Tab completes; Enter runs it")
    func commandLine() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character(":")))
        _ = state.reduce(.key(.character("q")))
        _ = state.reduce(.key(.tab))
        #expect(state.input?.value.text == "qu", "two candidates complete to their common prefix")
        #expect(state.input?.completions == ["queues", "quit"])
        _ = state.reduce(.key(.character("e")))
        _ = state.reduce(.key(.tab))
        #expect(state.input?.value.text == "queues")
        _ = state.reduce(.key(.enter))
        #expect(state.currentView == .queues)
        _ = state.reduce(.key(.character(":")))
        for character in "th" { _ = state.reduce(.key(.character(character))) }
        _ = state.reduce(.key(.tab))
        #expect(state.input?.value.text == "theme ")
        _ = state.reduce(.key(.character("l")))
        _ = state.reduce(.key(.tab))
        #expect(state.input?.value.text == "theme light")
        _ = state.reduce(.key(.enter))
        #expect(state.themeName == "light")
        _ = state.reduce(.key(.character(":")))
        for character in "bogus" { _ = state.reduce(.key(.character(character))) }
        _ = state.reduce(.key(.enter))
        #expect(state.flash?.kind == .error)
        _ = state.reduce(.key(.character(":")))
        _ = state.reduce(.key(.character("r")))
        _ = state.reduce(.key(.tab))
        #expect(state.input?.completions == ["runs", "run", "refresh"])
    }

    @Test("t cycles themes; q quits")
    func themeAndQuit() {
        var state = Fixtures.state()
        _ = state.reduce(.key(.character("t")))
        #expect(state.themeName == "light")
        let effects = state.reduce(.key(.character("q")))
        #expect(effects == [.quit])
        #expect(state.isQuitting)
    }

    @Test("in a run, Tab switches sections, Enter folds JSON, l shows logs, y copies the id")
    func runViewKeys() {
        var state = Fixtures.runState(width: 80, height: 14)
        #expect(state.runView.tab == .timeline)
        _ = state.reduce(.key(.tab))
        #expect(state.runView.tab == .payload)
        _ = state.reduce(.key(.character("j")))
        _ = state.reduce(.key(.character("j")))
        _ = state.reduce(.key(.enter))
        #expect(state.runView.folded[.payload] == ["$.customer"])
        _ = state.reduce(.key(.enter))
        #expect(state.runView.folded[.payload] == [])
        _ = state.reduce(.key(.character("z")))
        #expect(state.runView.folded[.payload] == ["$.customer", "$.customer.tags", "$.amount"])
        _ = state.reduce(.key(.character("l")))
        #expect(state.runView.tab == .logs)
        _ = state.reduce(.key(.character("k")))
        #expect(!state.runView.followLogs, "scrolling up stops following")
        let copy = state.reduce(.key(.character("y")))
        #expect(copy == [.copyToClipboard(Fixtures.detail.run.id)])
    }

    @Test("unbound keys change nothing")
    func unboundKey() {
        var state = Fixtures.runsState()
        let before = state.selectedRunId
        #expect(state.reduce(.key(.function(9))).isEmpty)
        #expect(state.selectedRunId == before && state.dialog == nil && state.input == nil)
    }
}
