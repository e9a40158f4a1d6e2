import Foundation
import JobStore

/// The run view: an overview block, a section bar, and the chosen section (timeline, JSON, attempts, logs).
enum RunDetailView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        guard let id = state.openRunId else { return }
        guard let detail = state.shown.detail, detail.run.id == id else {
            if state.prunedRunId == id {
                drawPruned(id, state: state, into: &buffer)
                return
            }
            let text =
                state.missingRunId == id
                ? "No run \(id) in this database. Esc goes back; :run ID opens another."
                : "Loading \(id)…"
            buffer.put(text, x: 2, y: layout.bodyTop + 1, style: .dim, maxWidth: buffer.width - 4)
            return
        }
        RunOverview.draw(detail, state: state, into: &buffer)
        drawTabs(detail, state: state, row: layout.runSectionTop - 1, into: &buffer)
        let lines = RunSections.lines(for: state.runView.tab, state: state)
        let rows = layout.runSectionRows
        let tab = state.runView.tab
        let scroll = RunSections.visibleScroll(for: tab, state: state, lineCount: lines.count)
        let cursor = state.runViewCursor(in: tab, lineCount: lines.count)
        let query = state.sectionSearchText
        let matchLine = SectionSearchHighlight.markedLine(state)
        for row in 0..<rows {
            let index = scroll + row
            guard index < lines.count else { break }
            let y = layout.runSectionTop + row
            var line = lines[index]
            if index == cursor {
                buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: CellStyle(.ui(.selection)))
                buffer.put("▌", x: 0, y: y, style: CellStyle(.ui(.accent), fill: .ui(.selection), emphasis: .bold))
                line.spans = line.spans.map { StyledSpan($0.text, $0.style.filled(.ui(.selection))) }
            }
            if !query.isEmpty { line = SectionSearchHighlight.marked(line, query: query) }
            buffer.draw(line, x: 1, y: y, width: buffer.width - 2)
            // Without a cursor, the gutter shows which match n and N go on from.
            if index == matchLine { buffer.put("▌", x: 0, y: y, style: CellStyle(.ui(.accent), emphasis: .bold)) }
        }
        if tab == .timeline { drawLogTail(detail, state: state, below: lines.count, into: &buffer) }
        if lines.count > rows {
            let position = " \(min(lines.count, scroll + rows))/\(lines.count) "
            buffer.put(
                position, x: buffer.width - DisplayWidth.of(position) - 1, y: layout.runSectionTop - 1,
                style: CellStyle(.ui(.dim)))
        }
    }

    /// A run retention deleted: what happened to it, in plain text (a run kept for its retention and then
    /// deleted is the store working as configured, not an error), and the way back.
    static func drawPruned(_ id: RunID, state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let width = max(1, buffer.width - 4)
        let lines = TextFit.wrap(ConsoleState.prunedRunText(id), to: width)
        for (offset, line) in lines.enumerated() {
            buffer.put(line, x: 2, y: layout.bodyTop + 1 + offset, style: .text, maxWidth: width)
        }
        let hint = "Esc goes back; :run ID opens another; 2 shows how long each queue keeps its runs."
        for (offset, line) in TextFit.wrap(hint, to: width).enumerated() {
            buffer.put(line, x: 2, y: layout.bodyTop + 2 + lines.count + offset, style: .dim, maxWidth: width)
        }
    }

    /// Under a timeline that leaves more than a third of the section empty, the run's newest log lines, so a
    /// short run's screen shows what it said without a key; `l` opens them all.
    static func drawLogTail(_ detail: RunDetail, state: ConsoleState, below used: Int, into buffer: inout CellBuffer) {
        let layout = state.layout
        let rows = layout.runSectionRows
        let free = rows - used - 1
        guard !detail.logs.isEmpty, free > rows / 3, free >= 3 else { return }
        let logs = LogLines.lines(detail, width: layout.width - 2, utcOffset: state.utcOffsetSeconds)
        let shown = logs.suffix(free - 1)
        let top = layout.runSectionTop + used + 1
        let border = CellStyle(.ui(.border))
        var heading = StyledLine("─ ", border)
        heading.append("Logs", CellStyle(.ui(.accent), emphasis: .bold))
        heading.append(
            " · the newest \(Format.count(shown.count)) of \(Format.count(logs.count)) · l opens them ",
            CellStyle(.ui(.dim)))
        heading.append(String(repeating: "─", count: max(0, layout.width - heading.width)), border)
        buffer.draw(heading, x: 0, y: top, width: layout.width)
        for (offset, line) in shown.enumerated() {
            buffer.draw(line, x: 1, y: top + 1 + offset, width: layout.width - 2)
        }
    }

    /// `─ Timeline ─ Payload ─ …` with the current section bracketed.
    static func drawTabs(_ detail: RunDetail, state: ConsoleState, row: Int, into buffer: inout CellBuffer) {
        let border = CellStyle(.ui(.border))
        var line = StyledLine("─", border)
        for tab in RunDetailTab.allCases {
            var title = tab.title
            var empty = false
            switch tab {
            // The run's try, as the list and the headline write it; the table lists each attempt's.
            case .attempts: title += " · try " + TimelineText.tries(detail.run)
            case .logs: title += " \(detail.logs.count)"
            case .result: empty = detail.run.resultJSON == nil
            case .error:
                empty = detail.run.error == nil
                // A completed run keeps the error of a try before it; it is not the run's outcome.
                if detail.run.status == .completed && !empty {
                    title += " (earlier try)"
                    empty = true
                }
            default: break
            }
            if tab == state.runView.tab {
                line.append("[ ", border)
                line.append(title, CellStyle(.ui(.accent), emphasis: .bold))
                line.append(" ]", border)
            } else {
                line.append("  ", border)
                line.append(title, CellStyle(empty ? .ui(.dim) : .ui(.text)))
                line.append("  ", border)
            }
            line.append("─", border)
        }
        line.append(String(repeating: "─", count: max(0, buffer.width - line.width)), border)
        buffer.draw(line, x: 0, y: row, width: buffer.width)
    }
}

