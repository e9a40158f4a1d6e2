import Foundation
import JobStore

/// What a search in one run view section looks through.
struct SectionSearchTarget {
    /// The text of each line searched: the lines shown, or for JSON every line with all containers open.
    var texts: [String]
    /// For JSON, the lines with all containers open, which ``texts`` numbers; nil for the other sections.
    var open: [JSONLine]?
}

extension ConsoleState {
    /// The text the run view highlights: the search being typed, else the one kept; empty outside the run view.
    public var sectionSearchText: String {
        guard currentView.scope == .run else { return "" }
        if let input, input.purpose == .sectionSearch { return input.value.text }
        return runView.search.text
    }

    /// Where the current section's position stands among the matches of ``sectionSearchText``: the number of
    /// the match the section is on (from 1; nil when it is on none), and how many lines match.
    public var sectionSearchPosition: (current: Int?, count: Int) {
        let tab = runView.tab
        let target = searchTarget(for: tab)
        let matches = SectionSearch.matchingLines(target.texts, query: sectionSearchText)
        guard !matches.isEmpty else { return (nil, 0) }
        let line: Int?
        if let open = target.open {
            let map = JSONFoldMap(open: open, folded: runView.folded[tab] ?? [])
            let cursor = runView.cursor[tab, default: 0]
            line = map.openIndex.indices.contains(cursor) ? map.openIndex[cursor] : nil
        } else if tab.hasCursor {
            line = runViewCursor(in: tab, lineCount: target.texts.count)
        } else {
            line = runView.search.matchLine[tab]
        }
        return (line.flatMap { matches.firstIndex(of: $0) }.map { $0 + 1 }, matches.count)
    }

    /// The lines a search in `tab` looks through. JSON sections search every line with all containers open,
    /// so a match inside a folded one is found (and opened when moved to).
    func searchTarget(for tab: RunDetailTab) -> SectionSearchTarget {
        if tab.isJSON, let detail = shown.detail, let text = RunSections.jsonText(for: tab, detail: detail) {
            let open = JSONLines.lines(for: text, folded: [])
            return SectionSearchTarget(texts: open.map(\.plainText), open: open)
        }
        return SectionSearchTarget(texts: RunSections.lines(for: tab, state: self).map(\.plainText), open: nil)
    }

    /// `/` in the run view: opens the search line holding the search kept, and remembers where the section
    /// stands so typing searches from there and Esc goes back to it.
    mutating func startSectionSearch() {
        let tab = runView.tab
        runView.search.origin = SectionSearchOrigin(
            tab: tab, cursor: runView.cursor[tab], scroll: runView.scroll[tab], folded: runView.folded[tab],
            followLogs: runView.followLogs, matchLine: runView.search.matchLine[tab], text: runView.search.text)
        // As with the filter: the kept search is shown selected, so typing starts a new one.
        var line = InputLine(purpose: .sectionSearch, text: runView.search.text, limit: .sectionSearch)
        line.value.selectAll()
        input = line
    }

    /// A change to the search being typed: the section moves as ``searchFromOrigin(_:)`` says.
    mutating func searchAsTyped() {
        guard let input, input.purpose == .sectionSearch, input.value.text != runView.search.origin?.searched else {
            return
        }
        searchFromOrigin(input.value.text)
        runView.search.origin?.searched = input.value.text
    }

    /// Back to where the section stood when `/` was pressed, then on to the first line matching `text` at or
    /// after it (wrapping to the top): deleting a character goes back as typing went forward.
    mutating func searchFromOrigin(_ text: String) {
        restoreSearchOrigin(keepingText: true)
        let tab = runView.tab
        let target = searchTarget(for: tab)
        let matches = SectionSearch.matchingLines(target.texts, query: text)
        guard let first = matches.first else {
            // No line matches, so the gutter marks none (Esc puts back the one marked before).
            runView.search.matchLine[tab] = nil
            return
        }
        let anchor = searchAnchor(in: tab, target: target)
        moveToMatch(matches.first { $0 >= anchor.line } ?? first, in: tab, target: target)
    }

    /// Enter on the search line: keeps the search (an empty one clears it) and says where it landed.
    mutating func acceptSectionSearch(_ text: String) {
        searchFromOrigin(text)
        let previous = runView.search.origin?.text ?? ""
        runView.search.origin = nil
        runView.search.text = text
        // The other sections' last matches were for the text before: `n` there starts from the screen.
        let tab = runView.tab
        if text != previous { runView.search.matchLine = runView.search.matchLine.filter { $0.key == tab } }
        guard !text.isEmpty else {
            runView.search.matchLine = [:]
            if !previous.isEmpty { showFlash("Search cleared", kind: .info) }
            return
        }
        let position = sectionSearchPosition
        guard let current = position.current else {
            showFlash(noMatchMessage(text), kind: .error)
            return
        }
        showFlash("match \(current) of \(position.count) for “\(text)” · n next · N previous", kind: .info)
    }

