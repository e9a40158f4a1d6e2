import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: queue pause, bulk actions, read-only")
struct ReducerBulkTests {
    @Test("^T counts the failed and canceled runs matching the filter, then asks with the count")
    func bulkRetry() throws {
        var state = Fixtures.runsState()
        state.press("/")
        state.type("card")
        state.press(.enter)
        let effects = state.press(.control("t"))
        #expect(
            effects == [.prepareBulk(.retry, RunQuery(statuses: [.failed, .canceled], text: "card", limit: 10_000))])
        #expect(state.dialog == nil, "no dialog before the count is known")
        let ids = [Fixtures.runs[2].id]
        _ = state.reduce(.bulkPrepared(.retry, ids, truncated: false))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Retry 1 run?")
        #expect(dialog.message.hasPrefix("1 failed or canceled run matches the filter (text \"card\")"))
        #expect(dialog.confirmLabel == "Retry 1 run")
        #expect(dialog.focus == .dismiss)
        #expect(state.press(.enter).isEmpty)
        _ = state.reduce(.bulkPrepared(.retry, ids, truncated: false))
        state.press(.tab)
        #expect(state.press(.enter) == [.runBulk(BulkAction(kind: .retry, runIds: ids))])
        _ = state.reduce(.actionFinished(.bulkFinished(.retry, succeeded: 1, failed: 0, firstError: nil)))
        #expect(state.flash?.message == "Retried 1 run")
    }

    @Test("^X cancels the active runs of the filter; a filter of only finished runs has none")
    func bulkCancel() throws {
        var state = Fixtures.runsState()
        state.press("F")
        state.press("R")
        #expect(state.press(.control("x")) == [.prepareBulk(.cancel, RunQuery(statuses: [.running], limit: 10_000))])
        _ = state.reduce(.bulkPrepared(.cancel, [Fixtures.runs[0].id, Fixtures.runs[8].id], truncated: true))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Cancel 2 runs?")
        #expect(dialog.message.contains("2 running runs match the filter (running/failed)"))
        #expect(dialog.message.contains("only the newest 2 are included"))
        var finished = Fixtures.runsState()
        finished.press("D")
        #expect(finished.press(.control("x")).isEmpty)
        #expect(finished.flash?.message == "The filter shows only completed runs: none can be canceled")
        _ = finished.reduce(.bulkPrepared(.cancel, [], truncated: false))
        #expect(finished.dialog == nil)
    }

    @Test("P asks before pausing or resuming the selected queue")
    func queuePause() throws {
        var state = Fixtures.state()
        #expect(state.press("P").isEmpty)
        #expect(state.dialog?.title == "Pause queue emails?")
        #expect(state.dialog?.message.contains("12 queued runs will wait") == true)
        state.press(.tab)
        #expect(state.press(.enter) == [.setQueuePaused("emails", paused: true)])
        state.press("j")
        #expect(state.selectedQueue == "imports")
        state.press("P")
        #expect(state.dialog?.title == "Resume queue imports?")
        state.press(.tab)
        #expect(state.press(.enter) == [.setQueuePaused("imports", paused: false)])
        var paused = Fixtures.queues[2].queue
        paused.paused = false
        _ = state.reduce(.actionFinished(.queuePauseChanged(paused)))
        #expect(state.flash?.message == "Resumed queue imports: workers claim its runs again")
    }

    /// Every destructive key, where it applies.
    static func dangerousPresses() -> [(String, ConsoleState, Key)] {
        var waiting = Fixtures.runsState(readOnly: true)
        while waiting.selectedRunId != Fixtures.runs[1].id { waiting.press("j") }
        var failed = Fixtures.runsState(readOnly: true)
        while failed.selectedRunId != Fixtures.runs[2].id { failed.press("j") }
        var why = Fixtures.operationsState(.waits, readOnly: true)
        while why.selectedWait?.id != Fixtures.waits[0].id { why.press("j") }
        why.press("w")
        _ = why.reduce(.diagnosed(Fixtures.waitingDiagnosis))
        let state = Fixtures.operationsState(.state, readOnly: true)
        var run = Fixtures.runState()
        run.readOnly = true
        return [
            ("retry", failed, .character("r")), ("cancel", waiting, .character("C")),
            ("bulk retry", failed, .control("t")), ("bulk cancel", failed, .control("x")),
            ("send from waits", Fixtures.operationsState(.waits, readOnly: true), .character("s")),
            ("send from events", Fixtures.operationsState(.events, readOnly: true), .character("s")),
            ("send from run", run, .character("s")), ("send from why", why, .character("s")),
            ("edit", state, .character("e")), ("ttl", state, .character("T")), ("increment", state, .character("+")),
            ("decrement", state, .character("-")), ("delete", state, .character("d")),
            ("pause queue", Fixtures.state(readOnly: true), .character("P")),
        ]
    }

    @Test("read-only: no destructive key acts, opens a form or asks")
    func readOnlyHandling() {
        for (name, state, key) in Self.dangerousPresses() {
            var copy = state
            let effects = copy.reduce(.key(key))
            #expect(effects.isEmpty, "\(name)")
            #expect(copy.dialog == nil && copy.form == nil, "\(name)")
        }
    }

    @Test("read-only: destructive keys are gone from the keymap, the hint bar and help")
    func readOnlyHidden() {
        let dangerous: Set<ConsoleCommand> = [
            .retry, .cancel, .bulkRetry, .bulkCancel, .sendEvent, .editState, .setTTL, .incrementState,
            .decrementState, .deleteState, .toggleQueuePause,
        ]
        let keymap = Keymap.standard
        #expect(
            Set(keymap.bindings.filter(\.isDangerous).map(\.command)) == dangerous,
            "every destructive binding is marked")
        for scope in KeyScope.allCases {
            let hints = keymap.hints(in: [scope, .global], readOnly: true).map(\.command)
            #expect(dangerous.isDisjoint(with: hints), "\(scope)")
            for binding in keymap.bindings where binding.scopes.contains(scope) {
                for key in binding.keys {
                    let found = keymap.binding(for: key, in: [scope], readOnly: true)
                    #expect(found.map { !dangerous.contains($0.command) } ?? true, "\(scope) \(key)")
                }
            }
        }
        let sections = keymap.helpSections(readOnly: true)
        #expect(!sections.flatMap(\.bindings).contains { dangerous.contains($0.command) })
        #expect(!sections.map(\.scope).contains(.form) && !sections.map(\.scope).contains(.dialog))
        for (name, state, _) in Self.dangerousPresses() {
            for label in ["r retry", "C cancel", "s send", "e edit", "T ttl", "+ incr", "d delete", "P pause queue"] {
                #expect(!state.hintBar.contains(label), "\(name): \(label)")
            }
        }
        var help = Fixtures.operationsState(.state, readOnly: true)
        help.press("?")
        let screen = help.screen
        #expect(screen.contains("read-only"))
        #expect(!screen.contains("Edit the value") && !screen.contains("Delete the value"))
        let writable = Fixtures.operationsState(.state)
        #expect(writable.hintBar.contains("e edit") && writable.hintBar.contains("d delete"))
    }
}
