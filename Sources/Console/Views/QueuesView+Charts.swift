import Foundation
import JobStore

extension QueuesView {
    /// Rows of one queue's chart: its heading, and the chart under it.
    static let chartRows = 8
    /// From this width the charts go two abreast.
    static let twoChartsWidth = 140

    /// The rows the charts may take: what the table leaves below its rows, a blank line and the retention
    /// line; nil when no chart fits (a long list keeps every row for itself).
    static func chartArea(_ state: ConsoleState) -> (y: Int, rows: Int)? {
        guard let row = retentionRow(state) else { return nil }
        let free = state.layout.bodyTop + 1 + state.layout.tableRows - (row + 1)
        guard free >= chartRows else { return nil }
        return (row + 1, free)
    }

    /// Whether the view has room for at least one queue's chart, so its activity is worth loading.
    static func chartsFit(_ state: ConsoleState) -> Bool { chartArea(state) != nil }

    /// Each queue's runs over the last hour, as the overview charts them for the whole system: the selected
    /// queue first, then the others in the table's order, as many as fit, two abreast on a wide screen.
    static func drawCharts(_ state: ConsoleState, into buffer: inout CellBuffer) {
        guard let area = chartArea(state), let activity = state.shown.queueActivity,
            let query = state.shown.queueActivityQuery
        else { return }
        let queues = state.visibleQueues
        let selected = state.selectedQueueIndex.map { queues[$0] }
        let ordered = (selected.map { [$0] } ?? []) + queues.filter { $0.queue.name != selected?.queue.name }
        let perRow = buffer.width >= twoChartsWidth ? 2 : 1
        let width = (buffer.width - (perRow - 1)) / perRow
        let slots = (area.rows / chartRows) * perRow
        let byQueue = Dictionary(grouping: activity, by: \.queue)
        for (index, summary) in ordered.prefix(slots).enumerated() {
            let x = (index % perRow) * (width + 1)
            let y = area.y + (index / perRow) * chartRows
            let series = ActivitySeries(byQueue[summary.queue.name] ?? [], query: query)
            drawChart(summary, series: series, state: state, x: x, y: y, width: width, into: &buffer)
        }
        if ordered.count > slots, slots > 0 {
            let more = "+\(ordered.count - slots) more: select a queue to chart it first"
            buffer.put(
                more, x: 1, y: area.y + area.rows - 1, style: .dim, maxWidth: buffer.width - 2)
        }
    }

    /// One queue's chart under a heading with its hour in numbers.
    static func drawChart(
        _ summary: QueueSummary, series: ActivitySeries, state: ConsoleState, x: Int, y: Int, width: Int,
        into buffer: inout CellBuffer
    ) {
        let border = CellStyle(.ui(.border))
        var line = StyledLine("─ ", border)
        line.append(summary.queue.name, CellStyle(.ui(.accent), emphasis: .bold))
        line.append("  per minute, last hour", .dim)
        // Only what happened: the overview's legend names the glyphs; here the numbers matter.
        let totals = series.totals
        let counts: [(Int, String, CellStyle)] = [
            (totals.completed, "completed", CellStyle(.status(.completed))),
            (totals.failed, "failed", CellStyle(.status(.failed))),
            (totals.retried, "retried", CellStyle(.status(.scheduled))),
            (totals.started, "started", .dim),
        ]
        for (count, label, style) in counts where count > 0 {
            line.append(" · ", .dim)
            line.append(Format.count(count) + " " + label, style)
        }
        if counts.allSatisfy({ $0.0 == 0 }) { line.append(" · nothing ran", .dim) }
        line.append(" ", border)
        line.append(String(repeating: "─", count: max(0, width - line.width)), border)
        buffer.draw(line, x: x, y: y, width: width)
        ActivityChart.draw(
            series.points, firstStart: series.firstStart, bucketSeconds: series.bucketSeconds,
            utcOffsetSeconds: state.utcOffsetSeconds, x: x, y: y + 1, width: width, height: chartRows - 1,
            into: &buffer)
    }
}
