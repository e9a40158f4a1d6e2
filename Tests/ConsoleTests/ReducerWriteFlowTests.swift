import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: session start and the one-way path of a write")
struct ReducerWriteFlowTests {
    @Test("the tour and theme-file problems go in through init: the tour runs from the first frame, problems show")
    func startsFromInit() {
        let problems = ["a.yaml: bad colour", "b.yaml: unknown key", "c.yaml: not YAML"]
        let state = ConsoleState(
            width: 160, height: 48, now: Fixtures.now, tour: Fixtures.tour, themeProblems: problems)
        #expect(state.tour == Fixtures.tour)
        #expect(state.tourPlacement == .side, "the panel takes its room from the start")
        #expect(
            state.flash
                == Flash(
                    "Theme files with problems: a.yaml: bad colour; b.yaml: unknown key; … (stackshift themes check)",
                    kind: .error, expiresAt: Fixtures.later(8)))
        #expect(ConsoleRenderer.render(state).text.contains("Theme files with problems"))
        let plain = ConsoleState(now: Fixtures.now)
        #expect(plain.tour == nil && plain.flash == nil)
    }

    /// Confirms the open dialog and returns what left the reducer.
    static func confirm(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.press(.tab)
        return state.press(.enter)
    }

    /// A state with a confirm dialog open for each kind of write that asks first.
    static func dialogs() -> [(String, ConsoleState)] {
        var retry = Fixtures.runsState()
        retry.moveSelection(to: .run(Fixtures.runs[2].id))
        retry.press("r")
        var cancel = Fixtures.runsState()
        cancel.press("C")
        var bulk = Fixtures.runsState()
        bulk.press(.control("t"))
        _ = bulk.reduce(.bulkPrepared(.retry, [Fixtures.runs[2].id], truncated: false))
        var pause = Fixtures.state()
        pause.press("P")
        var delete = Fixtures.operationsState(.state)
        delete.press("d")
        var edit = Fixtures.operationsState(.state)
        edit.press("e")
        let entry = Fixtures.stateEntries[0]
        let request = StateEditRequest(
            key: entry.key, version: entry.version, originalJSON: entry.valueJSON, text: "", expiresAt: nil)
        _ = edit.reduce(.editorFinished(request, .saved(#"{"newCheckout": false}"#)))
        return [
            ("retry", retry), ("cancel", cancel), ("bulk retry", bulk), ("pause queue", pause), ("delete", delete),
            ("edit", edit),
        ]
    }

    @Test("a confirmed write leaves the reducer once, exactly as its dialog holds it, and is not sent again")
    func writeLeavesOnce() throws {
        for (name, opened) in Self.dialogs() {
            let dialog = try #require(opened.dialog, "\(name)")
            guard case .write(let write) = dialog.action else {
                Issue.record("\(name): the dialog holds a write")
                continue
            }
            var state = opened
            #expect(Self.confirm(&state) == [.write(write)], "\(name)")
            #expect(state.dialog == nil, "\(name)")
            #expect(state.press(.enter).allSatisfy { !$0.isWrite }, "\(name): Enter again sends nothing")
            var dismissed = opened
            #expect(dismissed.press(.escape).isEmpty, "\(name): Esc sends nothing")
        }
    }

    @Test("how a write ended comes back once: the reducer reports it and reloads, and never re-sends the write")
    func outcomesNeverResend() {
        let run = Fixtures.runs[2]
        let entry = Fixtures.stateEntries[1]
        let write = StateWrite(key: entry.key, valueJSON: "5", expectedVersion: 1, expiresAt: nil, purpose: .edit)
        let outcomes: [ActionOutcome] = [
            .retried(run), .canceled(.canceled(run)), .eventSent(Fixtures.sentEvent), .stateWritten(entry, .edit),
            .stateConflict(write, current: entry), .stateDeleted(key: entry.key, existed: true),
            .stateDeleteConflict(key: entry.key, current: entry), .stateIncremented(key: entry.key, value: 2),
            .queuePauseChanged(Fixtures.queues[0].queue),
            .bulkFinished(.retry, changed: ["run_a"], failed: 1, firstError: "gone"),
            .failed(.retry(run.id), message: "database is locked"),
        ]
        for outcome in outcomes {
            var state = Fixtures.operationsState(.state)
            let effects = state.reduce(.actionFinished(outcome))
            #expect(effects.allSatisfy { !$0.isWrite }, "\(outcome)")
            #expect(state.flash != nil, "\(outcome) is reported")
        }
        var failed = Fixtures.runsState()
        _ = failed.reduce(.actionFinished(.failed(.retry(run.id), message: "database is locked")))
        #expect(failed.flash?.message == "Retry of \(run.id) failed: database is locked")
    }

    @Test("a write that needs no question leaves at once, and its form closes")
    func directWrites() {
        var state = Fixtures.operationsState(.state)
        state.moveSelection(to: .stateKey("imports:42:count"))
        #expect(state.press("+") == [.write(.incrementState(key: "imports:42:count", amount: 1))])
        var send = Fixtures.operationsState(.events)
        send.press("s")
        let effects = send.press(.enter)
        #expect(effects.count == 1 && effects.allSatisfy(\.isWrite))
        #expect(send.form == nil)
    }
}

extension ConsoleEffect {
    /// Whether the effect is a write.
    var isWrite: Bool {
        if case .write = self { return true }
        return false
    }
}
