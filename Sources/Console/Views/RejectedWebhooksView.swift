import Foundation
import JobStore

/// The events view's other list (Tab): the webhook deliveries `stackshift serve` refused, newest first, with
/// the selected one's reason and body below (beside, from 120 columns).
///
/// Everything here is whatever a sender sent: every text is drawn with its control characters escaped, so a
/// planted escape sequence shows as `\u{1B}` instead of reaching the terminal.
enum RejectedWebhooksView {
    /// Columns of the detail's label column (`Reason    `).
    static let labelWidth = 10

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let top = layout.bodyTop
        let frame = listFrame(state)
        drawList(state, frame: frame, into: &buffer)
        if layout.splitsSideBySide {
            let left = layout.leftPaneWidth
            for row in top..<(top + layout.bodyHeight) {
                buffer.put("│", x: left, y: row, style: CellStyle(.ui(.border)))
            }
            drawDetail(
                state, x: left + 1, y: top, width: buffer.width - left - 1, height: layout.bodyHeight, into: &buffer)
        } else {
            // Below the list's last row and a blank one.
            let detailTop = frame.y + 1 + frame.rows + 1
            drawDetail(
                state, x: 0, y: detailTop, width: buffer.width, height: top + layout.bodyHeight - detailTop,
                into: &buffer)
        }
    }

    /// The fewest rows the stacked list keeps, so a short list does not jump as deliveries arrive.
    static let minimumListRows = 3

    /// Where the list's table is: the left pane from 120 columns; below that the top pane, only as tall as its
    /// rows need (at most the usual top pane), so the selected delivery's body gets the rest. The reducer pages
    /// the list by it too.
    static func listFrame(_ state: ConsoleState) -> ListTable.Frame {
        let layout = state.layout
        guard !layout.splitsSideBySide else {
            return ListTable.Frame(
                x: 0, y: layout.bodyTop + 1, width: layout.leftPaneWidth, rows: layout.mainPaneRows,
                positionOnHeading: true)
        }
        let rows = min(layout.mainPaneRows, max(minimumListRows, state.visibleRejectedWebhooks.count))
        return ListTable.Frame(x: 0, y: layout.bodyTop + 1, width: layout.width, rows: rows, positionOnHeading: true)
    }

    static func drawList(_ state: ConsoleState, frame: ListTable.Frame, into buffer: inout CellBuffer) {
        let deliveries = state.visibleRejectedWebhooks
        var detail = StyledLine()
        if state.shown.rejectedWebhooks != nil {
            detail.append(Format.count(deliveries.count), CellStyle(.ui(deliveries.isEmpty ? .text : .warning)))
            detail.append(" · newest first · Tab: events", .dim)
        }
        PaneHeading.draw(
            "✘ Rejected webhook deliveries", detail: detail, x: frame.x, y: frame.y - 1, width: frame.width,
            into: &buffer)
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        let columns = [
            TableColumn("#", width: 4, alignment: .right, dropOrder: 2),
            TableColumn(
                "RECEIVED",
                width: Format.tableMomentWidth(deliveries.map(\.receivedAt), now: now, utcOffset: offset),
                alignment: .right),
            TableColumn("WEBHOOK", width: 8, flex: 1),
            TableColumn("EVENT", width: 12, flex: 2, dropOrder: 1),
            TableColumn("REASON", width: 16, flex: 4),
        ]
        guard !deliveries.isEmpty else {
            let text =
                !state.hasLoadedRows(.events)
                ? "Loading rejected webhook deliveries…"
                : state.effectiveFilter.isEmpty
                    ? "No rejected deliveries: every webhook delivery stackshift serve received became an event."
                    : "No rejected delivery matches \"\(state.effectiveFilter)\" (Esc clears the filter)."
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        ListTable.draw(
            columns, in: frame, count: deliveries.count, scroll: state.listScroll(.rejected),
            selected: state.selectedListIndex(.rejected), into: &buffer
        ) { index, fill in
            let delivery = deliveries[index]
            let base = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
            return .cells([
                StyledLine(String(delivery.id), CellStyle(.ui(.dim), fill: fill)),
                StyledLine(Format.tableMoment(delivery.receivedAt, now: now, utcOffset: offset), base),
                StyledLine(TerminalText.escaped(delivery.webhook), base.with(.bold)),
                StyledLine(TerminalText.escaped(delivery.eventName), CellStyle(.ui(.accent), fill: fill)),
                StyledLine(TerminalText.escaped(delivery.reason), CellStyle(.ui(.warning), fill: fill)),
            ])
        }
    }

    /// The selected delivery: when it came, why it was refused (whole), and its body, cut to the rows left.
    static func drawDetail(
        _ state: ConsoleState, x: Int, y: Int, width: Int, height: Int, into buffer: inout CellBuffer
    ) {
        guard height > 0 else { return }
        guard let delivery = state.selectedRejectedWebhook else {
            PaneHeading.draw("Delivery", x: x, y: y, width: width, into: &buffer)
            return
        }
        var heading = StyledLine(TerminalText.escaped(delivery.webhook), CellStyle(.ui(.text), emphasis: .bold))
        heading.append(" → ", .dim)
        heading.append(TerminalText.escaped(delivery.eventName), CellStyle(.ui(.accent)))
        PaneHeading.draw("Delivery #\(delivery.id)", detail: heading, x: x, y: y, width: width, into: &buffer)
        let lines = detailLines(state, delivery, width: width - 2, rows: height - 1)
        for (offset, line) in lines.enumerated() {
            buffer.draw(line, x: x + 1, y: y + 1 + offset, width: width - 2)
        }
    }

    /// The detail's lines, at most `rows` of them and `width` columns wide: received, reason, then the body,
    /// its last line saying how much more there is when it does not fit.
    static func detailLines(_ state: ConsoleState, _ delivery: RejectedWebhook, width: Int, rows: Int) -> [StyledLine] {
        guard rows > 0 else { return [] }
        let now = state.displayNow
        var received = labelled("Received")
        received.append(Format.moment(delivery.receivedAt, now: now, utcOffset: state.utcOffsetSeconds), .text)
        received.append(" (" + Format.duration(now.timeIntervalSince(delivery.receivedAt)) + " ago)", .dim)
        var lines = [received]
        let textWidth = max(1, width - labelWidth)
        for (index, part) in TextFit.wrap(TerminalText.escaped(delivery.reason), to: textWidth).enumerated() {
            var line = labelled(index == 0 ? "Reason" : "")
            line.append(part, CellStyle(.ui(.warning)))
            lines.append(line)
        }
        let body = bodyLines(delivery.body, width: textWidth)
        var summary = labelled("Body")
        summary.append(body.summary, .dim)
        lines.append(summary)
        let room = rows - lines.count
        guard room > 0 else { return Array(lines.prefix(rows)) }
        var shown = body.lines
        if shown.count > room {
            let hidden = shown.count - (room - 1)
            shown = Array(shown.prefix(room - 1))
            shown.append(StyledLine("… \(Format.count(hidden)) more lines (y copies the body)", .dim))
        }
        for line in shown {
            var indented = labelled("")
            indented.spans += line.spans
            lines.append(indented)
        }
        return lines
    }

    /// The body as lines: pretty, coloured JSON when it parses (the key path the webhook looked for is easy to
    /// check), the text as sent when it does not, a note when it is not text at all; with a summary of its size.
    static func bodyLines(_ body: Data, width: Int) -> (summary: String, lines: [StyledLine]) {
        let size = ConsoleState.plural(body.count, "byte")
        guard !body.isEmpty else { return ("empty", []) }
        guard let text = String(validating: body, as: UTF8.self) else {
            return (
                "\(size), not UTF-8 text (`stackshift events list --rejected --json` shows it in base64)", []
            )
        }
        if JSONValue.parse(text) != nil {
            let lines = JSONLines.lines(for: text, folded: []).map { json in
                var line = StyledLine(String(repeating: "  ", count: json.depth), .text)
                // JSON escapes C0 controls in strings; DEL and C1 are escaped here.
                for segment in json.segments {
                    line.append(TerminalText.escaped(segment.text), CellStyle(.json(segment.role)))
                }
                return line
            }
            return ("\(size), JSON", lines)
        }
        // By line breaks of every kind: "\r\n" is one Character, which a split on "\n" would not see.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .flatMap { TextFit.wrap(TerminalText.escaped(String($0)), to: width) }
            .map { StyledLine($0, CellStyle(.json(.string))) }
        return ("\(size), not JSON", lines)
    }

    /// A line starting with its label in the label column.
    static func labelled(_ label: String) -> StyledLine {
        StyledLine(TextFit.pad(label, to: labelWidth), .dim)
    }
}