extension RunDetailTab {
    /// Whether the section has a cursor line: the JSON sections fold at it, the timeline retries from its step.
    var hasCursor: Bool { isJSON || self == .timeline }
}

/// The lines of each run view section, shared by drawing and by the reducer's cursor limits.
enum RunSections {
    static func lines(for tab: RunDetailTab, state: ConsoleState) -> [StyledLine] {
        guard let detail = state.shown.detail else { return [] }
        let width = state.layout.width - 2
        let now = state.displayNow
        switch tab {
        case .timeline:
            return GanttChart.lines(detail, width: width, now: now, utcOffset: state.utcOffsetSeconds)
        case .payload, .result, .error:
            guard let text = jsonText(for: tab, detail: detail) else {
                let message =
                    tab == .result
                    ? (detail.run.status.isTerminal
                        ? "No result: the run did not complete."
                        : "No result yet: the run is \(detail.run.status.rawValue).")
                    : "No error recorded."
                return [StyledLine(message, .dim)]
            }
            return JSONLines.lines(for: text, folded: state.runView.folded[tab] ?? []).map(styled)
        case .attempts:
            return AttemptsTable.lines(detail, width: width, now: now, utcOffset: state.utcOffsetSeconds)
        case .logs:
            return LogLines.lines(detail, width: width, utcOffset: state.utcOffsetSeconds)
        }
    }

    /// The JSON a section shows, or nil when there is none.
    static func jsonText(for tab: RunDetailTab, detail: RunDetail) -> String? {
        switch tab {
        case .payload: return detail.run.payloadJSON
        case .result: return detail.run.resultJSON
        case .error:
            guard let error = detail.run.error else { return nil }
            var fields = [
                "\"type\": \(JSONLines.quoted(error.type))", "\"message\": \(JSONLines.quoted(error.message))",
            ]
            if let location = error.location { fields.append("\"location\": \(JSONLines.quoted(location))") }
            fields.append("\"retryable\": \(error.retryable)")
            return "{" + fields.joined(separator: ", ") + "}"
        default: return nil
        }
    }

    /// A JSON line with a fold gutter: ▾ open container, ▸ folded one.
    static func styled(_ line: JSONLine) -> StyledLine {
        let marker = line.foldPath == nil ? "  " : (line.isFolded ? "▸ " : "▾ ")
        var styled = StyledLine(marker, CellStyle(.json(.punctuation)))
        styled.append(String(repeating: "  ", count: line.depth), .text)
        for segment in line.segments { styled.append(segment.text, CellStyle(.json(segment.role))) }
        return styled
    }

    /// The first line shown: following logs pins the end; otherwise the stored scroll, kept in range.
    static func visibleScroll(for tab: RunDetailTab, state: ConsoleState, lineCount: Int) -> Int {
        let rows = state.layout.runSectionRows
        let maxScroll = max(0, lineCount - rows)
        if tab == .logs && state.runView.followLogs { return maxScroll }
        return min(max(0, state.runView.scroll[tab, default: 0]), maxScroll)
    }
}
