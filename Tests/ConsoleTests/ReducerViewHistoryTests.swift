import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: each view keeps its own filter, and Esc goes back to where you came from")
struct ReducerViewHistoryTests {
    static func filter(_ state: inout ConsoleState, _ text: String) {
        state.press("/")
        state.type(text)
        state.press(.enter)
    }

    @Test("a runs filter does not follow you into an opened run's other views, and is there when you come back")
    func runsFilterStaysWithRuns() {
        var state = Fixtures.runsState()
        Self.filter(&state, "card")
        state.press(.enter)
        #expect(state.openRunId != nil)
        // From the run, another list: it has no filter of its own (the old leak: it inherited "card").
        #expect(state.press("5") == [.loadEvents])
        #expect(state.filterText.isEmpty && state.effectiveFilter.isEmpty)
        state.press("6")
        #expect(state.statePrefix.isEmpty)
        #expect(state.press("3") == [.loadRuns(RunQuery(text: "card", limit: 500))], "the runs filter is the runs'")
        #expect(state.filterText == "card")
        #expect(state.visibleRuns.allSatisfy { $0.job == "chargeCard" })
    }

    @Test("a state prefix and a waits filter stay in their views; the queues never see them")
    func listFiltersStayInTheirViews() {
        var state = Fixtures.operationsState(.state)
        Self.filter(&state, "imports:")
        #expect(state.statePrefix == "imports:")
        #expect(state.press("4") == [.loadWaits])
        #expect(state.filterText.isEmpty)
        Self.filter(&state, "pay")
        state.press("2")
        #expect(state.filterText.isEmpty && state.visibleQueues.count == Fixtures.queues.count)
        #expect(state.filters == [.state: "imports:", .waits: "pay"])
        #expect(state.press("6") == [.loadState(prefix: "imports:"), .loadLocks(prefix: "imports:")])
    }

    @Test("Esc walks back through the views in the order they were shown, then home to the overview")
    func escGoesBack() {
        var state = Fixtures.state()
        state.press(.enter)
        #expect(state.viewStack == [.queues, .runs(queue: "emails")])
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        state.press(.enter)
        let run = state.currentView
        #expect(state.openRunId != nil)
        state.press("4")
        state.press("7")
        state.press(.escape)
        #expect(state.currentView == .waits, "back to the waits, where you were, not to the queues")
        state.press(.escape)
        #expect(state.currentView == run)
        state.press(.escape)
        #expect(state.viewStack == [.queues, .runs(queue: "emails")])
        state.press(.escape)
        #expect(state.viewStack == [.queues] && state.viewHistory.isEmpty)
        // The queues are a root: Esc goes home to the overview, and no further.
        state.press(.escape)
        #expect(state.viewStack == [.overview])
        #expect(state.press(.escape).isEmpty && state.viewStack == [.overview])
    }

    @Test("Esc clears only the shown view's filter first; the next Esc goes back")
    func escClearsThisViewsFilterFirst() {
        var state = Fixtures.operationsState(.events)
        Self.filter(&state, "pay")
        state.press("4")
        Self.filter(&state, "PAY_123")
        state.press(.escape)
        #expect(state.currentView == .waits && state.filterText.isEmpty)
        state.press(.escape)
        #expect(state.currentView == .events && state.filterText == "pay", "the events filter is still there")
    }

    @Test("the history is bounded, however many views are visited")
    func historyIsBounded() {
        var state = Fixtures.state()
        for index in 0..<1_000 { state.press(index.isMultiple(of: 2) ? "4" : "5") }
        #expect(state.viewHistory.count == 100)
    }
}