    /// Esc on the search line: the section goes back to where it stood, with the search kept before.
    mutating func cancelSectionSearch() {
        input = nil
        restoreSearchOrigin(keepingText: false)
        runView.search.origin = nil
    }

    /// `n` and `N`: the next or previous matching line of the current section, wrapping at either end.
    mutating func moveToNextMatch(forward: Bool) {
        let text = runView.search.text
        guard !text.isEmpty else {
            showFlash("No search yet: / searches this section", kind: .info)
            return
        }
        let tab = runView.tab
        let target = searchTarget(for: tab)
        let matches = SectionSearch.matchingLines(target.texts, query: text)
        guard let first = matches.first, let last = matches.last else {
            showFlash(noMatchMessage(text), kind: .error)
            return
        }
        let anchor = searchAnchor(in: tab, target: target)
        let ahead = forward ? matches.first { anchor.isOnLine ? $0 > anchor.line : $0 >= anchor.line } : nil
        let behind = forward ? nil : matches.last { $0 < anchor.line }
        let line = (forward ? ahead : behind) ?? (forward ? first : last)
        let wrapped = (forward ? ahead : behind) == nil
        moveToMatch(line, in: tab, target: target)
        var message = "match \((matches.firstIndex(of: line) ?? 0) + 1) of \(matches.count)"
        if wrapped && matches.count > 1 { message += forward ? " · wrapped to the top" : " · wrapped to the bottom" }
        showFlash(message, kind: .info)
    }

    /// `no match for “x” in the Logs section`.
    func noMatchMessage(_ text: String) -> String {
        "no match for “\(text)” in the \(runView.tab.title) section"
    }

    /// Where a search starts in `tab`, numbered as ``SectionSearchTarget/texts``: a JSON section's or the
    /// timeline's cursor line, or the last match moved to while it is still on screen; otherwise the first line
    /// on screen.
    /// `isOnLine` says the position is a line already visited, which `n` moves past.
    func searchAnchor(in tab: RunDetailTab, target: SectionSearchTarget) -> (line: Int, isOnLine: Bool) {
        if let open = target.open {
            let map = JSONFoldMap(open: open, folded: runView.folded[tab] ?? [])
            let cursor = min(runView.cursor[tab, default: 0], map.openIndex.count - 1)
            return (cursor >= 0 ? map.openIndex[cursor] : 0, true)
        }
        if let cursor = runViewCursor(in: tab, lineCount: target.texts.count) { return (cursor, true) }
        let top = RunSections.visibleScroll(for: tab, state: self, lineCount: target.texts.count)
        if let line = runView.search.matchLine[tab], line >= top, line < top + layout.runSectionRows {
            return (line, true)
        }
        return (top, false)
    }

    /// Brings line `line` of the search target into view: a JSON section opens the containers hiding it and
    /// puts the cursor on it; the others scroll to it (the timeline's cursor goes with it), and the logs stop
    /// following so it stays.
    mutating func moveToMatch(_ line: Int, in tab: RunDetailTab, target: SectionSearchTarget) {
        let rows = layout.runSectionRows
        if let open = target.open {
            let revealed = JSONFoldMap.reveal(line, in: open, folded: runView.folded[tab] ?? [])
            if revealed.folded != runView.folded[tab] ?? [] { runView.folded[tab] = revealed.folded }
            let count = JSONFoldMap(open: open, folded: revealed.folded).openIndex.count
            runView.cursor[tab] = revealed.shown
            runView.scroll[tab] = Self.scroll(
                runView.scroll[tab, default: 0], keeping: revealed.shown, rows: rows, count: count)
            runView.search.matchLine[tab] = line
            return
        }
        let count = target.texts.count
        let top = RunSections.visibleScroll(for: tab, state: self, lineCount: count)
        runView.scroll[tab] = Self.scroll(top, keeping: line, rows: rows, count: count)
        if tab.hasCursor { runView.cursor[tab] = line }
        if tab == .logs { runView.followLogs = false }
        runView.search.matchLine[tab] = line
    }

    /// Puts the searched section back where it stood when `/` was pressed, and the search kept then too
    /// unless `keepingText`.
    mutating func restoreSearchOrigin(keepingText: Bool) {
        guard let origin = runView.search.origin else { return }
        let tab = origin.tab
        runView.cursor[tab] = origin.cursor
        runView.scroll[tab] = origin.scroll
        runView.folded[tab] = origin.folded
        runView.followLogs = origin.followLogs
        runView.search.matchLine[tab] = origin.matchLine
        if !keepingText { runView.search.text = origin.text }
    }
}
