import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: the audit view")
struct ReducerAuditTests {
    @Test("0 and :audit open the trail newest first; refused actions are counted and shown as refused")
    func opens() {
        var state = Fixtures.state()
        #expect(state.press("0") == [.loadAudit])
        #expect(state.currentView == .audit)
        var typed = Fixtures.state()
        typed.press(":")
        typed.type("audit")
        #expect(typed.press(.enter) == [.loadAudit])
        let loaded = Fixtures.operationsState(.audit, width: 160, height: 48)
        #expect(loaded.visibleAuditEntries.map(\.id) == [7, 6, 5, 4, 3])
        let screen = ConsoleRenderer.render(loaded).lines
        #expect(screen.contains { $0.contains("bo@ops-box") && $0.contains("release-lock") && $0.contains("forced") })
        #expect(screen.contains { $0.contains("refused: run is already completed") })
        #expect(screen[46].contains("5 actions · 1 refused"), "\(screen[46])")
    }

    @Test("Enter opens the run an action was about; on one about no run it says so")
    func enterOpensTheRun() {
        var state = Fixtures.operationsState(.audit)
        state.press(.enter)
        #expect(state.currentView == .run(Fixtures.runs[2].id))
        state.press(.escape)
        #expect(state.currentView == .audit)
        state.moveSelection(to: .listRow(.audit, "4"))
        state.press(.enter)
        #expect(state.currentView == .audit)
        #expect(state.flash?.message == "This action was not about a run (release-lock search-index:rebuild)")
    }

    @Test("/ narrows by any text; the trail reloads on the periodic tick, not on every run change")
    func filterAndReload() {
        var state = Fixtures.operationsState(.audit)
        state.press("/")
        state.type("http")
        state.press(.enter)
        #expect(state.visibleAuditEntries.map(\.action) == ["send-event"])
        let entry = TimelineEntry(sequence: 9, runId: "run_x", at: Fixtures.now, kind: .completed, status: .completed)
        _ = state.reduce(.changesArrived([], latestSequence: 1, runQueues: [:]))
        #expect(!state.reduce(.changesArrived([entry], latestSequence: 9, runQueues: [:])).contains(.loadAudit))
        let later = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(ConsoleState.listRefreshSeconds)))
        #expect(later.contains(.loadAudit))
    }

    @Test("the header lists every view with its key only when the store's path still fits beside them")
    func headerKeepsTheStore() {
        let wide = ConsoleRenderer.render(Fixtures.operationsState(.audit, width: 200, height: 30)).lines[0]
        #expect(wide.contains("9 Failures  0 Audit") && wide.contains("/var/lib/stackshift/jobs.sqlite"), "\(wide)")
        let narrower = ConsoleRenderer.render(Fixtures.operationsState(.audit, width: 160, height: 30)).lines[0]
        #expect(!narrower.contains("9 Failures"), "\(narrower)")
        #expect(narrower.contains("›  0 Audit") && narrower.contains("/var/lib/stackshift/jobs.sqlite"), "\(narrower)")
    }
}
