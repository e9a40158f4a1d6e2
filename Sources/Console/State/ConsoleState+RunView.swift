import Foundation
import JobStore

extension ConsoleState {
    /// The JSON lines of a run view section with the given folds.
    func jsonLines(for tab: RunDetailTab, folded: Set<String>) -> [JSONLine] {
        guard tab.isJSON, let detail = shown.detail, let text = RunSections.jsonText(for: tab, detail: detail) else {
            return []
        }
        return JSONLines.lines(for: text, folded: folded)
    }

    /// The run view's section keys, follow, and folding all JSON.
    mutating func performInRunView(_ command: ViewCommand) {
        switch command {
        case .nextTab, .previousTab:
            let tabs = RunDetailTab.allCases
            let index = tabs.firstIndex(of: runView.tab) ?? 0
            let step = command == .nextTab ? 1 : tabs.count - 1
            runView.tab = tabs[(index + step) % tabs.count]
        case .showLogs:
            runView.tab = .logs
        case .toggleFollow:
            runView.followLogs.toggle()
            showFlash(runView.followLogs ? "Following new log lines" : "Stopped following logs", kind: .info)
        case .expandAll:
            runView.folded[runView.tab] = []
        case .collapseAll:
            runView.folded[runView.tab] = Set(
                jsonLines(for: runView.tab, folded: []).compactMap(\.foldPath).filter { $0 != "$" })
            runView.cursor[runView.tab] = 0
            runView.scroll[runView.tab] = 0
        default:
            break
        }
    }

    /// The cursor line of a run view section of `lineCount` lines; nil in a section without a cursor. The
    /// timeline's starts on its first bar, under the header, and stays within its lines as they change.
    func runViewCursor(in tab: RunDetailTab, lineCount: Int) -> Int? {
        guard tab.hasCursor else { return nil }
        guard tab == .timeline else { return runView.cursor[tab, default: 0] }
        let cursor = runView.cursor[tab] ?? (lineCount > 1 ? 1 : 0)
        return min(max(0, cursor), max(0, lineCount - 1))
    }

    /// Moves the cursor (JSON sections, the timeline) or scrolls (the others) in the run view's section,
    /// keeping the cursor in view.
    mutating func moveInRunView(by delta: Int) {
        let tab = runView.tab
        let count = RunSections.lines(for: tab, state: self).count
        let rows = layout.runSectionRows
        if let current = runViewCursor(in: tab, lineCount: count) {
            let cursor = min(max(0, current.addingClamped(delta)), max(0, count - 1))
            runView.cursor[tab] = cursor
            runView.scroll[tab] = Self.scroll(
                runView.scroll[tab, default: 0], keeping: cursor, rows: rows, count: count)
            return
        }
        let maxScroll = max(0, count - rows)
        let current = RunSections.visibleScroll(for: tab, state: self, lineCount: count)
        let target = min(max(0, current.addingClamped(delta)), maxScroll)
        runView.scroll[tab] = target
        if tab == .logs {
            // Scrolling up stops following; reaching the end starts it again.
            runView.followLogs = target >= maxScroll
        }
    }

    /// Folds or unfolds the container at the cursor, or the one enclosing the cursor line.
    mutating func toggleFoldAtCursor() {
        let tab = runView.tab
        guard tab.isJSON else { return }
        var folded = runView.folded[tab] ?? []
        let lines = jsonLines(for: tab, folded: folded)
        guard !lines.isEmpty else { return }
        var index = min(runView.cursor[tab, default: 0], lines.count - 1)
        if lines[index].foldPath == nil {
            let depth = lines[index].depth
            guard let parent = lines[..<index].lastIndex(where: { $0.foldPath != nil && $0.depth < depth }) else {
                return
            }
            index = parent
        }
        guard let path = lines[index].foldPath else { return }
        if folded.contains(path) { folded.remove(path) } else { folded.insert(path) }
        runView.folded[tab] = folded
        runView.cursor[tab] = index
        let count = jsonLines(for: tab, folded: folded).count
        runView.scroll[tab] = Self.scroll(
            runView.scroll[tab, default: 0], keeping: index, rows: layout.runSectionRows, count: count)
    }
}
