import Foundation
import JobStore

/// The audit view: every operator action, newest first, with who made it, through what, on what, and how it
/// ended; refused ones flagged. The engine's own changes are not here.
enum AuditView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let frame = ListTable.Frame(x: 0, y: layout.bodyTop, width: buffer.width, rows: layout.tableRows)
        let entries = state.visibleAuditEntries
        let now = state.displayNow
        let whenWidth = Format.tableMomentWidth(entries.map(\.at), now: now, utcOffset: state.utcOffsetSeconds)
        let columns = [
            TableColumn("WHEN", width: whenWidth),
            TableColumn("WHO", width: 12, flex: 1),
            TableColumn("VIA", width: 7, dropOrder: 2),
            TableColumn("ACTION", width: 14),
            TableColumn("TARGET", width: 14, flex: 2),
            TableColumn("OUTCOME", width: 8, flex: 1),
            TableColumn("DETAIL", width: 12, flex: 3, dropOrder: 1),
        ]
        guard !entries.isEmpty else {
            let text =
                if !state.hasLoadedRows(.audit) {
                    "Loading operator actions…"
                } else if state.filterText.isEmpty {
                    "No operator action yet. Retries, cancels, sent events, state edits, unlocks, pauses and "
                        + "forgotten workers made from the console, the CLI or the server are listed here."
                } else {
                    "No action matches \"\(state.filterText)\". Esc clears the filter."
                }
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        ListTable.draw(
            columns, in: frame, count: entries.count, scroll: state.listScroll(.audit),
            selected: state.selectedListIndex(.audit), into: &buffer
        ) { index, fill in
            let entry = entries[index]
            let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection), fill: fill)
            let dim = CellStyle(.ui(.dim), fill: fill)
            let outcome =
                entry.refused
                ? StyledLine(entry.outcome, CellStyle(.ui(.error), fill: fill))
                : StyledLine(entry.outcome, CellStyle(.ui(.success), fill: fill))
            return .cells([
                StyledLine(Format.tableMoment(entry.at, now: now, utcOffset: state.utcOffsetSeconds), dim),
                StyledLine(entry.actor, text),
                StyledLine(entry.channel, dim),
                StyledLine(entry.action, text.with(.bold)),
                StyledLine(entry.target, text),
                outcome,
                StyledLine(entry.detail, dim),
            ])
        }
    }
}
