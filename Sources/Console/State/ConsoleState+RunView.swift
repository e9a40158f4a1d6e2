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

    mutating func moveInRunView(by delta: Int) {
        let tab = runView.tab
        let count = RunSections.lines(for: tab, state: self).count
        let rows = layout.runSectionRows
        if tab.isJSON {
            let cursor = min(max(0, runView.cursor[tab, default: 0].addingClamped(delta)), max(0, count - 1))
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
