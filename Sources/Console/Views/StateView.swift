import Foundation
import JobStore

/// The state view: values with a preview, TTL left and version; locks with owner and expiry. From 120
/// columns the selected value is shown in full beside the list.
enum StateView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let top = layout.bodyTop
        if layout.splitsSideBySide {
            let left = layout.leftPaneWidth
            for row in top..<(top + layout.bodyHeight) {
                buffer.put("│", x: left, y: row, style: CellStyle(.ui(.border)))
            }
            drawEntries(
                state,
                frame: ListTable.Frame(
                    x: 0, y: top + 1, width: left, rows: layout.mainPaneRows, positionOnHeading: true),
                into: &buffer)
            let frame = locksFrame(state, width: buffer.width)
            drawValue(state, x: left + 1, y: top, width: frame.width, height: frame.y - 1 - top, into: &buffer)
            drawLocks(state, frame: frame, into: &buffer)
        } else {
            drawEntries(
                state,
                frame: ListTable.Frame(
                    x: 0, y: top + 1, width: buffer.width, rows: layout.mainPaneRows, positionOnHeading: true),
                into: &buffer)
            drawLocks(state, frame: locksFrame(state, width: buffer.width), into: &buffer)
        }
    }

    /// Where the locks pane's table is: below the value on the right from 120 columns (as tall as its locks
    /// need, at most half the body), below the values otherwise. The reducer pages the locks by it too.
    static func locksFrame(_ state: ConsoleState, width: Int) -> ListTable.Frame {
        let layout = state.layout
        let top = layout.bodyTop
        if layout.splitsSideBySide {
            let left = layout.leftPaneWidth
            let locksHeight = min(layout.bodyHeight / 2, max(4, state.visibleLocks.count + 3))
            let valueHeight = layout.bodyHeight - locksHeight
            return ListTable.Frame(
                x: left + 1, y: top + valueHeight + 1, width: width - left - 1, rows: locksHeight - 2,
                positionOnHeading: true)
        }
        let split = layout.topPaneHeight
        return ListTable.Frame(
            x: 0, y: top + split + 1, width: width, rows: max(0, layout.bodyHeight - split - 2),
            positionOnHeading: true)
    }

    static func drawEntries(_ state: ConsoleState, frame: ListTable.Frame, into buffer: inout CellBuffer) {
        let entries = state.visibleStateEntries
        var detail = StyledLine()
        if state.shown.stateEntries != nil {
            detail.append(ConsoleState.plural(entries.count, "value"), .text)
            if !state.effectiveFilter.isEmpty {
                detail.append(" under ", .dim)
                detail.append(JSONLines.quoted(state.effectiveFilter), CellStyle(.ui(.accent)))
            }
        }
        PaneHeading.draw("State", detail: detail, x: frame.x, y: frame.y - 1, width: frame.width, into: &buffer)
        let columns = [
            TableColumn("KEY", width: 14, flex: 2),
            TableColumn("VALUE", width: 12, flex: 3),
            TableColumn("TTL", width: 7, alignment: .right),
            TableColumn("VER", width: 4, alignment: .right),
            TableColumn("UPDATED", width: 10, alignment: .right, dropOrder: 1),
        ]
        guard !entries.isEmpty else {
            let text =
                !state.hasLoadedRows(.state)
                ? "Loading state…"
                : state.effectiveFilter.isEmpty
                    ? "No state values yet. Jobs write them with ctx.state; `stackshift state set` works too."
                    : "No key starts with \"\(state.effectiveFilter)\" (Esc clears the prefix)."
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        let now = state.displayNow
        let keyWidth = TableLayout.widths(columns, total: frame.width - 2)[0]
        ListTable.draw(
            columns, in: frame, count: entries.count, scroll: state.listScroll(.state),
            // One cursor on screen, where the keys act: none here while the locks pane has the focus.
            selected: state.stateFocus == .state ? state.selectedListIndex(.state) : nil, into: &buffer
        ) { index, fill in
            let entry = entries[index]
            let base = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
            let dim = CellStyle(.ui(.dim), fill: fill)
            return .cells([
                // Keys share prefixes (`imports:42:…`): keep both ends.
                StyledLine(TextFit.truncateMiddle(entry.key, to: keyWidth), base.with(.bold)),
                preview(entry.valueJSON, fill: fill),
                ttl(entry, now: now, fill: fill),
                StyledLine("v\(entry.version)", dim),
                StyledLine(Format.duration(now.timeIntervalSince(entry.updatedAt)) + " ago", dim),
            ])
        }
    }

    /// The value on one line, coloured by its JSON type.
    static func preview(_ json: String, fill: ThemeRole?) -> StyledLine {
        let role: JSONRole =
            switch JSONValue.parse(json) {
            case .number: .number
            case .bool: .bool
            case .null: .null
            case .string: .string
            default: .punctuation
            }
        return StyledLine(JSONValue.compact(json), CellStyle(.json(role), fill: fill))
    }

    /// Time left before the value expires, `—` when it never does.
    static func ttl(_ entry: StateEntry, now: Date, fill: ThemeRole?) -> StyledLine {
        guard let expires = entry.expiresAt else { return StyledLine("—", CellStyle(.ui(.dim), fill: fill)) }
        let left = expires.timeIntervalSince(now)
        return StyledLine(
            Format.duration(left), CellStyle(left < 60 ? .ui(.warning) : .ui(.text), fill: fill))
    }

    /// The selected value, pretty-printed and coloured.
    static func drawValue(
        _ state: ConsoleState, x: Int, y: Int, width: Int, height: Int, into buffer: inout CellBuffer
    ) {
        guard let entry = state.selectedStateEntry else {
            PaneHeading.draw("Value", x: x, y: y, width: width, into: &buffer)
            return
        }
        var detail = StyledLine("v\(entry.version)", .dim)
        if let expires = entry.expiresAt {
            detail.append(
                " · expires " + Format.moment(expires, now: state.displayNow, utcOffset: state.utcOffsetSeconds), .dim)
        }
        PaneHeading.draw(entry.key, detail: detail, x: x, y: y, width: width, into: &buffer)
        let lines = JSONLines.lines(for: entry.valueJSON, folded: []).map { json in
            var line = StyledLine(String(repeating: "  ", count: json.depth), .text)
            for segment in json.segments { line.append(segment.text, CellStyle(.json(segment.role))) }
            return line
        }
        for (offset, line) in lines.prefix(max(0, height - 1)).enumerated() {
            buffer.draw(line, x: x + 1, y: y + 1 + offset, width: width - 2)
        }
        if lines.count > height - 1, height > 1 {
            buffer.put(
                "… \(lines.count - height + 2) more lines (e opens it in $EDITOR)", x: x + 3, y: y + height - 1,
                style: .dim, maxWidth: width - 4)
        }
    }

    static func drawLocks(_ state: ConsoleState, frame: ListTable.Frame, into buffer: inout CellBuffer) {
        let locks = state.visibleLocks
        let focused = state.stateFocus == .locks
        var detail = StyledLine("\(Format.count(locks.count)) held", .dim)
        detail.append(focused ? " · u releases the selected lock · Tab: values" : " · Tab focuses", .dim)
        PaneHeading.draw(
            focused ? "▸ Locks" : "Locks", detail: detail, x: frame.x, y: frame.y - 1, width: frame.width,
            into: &buffer)
        guard frame.rows > 0 else { return }
        let columns = [
            // The key is the lock's name and goes whole where it can; the owner is cut in the middle (a run id
            // is known by its end).
            TableColumn("KEY", width: 12, flex: 3),
            TableColumn("OWNER", width: 12, flex: 2),
            TableColumn("HELD FOR", width: 8, alignment: .right),
            TableColumn("EXPIRES", width: 9, alignment: .right),  // "in 23h59m": a cut time reads as another time
        ]
        guard !locks.isEmpty else {
            return ListTable.drawEmpty(columns, in: frame, message: "No locks held.", into: &buffer)
        }
        let now = state.displayNow
        let ownerWidth = TableLayout.widths(columns, total: frame.width - 2)[1]
        ListTable.draw(
            columns, in: frame, count: locks.count, scroll: state.listScroll(.locks),
            selected: focused ? state.selectedListIndex(.locks) : nil, into: &buffer
        ) { index, fill in
            let lock = locks[index]
            let left = lock.expiresAt.timeIntervalSince(now)
            return .cells([
                StyledLine(lock.key, CellStyle(.ui(.text), fill: fill, emphasis: .bold)),
                StyledLine(TextFit.truncateMiddle(lock.owner, to: ownerWidth), CellStyle(.ui(.accent), fill: fill)),
                StyledLine(Format.duration(now.timeIntervalSince(lock.acquiredAt)), CellStyle(.ui(.dim), fill: fill)),
                StyledLine(
                    left > 0 ? "in " + Format.duration(left) : "lapsed",
                    CellStyle(left < 5 ? .ui(.warning) : .ui(.text), fill: fill)),
            ])
        }
    }
}
