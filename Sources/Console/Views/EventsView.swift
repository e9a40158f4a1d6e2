import Foundation
import JobStore

/// The events view: recent events, newest first, and the runs each resumed; Tab shows the webhook deliveries
/// the server refused instead (``RejectedWebhooksView``).
enum EventsView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        if state.eventsFocus == .rejected { return RejectedWebhooksView.draw(state, into: &buffer) }
        let layout = state.layout
        let frame = ListTable.Frame(x: 0, y: layout.bodyTop, width: buffer.width, rows: layout.tableRows)
        let events = state.visibleEvents
        let columns = [
            TableColumn("#", width: 5, alignment: .right, dropOrder: 3),
            TableColumn(
                "RECEIVED",
                width: Format.tableMomentWidth(
                    events.map(\.receivedAt), now: state.displayNow, utcOffset: state.utcOffsetSeconds),
                alignment: .right),
            TableColumn("NAME", width: 12, flex: 2),
            TableColumn("KEY", width: 9, flex: 2),
            TableColumn("RESUMED", width: 14, flex: 3),
            TableColumn("EXPIRES", width: 7, alignment: .right, dropOrder: 2),
            TableColumn("PAYLOAD", width: 12, flex: 3, dropOrder: 1),
        ]
        guard !events.isEmpty else {
            let text =
                !state.hasLoadedRows(.events)
                ? "Loading events…"
                : state.effectiveFilter.isEmpty
                    ? "No events in the retention window. Send one with s, or `stackshift events send`."
                    : "No event matches \"\(state.effectiveFilter)\" (Esc clears the filter)."
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        let widths = TableLayout.widths(columns, total: frame.width - 2)
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        ListTable.draw(
            columns, in: frame, count: events.count, scroll: state.listScroll(.events),
            selected: state.selectedListIndex(.events), into: &buffer
        ) { index, fill in
            let event = events[index]
            let base = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
            let dim = CellStyle(.ui(.dim), fill: fill)
            return .cells([
                StyledLine(String(event.id), dim),
                StyledLine(Format.tableMoment(event.receivedAt, now: now, utcOffset: offset), base),
                StyledLine(event.name, base.with(.bold)),
                StyledLine(ConsoleState.quotedKey(event.key), CellStyle(.ui(.accent), fill: fill)),
                resumed(event, width: widths[4], fill: fill),
                StyledLine(Format.duration(event.expiresAt.timeIntervalSince(now)), dim),
                StyledLine(JSONValue.compact(event.payloadJSON), CellStyle(.json(.string), fill: fill)),
            ])
        }
    }

    /// `✔ run_…`, `✔ 2 runs: run_…, run_…` or `— unconsumed`.
    static func resumed(_ event: EventRecord, width: Int, fill: ThemeRole?) -> StyledLine {
        guard !event.consumedBy.isEmpty else {
            return StyledLine("— unconsumed", CellStyle(.ui(.warning), fill: fill))
        }
        let style = CellStyle(.status(.completed), fill: fill)
        if event.consumedBy.count == 1 {
            return StyledLine("✔ " + TextFit.truncateMiddle(event.consumedBy[0], to: width - 2), style)
        }
        var line = StyledLine("✔ \(event.consumedBy.count) runs: ", style)
        line.append(event.consumedBy.joined(separator: ", "), CellStyle(fill == nil ? .ui(.text) : .ui(.selection)))
        return line
    }
}
