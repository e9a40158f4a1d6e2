/// How the run view shows its section search: every occurrence in the lines on screen in the `match` role,
/// the match moved to marked in sections without a cursor, and what the status line says about it.
enum SectionSearchHighlight {
    /// The line with every occurrence of `query` (ignoring case) drawn in the `match` role, the rest as it was.
    static func marked(_ line: StyledLine, query: String) -> StyledLine {
        let ranges = SectionSearch.occurrences(of: query, in: line.plainText)
        guard !ranges.isEmpty else { return line }
        let match = CellStyle(.ui(.match))
        var output = StyledLine()
        var offset = 0
        var next = 0
        for span in line.spans {
            var piece = ""
            var pieceIsMatch = false
            for character in span.text {
                while next < ranges.count, ranges[next].upperBound <= offset { next += 1 }
                let isMatch = next < ranges.count && ranges[next].contains(offset)
                if isMatch != pieceIsMatch, !piece.isEmpty {
                    output.append(piece, pieceIsMatch ? match : span.style)
                    piece = ""
                }
                pieceIsMatch = isMatch
                piece.append(character)
                offset += 1
            }
            if !piece.isEmpty { output.append(piece, pieceIsMatch ? match : span.style) }
        }
        return output
    }

    /// The line of the match moved to last in the section shown, when it has no cursor to show it; nil in
    /// the JSON sections and the timeline (the cursor sits on the match) and without a search.
    static func markedLine(_ state: ConsoleState) -> Int? {
        let tab = state.runView.tab
        guard !tab.hasCursor, !state.sectionSearchText.isEmpty else { return nil }
        return state.runView.search.matchLine[tab]
    }

    /// The search line's hint: how many lines match, what it searches, and the keys that end it.
    static func inputHint(_ state: ConsoleState) -> String {
        let scope = "searches the \(state.runView.tab.title) section · ⏎ keeps · Esc cancels"
        guard !state.sectionSearchText.isEmpty else { return scope }
        return count(state) + " · " + scope
    }

    /// `match 2 of 7`, `7 matching lines` (none moved to yet) or `no match`.
    static func count(_ state: ConsoleState) -> String {
        let position = state.sectionSearchPosition
        guard position.count > 0 else { return "no match" }
        guard let current = position.current else {
            return position.count == 1 ? "1 matching line" : "\(Format.count(position.count)) matching lines"
        }
        return "match \(Format.count(current)) of \(Format.count(position.count))"
    }

    /// ` · search “x”: match 2 of 7 (n/N)` for the status line, when a search is kept.
    static func appendSummary(to line: inout StyledLine, state: ConsoleState) {
        let text = state.runView.search.text
        guard !text.isEmpty else { return }
        line.append(" · search ", .dim)
        line.append("“\(text)”", CellStyle(.ui(.match)))
        line.append(": \(count(state)) (n/N)", .dim)
    }
}
