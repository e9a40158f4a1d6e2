import Foundation
import JobStore

/// The failures view: failed and crashed attempts of a window grouped by cause, largest first, each with its
/// count, runs, when it was last and first seen and a trend; the selected group's example error below.
enum FailuresView {
    /// Cells of the trend column: the window in this many equal slices.
    static let trendCells = 12

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let frame = ListTable.Frame(x: 0, y: layout.bodyTop, width: buffer.width, rows: tableRows(layout))
        let groups = state.visibleFailureGroups
        let columns = [
            TableColumn("CAUSE (job · step · error)", width: 32, flex: 3),
            TableColumn("FAILS", width: 6, alignment: .right),
            TableColumn("RUNS", width: 5, alignment: .right),
            TableColumn("LAST", width: 10, alignment: .right),
            TableColumn("FIRST", width: 10, alignment: .right, dropOrder: 2),
            TableColumn("TREND", width: trendCells, dropOrder: 1),
            TableColumn("EXAMPLE", width: 16, flex: 2, dropOrder: 3),
        ]
        guard !groups.isEmpty else {
            let window = state.failureWindowText
            let text: String =
                if !state.hasLoadedRows(.failures) {
                    "Loading failures…"
                } else if state.filterText.isEmpty {
                    "No attempt failed in the last \(window). ] widens the window."
                } else {
                    "No cause in the last \(window) matches \"\(state.filterText)\". Esc clears the filter."
                }
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        let now = state.displayNow
        ListTable.draw(
            columns, in: frame, count: groups.count, scroll: state.listScroll(.failures),
            selected: state.selectedListIndex(.failures), into: &buffer
        ) { index, fill in
            let group = groups[index]
            let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection), fill: fill)
            let dim = CellStyle(.ui(.dim), fill: fill)
            let recent = now.timeIntervalSince(group.lastSeen) < 300
            return .cells([
                StyledLine(group.signature, text.with(.bold)),
                StyledLine(Format.count(group.failures), CellStyle(.status(.failed), fill: fill)),
                StyledLine(Format.count(group.runs), text),
                StyledLine(ago(group.lastSeen, now: now), recent ? CellStyle(.ui(.warning), fill: fill) : dim),
                StyledLine(ago(group.firstSeen, now: now), dim),
                Sparkline.line(group.trend(slices: trendCells), fill: fill),
                StyledLine(group.example.message, dim),
            ])
        }
        drawExample(state, groups: groups, y: frame.y + frame.rows + 1, width: buffer.width, into: &buffer)
    }

    /// Rows of the groups table: the body less the title row and the two lines under it.
    static func tableRows(_ layout: ScreenLayout) -> Int { max(1, layout.tableRows - 3) }

    /// The selected group's whole cause, which the table may cut, and its error as one run recorded it
    /// (`Example: ProviderError: 502 Bad Gateway for cus_9 · at provision-customer-resources`), which the
    /// cause shows normalised. (The cell buffer replaces control characters, as everywhere.)
    static func drawExample(
        _ state: ConsoleState, groups: [FailureGroup], y: Int, width: Int, into buffer: inout CellBuffer
    ) {
        guard let index = state.selectedListIndex(.failures), y < state.layout.bodyTop + state.layout.bodyHeight
        else { return }
        let example = groups[index].example
        var cause = StyledLine(" Cause:   ", CellStyle(.ui(.dim)))
        cause.append(groups[index].signature, CellStyle(.ui(.text), emphasis: .bold))
        buffer.draw(cause, x: 0, y: y, width: width)
        guard y + 1 < state.layout.bodyTop + state.layout.bodyHeight else { return }
        var line = StyledLine(" Example: ", CellStyle(.ui(.dim)))
        line.append("\(example.type): \(example.message)", CellStyle(.ui(.error)))
        if let location = example.location {
            line.append(" · at " + location, CellStyle(.ui(.dim)))
        }
        buffer.draw(line, x: 0, y: y + 1, width: width)
    }

    /// `4m ago`; `now` for a failure in the last second.
    static func ago(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        return seconds < 1 ? "now" : Format.duration(seconds) + " ago"
    }

    /// The first part of a signature that names its place, for a breadcrumb: `provision · charge`.
    static func shortSignature(_ signature: String) -> String {
        let parts = signature.components(separatedBy: " · ")
        let place = parts.count >= 3 ? parts.prefix(2).joined(separator: " · ") : signature
        return TextFit.truncate(place, to: 48)
    }
}
