import Foundation
import JobStore

/// The queues table: depth by status, running against the limit, oldest queued age, throughput, paused,
/// retention.
enum QueuesView {
    static func columns(width: Int) -> [TableColumn] {
        [
            TableColumn("QUEUE", width: 11, flex: 1),
            TableColumn("QUEUED", width: 6, alignment: .right),
            TableColumn("SCHED", width: 5, alignment: .right, dropOrder: 2),
            TableColumn("RUNNING", width: 7, alignment: .right),
            TableColumn("WAIT", width: 4, alignment: .right, dropOrder: 3),
            TableColumn("FAIL/1h", width: 7, alignment: .right),
            TableColumn("DONE/1h", width: 7, alignment: .right),
            TableColumn("OLDEST", width: 6, alignment: .right),
            TableColumn("RATE", width: 8, alignment: .right, dropOrder: 4),
            TableColumn("TREND", width: 8, flex: 2, dropOrder: 1),
            TableColumn("STATE", width: 8, dropOrder: 5),
            // A setting that seldom changes goes first; the line under the table says the selected queue's.
            TableColumn("RETAIN", width: 9, dropOrder: 6),
        ]
    }

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let columns = columns(width: buffer.width)
        let widths = TableLayout.widths(columns, total: buffer.width - 2)
        let offsets = TableLayout.offsets(widths, x: 1)
        drawHeader(columns, widths: widths, offsets: offsets, row: layout.bodyTop, into: &buffer)
        let queues = state.visibleQueues
        guard !queues.isEmpty else {
            let message =
                if !state.hasLoadedRows(.queues) {
                    "Loading queues…"
                } else if state.shown.queues?.isEmpty != false {
                    "No queues yet. A queue appears once a run is started on it or it is configured."
                } else {
                    "No queue matches \"\(state.effectiveFilter)\" (Esc clears the filter)."
                }
            buffer.put(message, x: 2, y: layout.bodyTop + 2, style: .dim, maxWidth: buffer.width - 4)
            return
        }
        let selected = state.selectedQueueIndex
        let now = state.displayNow
        for row in 0..<layout.tableRows {
            let index = state.queuesScroll + row
            guard index < queues.count else { break }
            let summary = queues[index]
            let y = layout.bodyTop + 1 + row
            let isSelected = index == selected
            let fill: ThemeRole? = isSelected ? .ui(.selection) : nil
            if isSelected {
                buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: CellStyle(.ui(.selection)))
                buffer.put("▌", x: 0, y: y, style: CellStyle(.ui(.accent), fill: .ui(.selection), emphasis: .bold))
            }
            let cells = cells(for: summary, state: state, now: now, sparkWidth: widths[9], fill: fill)
            for (column, line) in cells.enumerated() where widths[column] > 0 {
                let lineWidth = line.width
                let x =
                    columns[column].alignment == .right
                    ? offsets[column] + max(0, widths[column] - lineWidth) : offsets[column]
                buffer.draw(line, x: x, y: y, width: min(widths[column], widths[column] - (x - offsets[column])))
            }
        }
        drawRetention(state, into: &buffer)
        drawCharts(state, into: &buffer)
    }

    static func drawHeader(
        _ columns: [TableColumn], widths: [Int], offsets: [Int], row: Int, into buffer: inout CellBuffer
    ) {
        for (index, column) in columns.enumerated() where widths[index] > 0 {
            buffer.write(
                column.title, x: offsets[index], y: row, width: widths[index], style: CellStyle(.ui(.columnHeader)),
                alignment: column.alignment)
        }
    }

    static func cells(
        for summary: QueueSummary, state: ConsoleState, now: Date, sparkWidth: Int, fill: ThemeRole?
    ) -> [StyledLine] {
        let base = fill == nil ? CellStyle.text : CellStyle(.ui(.selection))
        let dim = CellStyle(.ui(.dim), fill: fill)
        func number(_ value: Int, role: ThemeRole) -> StyledLine {
            value == 0 ? StyledLine("·", dim) : StyledLine(Format.count(value), CellStyle(role, fill: fill))
        }
        var name = StyledLine()
        if summary.queue.paused { name.append("⏸ ", CellStyle(.ui(.warning), fill: fill, emphasis: .bold)) }
        name.append(summary.queue.name, base.with(.bold))

        let running = summary.count(.running)
        var runningLine = StyledLine(
            Format.count(running), CellStyle(running > 0 ? .status(.running) : .ui(.dim), fill: fill))
        if let limit = summary.queue.concurrencyLimit {
            let full = running >= limit
            runningLine.append("/\(limit)", CellStyle(full ? .ui(.warning) : .ui(.dim), fill: fill))
        } else {
            runningLine.append("/∞", dim)
        }

        let oldest: StyledLine
        if let queuedAt = summary.oldestQueuedAt, summary.count(.queued) > 0 {
            let age = now.timeIntervalSince(queuedAt)
            oldest = StyledLine(Format.duration(age), CellStyle(age >= 60 ? .ui(.warning) : .ui(.text), fill: fill))
        } else {
            oldest = StyledLine("—", dim)
        }
        let perMinute = state.throughput.ratePerMinute(queue: summary.queue.name, now: state.now)
        let rate = perMinute > 0 ? StyledLine(formatRate(perMinute), base) : StyledLine("—", dim)
        let length = min(sparkWidth, ThroughputHistory.bucketCount)
        let series = state.throughput.series(queue: summary.queue.name, now: state.now, length: length)
        return [
            name,
            number(summary.count(.queued), role: .status(.queued)),
            number(summary.count(.scheduled), role: .status(.scheduled)),
            runningLine,
            number(summary.count(.waiting), role: .status(.waiting)),
            number(summary.count(.failed), role: .status(.failed)),
            number(summary.count(.completed), role: .status(.completed)),
            oldest,
            rate,
            Sparkline.line(series, fill: fill),
            summary.queue.paused
                ? StyledLine("paused", CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
                : StyledLine("active", dim),
            retainCell(summary.queue, store: state.shown.retention, fill: fill),
        ]
    }

    static func formatRate(_ perMinute: Double) -> String {
        perMinute >= 10 ? "\(Int(saturating: perMinute.rounded()))/min" : String(format: "%.1f/min", perMinute)
    }
}
