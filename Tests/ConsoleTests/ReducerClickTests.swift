import Console
import Foundation
import JobStore
import Testing

/// Clicks are judged against the rendered screen: a click on a drawn row must put the selection bar on that
/// very row, so the reducer's idea of where rows are cannot drift from where the views draw them.
@Suite("Reducer: mouse clicks")
struct ReducerClickTests {
    /// A list view at a size, and which of its lines are selectable rows (false for a wait group's heading).
    struct Case: CustomTestStringConvertible, Sendable {
        let view: ConsoleView
        let width: Int
        let height: Int

        var testDescription: String { "\(view) at \(width)×\(height)" }

        func state() -> ConsoleState {
            switch view {
            case .queues: Fixtures.state(width: width, height: height)
            case .runs: Fixtures.runsState(width: width, height: height)
            default: Fixtures.operationsState(view, width: width, height: height)
            }
        }
    }

    static let cases: [Case] = [
        .queues, .runs(queue: nil), .waits, .events, .state, .schedules, .workers, .failures, .audit,
    ]
    .flatMap { view in [Case(view: view, width: 80, height: 24), Case(view: view, width: 160, height: 48)] }

    /// The screen row the selection bar is drawn on, in the left half (the main list's side).
    static func selectionRow(_ state: ConsoleState) -> Int? {
        ConsoleRenderer.render(state).lines.firstIndex { $0.hasPrefix("▌") }
    }

    /// Whether each visible line of the view's main list is a selectable row.
    static func visibleSelectable(_ state: ConsoleState) -> [Bool] {
        let layout = state.layout
        func window(_ count: Int, scroll: Int, rows: Int) -> [Bool] {
            Array(repeating: true, count: max(0, min(count - scroll, rows)))
        }
        switch state.currentView {
        case .queues: return window(state.visibleQueues.count, scroll: state.queuesScroll, rows: layout.tableRows)
        case .runs: return window(state.visibleRuns.count, scroll: state.runsScroll, rows: layout.tableRows)
        case .waits:
            let lines = state.waitLines.dropFirst(state.listScroll(.waits)).prefix(layout.mainPaneRows)
            return lines.map { $0.runId != nil }
        case .state:
            return window(state.listIds(.state).count, scroll: state.listScroll(.state), rows: layout.mainPaneRows)
        case .events, .schedules, .workers, .audit:
            let kind = state.currentView.listKind ?? .events
            return window(state.listIds(kind).count, scroll: state.listScroll(kind), rows: layout.tableRows)
        case .failures:
            return window(
                state.listIds(.failures).count, scroll: state.listScroll(.failures), rows: layout.tableRows - 3)
        case .run, .overview:
            return []
        }
    }

    @Test("a click on any drawn row selects exactly that row; a click anywhere else changes nothing", arguments: cases)
    func clickSelectsTheDrawnRow(_ testCase: Case) throws {
        let base = testCase.state()
        let selected = try #require(Self.selectionRow(base), "a row is selected before the click")
        let expected = Self.visibleSelectable(base).filter { $0 }.count
        try #require(expected >= 2, "the fixture shows at least two rows to click between")
        var moved = Set<Int>()
        for y in 0..<testCase.height where y != selected {
            var state = base
            _ = state.reduce(.clicked(x: 3, y: y))
            #expect(state.currentView == base.currentView, "a click on an unselected row opens nothing (row \(y))")
            let now = Self.selectionRow(state)
            if now != selected {
                #expect(now == y, "a click on row \(y) moved the selection to row \(now.map(String.init) ?? "none")")
                moved.insert(y)
            }
        }
        #expect(moved.count == expected - 1, "every other drawn row can be clicked: \(moved.sorted())")
    }

    @Test("a click on the selected row opens it, as Enter does")
    func clickOnSelectedOpens() throws {
        var state = Fixtures.runsState()
        let row = try #require(Self.selectionRow(state))
        let id = try #require(state.selectedRunId)
        #expect(state.reduce(.clicked(x: 10, y: row)) == [.loadRunDetail(id)])
        #expect(state.currentView == .run(id))
        var queues = Fixtures.state()
        let queueRow = try #require(Self.selectionRow(queues))
        let queue = try #require(queues.selectedQueue)
        _ = queues.reduce(.clicked(x: 10, y: queueRow))
        #expect(queues.currentView == .runs(queue: queue))
    }

    @Test("the events pane beside the waits list is not the list: a click there selects no wait")
    func clickBesideTheMainPane() throws {
        var state = Fixtures.operationsState(.waits, width: 160, height: 48)
        let before = state.selectedWait?.id
        for y in 0..<48 { _ = state.reduce(.clicked(x: 150, y: y)) }
        #expect(state.selectedWait?.id == before)
    }

    @Test("while a dialog, a filter or help is open, a click does nothing: those are answered with keys")
    func clickUnderAnOverlay() throws {
        var dialog = Fixtures.runsState()
        dialog.moveSelection(to: .run(Fixtures.runs[2].id))
        dialog.press("r")
        let question = try #require(dialog.dialog)
        for y in 0..<24 { #expect(dialog.reduce(.clicked(x: 2, y: y)).isEmpty) }
        #expect(dialog.dialog == question, "the dialog is still open, unanswered")

        var filtering = Fixtures.runsState()
        filtering.press("/")
        let selected = filtering.selectedRunId
        for y in 0..<24 { _ = filtering.reduce(.clicked(x: 2, y: y)) }
        #expect(filtering.selectedRunId == selected)

        var help = Fixtures.runsState()
        help.press("?")
        for y in 0..<24 { _ = help.reduce(.clicked(x: 2, y: y)) }
        #expect(help.showsHelp && help.selectedRunId == Fixtures.runsState().selectedRunId)
    }
}
