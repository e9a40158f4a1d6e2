import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: marking runs for bulk actions")
struct ReducerMarkTests {
    static var failed: [RunRecord] { Fixtures.runs.filter { $0.status == .failed || $0.status == .canceled } }

    @Test("Space marks the run under the cursor and moves down; Space again unmarks; PgDn and ^F still page")
    func spaceMarks() throws {
        var state = Fixtures.runsState()
        let first = try #require(state.targetRun)
        state.press(" ")
        #expect(Set(state.markedRuns.keys) == [first.id])
        #expect(state.selectedRunIndex == 1, "the cursor moves on, so presses mark a run of rows")
        let screen = ConsoleRenderer.render(state).lines
        #expect(screen[2].hasPrefix("✓"), "the marked row shows a check: \(screen[2])")
        #expect(screen[22].contains("✓ 1 marked (^T/^X act on them, Esc unmarks)"), "\(screen[22])")
        state.press("k")
        state.press(" ")
        #expect(state.markedRuns.isEmpty)
        let before = state.selectedRunIndex
        state.press(.pageDown)
        #expect(state.selectedRunIndex != before && state.markedRuns.isEmpty)
        #expect(Keymap.standard.binding(for: .character(" "), in: [.runs])?.command == .view(.toggleMark))
    }

    @Test("* and ^Space mark every run listed, and unmark them when all are marked")
    func markAll() {
        var state = Fixtures.runsState()
        state.press("*")
        #expect(state.markedRuns.count == state.visibleRuns.count)
        state.press(.control(" "))
        #expect(state.markedRuns.isEmpty)
    }

    @Test("^T with marks asks about exactly the marked runs it applies to, says the others are left alone")
    func bulkOnMarks() throws {
        var state = Fixtures.runsState()
        let running = try #require(Fixtures.runs.first { $0.status == .running })
        let retryable = Array(Self.failed.prefix(2))
        for run in [running] + retryable {
            let index = try #require(state.visibleRuns.firstIndex { $0.id == run.id })
            let delta = index - (state.selectedRunIndex ?? 0)
            for _ in 0..<abs(delta) { state.press(delta > 0 ? "j" : "k") }
            state.press(" ")
        }
        #expect(state.markedRuns.count == 3)
        #expect(state.press(.control("t")).isEmpty, "the marks are known: no count to wait for")
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Retry 2 marked runs?")
        #expect(
            dialog.message.hasPrefix(
                "2 of the 3 marked runs are failed or canceled (the marks, not the filter). The other 1 is left alone."),
            "\(dialog.message)")
        state.press(.tab)
        let ids = retryable.map(\.id).sorted(by: >)
        #expect(state.press(.enter) == [.write(.bulk(BulkAction(kind: .retry, runIds: ids)))])
        _ = state.reduce(.actionFinished(.bulkFinished(.retry, changed: ids, failed: 0, firstError: nil)))
        #expect(state.markedRuns.isEmpty, "marks are spent by the action they were for")
    }

    @Test("^X with only finished runs marked says none can be canceled; Esc unmarks before anything else")
    func nothingApplies() throws {
        var state = Fixtures.runsState()
        let run = try #require(Self.failed.first)
        let index = try #require(state.visibleRuns.firstIndex { $0.id == run.id })
        for _ in 0..<index { state.press("j") }
        state.press(" ")
        #expect(state.press(.control("x")).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.flash?.message == "None of the 1 marked run can be canceled (Esc unmarks them)")
        let view = state.currentView
        state.press(.escape)
        #expect(state.markedRuns.isEmpty && state.currentView == view, "Esc unmarks and stays")
    }
}
