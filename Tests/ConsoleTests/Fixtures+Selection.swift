import Console
import JobStore
import Testing

/// A row a test wants the cursor on.
enum SelectionTarget: CustomStringConvertible {
    /// A run in the runs list.
    case run(RunID)
    /// A waiting run in the waits view.
    case wait(RunID)
    /// A state value in the state view.
    case stateKey(String)
    /// A row of a list view, by its id.
    case listRow(ListKind, String)

    var description: String {
        switch self {
        case .run(let id): "run \(id) in the runs list"
        case .wait(let id): "waiting run \(id) in the waits view"
        case .stateKey(let key): "state key \(key)"
        case .listRow(let kind, let id): "\(kind.rawValue) row \(id)"
        }
    }
}

extension ConsoleState {
    /// Presses `j` until `target` is selected, at most once per row of its list, so a target that is not
    /// there (or a `j` that stopped moving) fails the test with what it waited for instead of hanging it.
    ///
    /// - Returns: Whether the target was reached; when it was not, an issue has been recorded.
    @discardableResult
    mutating func moveSelection(
        to target: SelectionTarget, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let rows: Int
        switch target {
        case .run: rows = visibleRuns.count
        case .wait: rows = listIds(.waits).count
        case .stateKey: rows = listIds(.state).count
        case .listRow(let kind, _): rows = listIds(kind).count
        }
        if isSelected(target) { return true }
        for _ in 0..<rows {
            press("j")
            if isSelected(target) { return true }
        }
        Issue.record(
            "the cursor never reached \(target) in \(rows) presses of j; it stopped on \(selectionSummary(target))",
            sourceLocation: sourceLocation)
        return false
    }

    private func isSelected(_ target: SelectionTarget) -> Bool {
        switch target {
        case .run(let id): selectedRunId == id
        case .wait(let id): selectedWait?.id == id
        case .stateKey(let key): selectedStateEntry?.key == key
        case .listRow(let kind, let id): selectedListId(kind) == id
        }
    }

    private func selectionSummary(_ target: SelectionTarget) -> String {
        let selected: String? =
            switch target {
            case .run: selectedRunId
            case .wait: selectedWait?.id
            case .stateKey: selectedStateEntry?.key
            case .listRow(let kind, _): selectedListId(kind)
            }
        return selected ?? "nothing"
    }
}

@Suite("Test helper: moving the cursor to a row")
struct MoveSelectionTests {
    @Test("the cursor reaches a run further down the list")
    func reaches() {
        var state = Fixtures.runsState()
        let reached = state.moveSelection(to: .run(Fixtures.runs[5].id))
        #expect(reached)
        #expect(state.selectedRunId == Fixtures.runs[5].id)
    }

    @Test("a target that is not in the list fails the test, naming it, after one press per row instead of hanging")
    func boundedWhenAbsent() {
        var state = Fixtures.runsState()
        withKnownIssue {
            let reached = state.moveSelection(to: .run("run_not_in_the_list"))
            #expect(!reached)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("run run_not_in_the_list in the runs list") }
        }
        #expect(state.selectedRunId == state.visibleRuns.last?.id, "it stopped on the last row")
    }
}
