import Foundation
import JobStore

/// The waits view: waiting runs grouped by event name and key, beside the events no run consumed, with
/// near misses flagged. Side by side from 120 columns, one above the other below that.
enum WaitsView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let top = layout.bodyTop
        let waitsFrame: ListTable.Frame
        let eventsFrame: ListTable.Frame
        if layout.splitsSideBySide {
            let left = layout.leftPaneWidth
            waitsFrame = ListTable.Frame(
                x: 0, y: top + 1, width: left, rows: layout.mainPaneRows, positionOnHeading: true)
            eventsFrame = ListTable.Frame(
                x: left + 1, y: top + 1, width: buffer.width - left - 1, rows: layout.bodyHeight - 2)
            for row in top..<(top + layout.bodyHeight) {
                buffer.put("│", x: left, y: row, style: CellStyle(.ui(.border)))
            }
        } else {
            let split = layout.topPaneHeight
            waitsFrame = ListTable.Frame(
                x: 0, y: top + 1, width: buffer.width, rows: layout.mainPaneRows, positionOnHeading: true)
            eventsFrame = ListTable.Frame(
                x: 0, y: top + split + 1, width: buffer.width, rows: max(0, layout.bodyHeight - split - 2))
        }
        drawWaits(state, frame: waitsFrame, into: &buffer)
        drawEvents(state, frame: eventsFrame, into: &buffer)
    }

    // MARK: Waiting runs

    static func drawWaits(_ state: ConsoleState, frame: ListTable.Frame, into buffer: inout CellBuffer) {
        let groups = state.waitGroups
        let runCount = groups.reduce(0) { $0 + $1.runs.count }
        var detail = StyledLine()
        if state.shown.waits != nil {
            detail.append(ConsoleState.plural(runCount, "run"), CellStyle(.ui(.text)))
            detail.append(" in " + ConsoleState.plural(groups.count, "group"), .dim)
        }
        PaneHeading.draw(
            "⏸ Waiting runs", detail: detail, x: frame.x, y: frame.y - 1, width: frame.width, into: &buffer)
        guard state.hasLoadedRows(.waits) else {
            return ListTable.message("Loading waiting runs…", in: frame, into: &buffer)
        }
        guard !groups.isEmpty else {
            let text =
                state.effectiveFilter.isEmpty
                ? "No run is waiting. Runs show here while they wait for an event or sleep."
                : "No waiting run matches \"\(state.effectiveFilter)\" (Esc clears the filter)."
            return ListTable.message(text, in: frame, into: &buffer)
        }
        let columns = [
            TableColumn("RUN", width: frame.width >= 100 ? 26 : 16),
            TableColumn("JOB", width: 21, flex: 1),
            TableColumn("STEP", width: 12, flex: 1, dropOrder: 1),
            TableColumn("SINCE", width: 12, alignment: .right, dropOrder: 2),
            TableColumn("WAITING", width: 7, alignment: .right),
            TableColumn("TIMEOUT", width: 9, alignment: .right),
        ]
        let lines = state.waitLines
        let selectable = state.listLines(.waits).selectable
        let selected = state.selectedListIndex(.waits).map { selectable[$0] }
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        let idWidth = TableLayout.widths(columns, total: frame.width - 2)[0] - 2
        ListTable.draw(
            columns, in: frame, count: lines.count, scroll: state.listScroll(.waits), selected: selected,
            into: &buffer
        ) { index, fill in
            switch lines[index] {
            case .group(let group): return .spanning(heading(group))
            case .run(let run): return .cells(cells(run, now: now, utcOffset: offset, idWidth: idWidth, fill: fill))
            }
        }
        // The rows the table leaves free show the selected wait's detail (never at the list's expense).
        drawDetail(state, groups: groups, frame: frame, listed: lines.count, into: &buffer)
    }

    /// `⏸ payment.confirmed  key pay_123 · 2 runs · ≈ 1 near miss`.
    static func heading(_ group: WaitGroup) -> StyledLine {
        let dim = CellStyle.dim
        guard let name = group.eventName else {
            var line = StyledLine("◷ durable sleeps", CellStyle(.status(.waiting), emphasis: .bold))
            line.append(" · " + ConsoleState.plural(group.runs.count, "run"), dim)
            return line
        }
        var line = StyledLine("⏸ " + name, CellStyle(.status(.waiting), emphasis: .bold))
        line.append("  key ", dim)
        line.append(ConsoleState.quotedKey(group.eventKey ?? ""), CellStyle(.ui(.accent), emphasis: .bold))
        line.append(" · " + ConsoleState.plural(group.runs.count, "run"), dim)
        if !group.nearMisses.isEmpty {
            let count = group.nearMisses.count
            line.append(
                " · ≈ \(count) near \(count == 1 ? "miss" : "misses")",
                CellStyle(.ui(.warning), emphasis: .bold))
        }
        if !group.tooEarly.isEmpty {
            let events = group.tooEarly.count == 1 ? "1 event" : "\(group.tooEarly.count) events"
            line.append(" · \(events) came before the run", CellStyle(.ui(.warning)))
        }
        return line
    }

    static func cells(_ run: RunRecord, now: Date, utcOffset: Int, idWidth: Int, fill: ThemeRole?) -> [StyledLine] {
        let base = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
        let dim = CellStyle(.ui(.dim), fill: fill)
        let since = run.wait?.since ?? run.updatedAt
        let waited = now.timeIntervalSince(since)
        let timeout: StyledLine
        if let until = run.wait?.until {
            let left = until.timeIntervalSince(now)
            timeout = StyledLine(
                left > 0 ? "in " + Format.duration(left) : "due now",
                left < 60 ? CellStyle(.ui(.warning), fill: fill) : base)
        } else {
            timeout = StyledLine("never", dim)
        }
        return [
            StyledLine("  " + TextFit.truncateMiddle(run.id, to: idWidth), base),
            StyledLine(run.job, base.with(.bold)),
            StyledLine(run.wait?.step ?? "—", dim),
            StyledLine(Format.shortMoment(since, now: now, utcOffset: utcOffset), dim),
            StyledLine(Format.duration(waited), waited >= 600 ? CellStyle(.ui(.warning), fill: fill) : base),
            timeout,
        ]
    }

    // MARK: Unconsumed events

    static func drawEvents(_ state: ConsoleState, frame: ListTable.Frame, into buffer: inout CellBuffer) {
        guard frame.rows > 0 else { return }
        let events = state.waitsEvents
        let flags = state.flags(for: events)
        let nearMisses = flags.filter { if case .nearMiss = $0 { true } else { false } }.count
        var detail = StyledLine()
        if state.shown.waits != nil {
            detail.append(Format.count(events.count), CellStyle(.ui(.text)))
            detail.append(" recent", .dim)
            if nearMisses > 0 {
                detail.append(
                    " · ≈ \(nearMisses) near \(nearMisses == 1 ? "miss" : "misses")",
                    CellStyle(.ui(.warning), emphasis: .bold))
            }
        }
        PaneHeading.draw(
            "Unconsumed events", detail: detail, x: frame.x, y: frame.y - 1, width: frame.width, into: &buffer)
        guard state.shown.waits != nil else { return }
        guard !events.isEmpty else {
            return ListTable.message(
                "No unconsumed events: every recent event resumed a run.", in: frame, into: &buffer)
        }
        let columns = [
            TableColumn("AGE", width: 6, alignment: .right),
            TableColumn("NAME", width: 12, flex: 2),
            TableColumn("KEY", width: 9, flex: 2),
            TableColumn("MATCH", width: 20, flex: 1),
            TableColumn("PAYLOAD", width: 10, flex: 2, dropOrder: 1),
        ]
        let related = Set(relatedEventIds(state))
        let now = state.displayNow
        ListTable.draw(columns, in: frame, count: events.count, scroll: 0, selected: nil, into: &buffer) { index, _ in
            let event = events[index]
            let isRelated = related.contains(event.id)
            let keyStyle =
                isRelated ? CellStyle(.ui(.warning), emphasis: .bold) : CellStyle(.ui(.text))
            return .cells([
                StyledLine(Format.duration(now.timeIntervalSince(event.receivedAt)), .dim),
                StyledLine(event.name, .text),
                StyledLine(ConsoleState.quotedKey(event.key), keyStyle),
                flagLine(flags[index], emphasised: isRelated),
                StyledLine(JSONValue.compact(event.payloadJSON), CellStyle(.json(.string))),
            ])
        }
    }

    /// Events that nearly match the selected wait.
    static func relatedEventIds(_ state: ConsoleState) -> [Int64] {
        guard let wait = state.selectedWait?.wait, let name = wait.eventName else { return [] }
        return state.shown.unconsumedEvents.filter {
            NearMiss.classify(waitName: name, waitKey: wait.eventKey ?? "", eventName: $0.name, eventKey: $0.key) != nil
        }.map(\.id)
    }

    static func flagLine(_ flag: EventFlag, emphasised: Bool) -> StyledLine {
        let warning = CellStyle(.ui(.warning), emphasis: emphasised ? .bold : [])
        switch flag {
        case .nearMiss(let kind, let waitKey):
            var line = StyledLine("≈ ", warning)
            line.append(ConsoleState.quotedKey(waitKey), CellStyle(.ui(.accent), emphasis: emphasised ? .bold : []))
            line.append(" · " + kind.shortLabel, warning)
            return line
        case .tooEarly:
            return StyledLine("came before its run", warning)
        case .otherKey:
            return StyledLine("other key", .dim)
        case .unwanted:
            return StyledLine("nobody waits", .dim)
        }
    }
}
