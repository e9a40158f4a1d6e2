extension ConsoleState {
    /// A left click at a screen cell. On a row of the view's main list it selects that run, queue or entry,
    /// as moving the cursor there would; on the row already selected it opens it, as Enter does. A click
    /// anywhere else, or while a dialog, form, filter, help or the why panel is open, does nothing: those
    /// are answered with keys, and a stray click must never confirm or dismiss anything.
    mutating func click(x: Int, y: Int) -> [ConsoleEffect] {
        guard activeScopes.contains(.global) else { return [] }
        if currentView == .overview { return clickOverview(x: x, y: y) }
        guard let target = clickedRow(x: x, y: y) else { return [] }
        // A click in the values pane focuses it, so the keys move what was clicked.
        if currentView == .state { stateFocus = .state }
        guard let current = selectedRowIndex else { return [] }
        if target == current { return open() }
        return move(by: target - current)
    }

    /// The index among the view's selectable rows of the one drawn at a screen cell; nil off the list.
    func clickedRow(x: Int, y: Int) -> Int? {
        let layout = layout
        guard x >= 0, x < layout.width, y >= 0 else { return nil }
        switch currentView {
        case .queues:
            return Self.row(y: y, first: layout.bodyTop + 1, rows: layout.tableRows, scroll: queuesScroll)
                .flatMap { $0 < visibleQueues.count ? $0 : nil }
        case .runs:
            return Self.row(y: y, first: layout.bodyTop + 1, rows: layout.tableRows, scroll: runsScroll)
                .flatMap { $0 < visibleRuns.count ? $0 : nil }
        case .events, .schedules, .workers, .waits, .state, .failures, .audit:
            guard let kind = currentView == .events ? eventsFocus : currentView.listKind else { return nil }
            // Two-pane views: the main list is the left pane, or the top one (below its heading).
            let twoPanes = kind == .waits || kind == .state || kind == .rejected
            if twoPanes, layout.splitsSideBySide, x >= layout.leftPaneWidth { return nil }
            let first = twoPanes ? layout.bodyTop + 2 : layout.bodyTop + 1
            guard let line = Self.row(y: y, first: first, rows: listRows(kind), scroll: listScroll(kind)) else {
                return nil
            }
            // A wait group's heading is a line of the list but no row of it.
            return listLines(kind).selectable.firstIndex(of: line)
        case .run, .overview:
            return nil
        }
    }

    /// A click on the overview: on a panel, focuses it; on a row of its list, selects the row, and on the row
    /// already selected in the focused panel, opens it.
    private mutating func clickOverview(x: Int, y: Int) -> [ConsoleEffect] {
        let areas = overviewLayout
        guard
            let panel = OverviewPanel.allCases.first(where: { panel in
                let area = areas.area(panel)
                return x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height
            })
        else { return [] }
        let wasFocused = overviewFocus == panel
        overviewFocus = panel
        let area = areas.area(panel)
        let ids = overviewRowIds(panel)
        let rows = max(0, area.contentRows - 1)
        let selected = selectedOverviewIndex(panel) ?? 0
        let scroll = Self.scroll(0, keeping: selected, rows: rows, count: ids.count)
        // Rows start under the heading and the column titles.
        guard let line = Self.row(y: y, first: area.y + 2, rows: rows, scroll: scroll), line < ids.count else {
            return []
        }
        if wasFocused, line == selected { return openOverview() }
        overviewSelection[panel] = ids[line]
        return []
    }

    /// The index of the selected row in the current list view; nil when it has none.
    private var selectedRowIndex: Int? {
        switch currentView {
        case .queues: selectedQueueIndex
        case .runs: selectedRunIndex
        case .run, .overview: nil
        case .events:
            selectedListIndex(eventsFocus)
        case .schedules, .workers, .waits, .state, .failures, .audit:
            currentView.listKind.flatMap(selectedListIndex)
        }
    }

    /// The list line drawn at screen row `y` of a table whose first data row is `first`; nil off its rows.
    private static func row(y: Int, first: Int, rows: Int, scroll: Int) -> Int? {
        guard y >= first, y < first + rows else { return nil }
        return scroll + (y - first)
    }
}
