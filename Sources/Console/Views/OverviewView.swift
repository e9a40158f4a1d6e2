import Foundation
import JobStore

/// The overview: the health of the whole system at a glance. Throughput over the window as a chart, what
/// needs attention ranked, latency per job, and queues with workers, each a panel that Enter opens in full.
enum OverviewView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let areas = state.overviewLayout
        if let divider = areas.divider {
            for row in state.layout.bodyTop..<(state.layout.bodyTop + state.layout.bodyHeight) {
                buffer.put("│", x: divider, y: row, style: CellStyle(.ui(.border)))
            }
        }
        drawActivity(state, area: areas.activity, into: &buffer)
        drawAttention(state, area: areas.attention, into: &buffer)
        drawLatency(state, area: areas.latency, into: &buffer)
        drawQueues(state, area: areas.queues, into: &buffer)
    }

    /// A panel's heading: its title marked when it has the focus, then what it counts.
    static func heading(
        _ panel: OverviewPanel, detail: StyledLine, state: ConsoleState, area: OverviewLayout.Area,
        into buffer: inout CellBuffer
    ) {
        guard area.height > 0 else { return }
        let focused = state.overviewFocus == panel
        let border = CellStyle(.ui(.border))
        var line = StyledLine(focused ? "▶ " : "─ ", focused ? CellStyle(.ui(.accent), emphasis: .bold) : border)
        line.append(panel.title, focused ? CellStyle(.ui(.accent), emphasis: [.bold, .underline]) : .text)
        if !detail.spans.isEmpty {
            line.append("  ", border)
            line.spans += detail.spans
        }
        line.append(" ", border)
        line.append(String(repeating: "─", count: max(0, area.width - line.width)), border)
        buffer.draw(line, x: area.x, y: area.y, width: area.width)
    }

    /// The message a panel shows before its first load.
    static let loading = "Loading…"

    /// The table under a panel's heading; nil when the panel has no rows for one, or its data has not come
    /// yet (it says so).
    static func tableFrame(
        _ state: ConsoleState, area: OverviewLayout.Area, into buffer: inout CellBuffer
    ) -> ListTable.Frame? {
        guard area.contentRows > 0 else { return nil }
        guard state.shown.overview != nil else {
            buffer.put(loading, x: area.x + 2, y: area.y + 1, style: .dim, maxWidth: area.width - 2)
            return nil
        }
        return ListTable.Frame(x: area.x, y: area.y + 1, width: area.width, rows: max(0, area.contentRows - 1))
    }

    // MARK: Throughput

    static func drawActivity(_ state: ConsoleState, area: OverviewLayout.Area, into buffer: inout CellBuffer) {
        guard let data = state.shown.overview else {
            heading(
                .activity, detail: StyledLine("last \(state.overviewWindowText)", .text), state: state, area: area,
                into: &buffer)
            buffer.put(loading, x: area.x + 2, y: area.y + 1, style: .dim, maxWidth: area.width - 2)
            return
        }
        let series = ActivitySeries(data.activity, query: data.query)
        let legend = ActivityChart.legend(series.totals)
        // The legend goes beside the title when it fits, else on a line of its own under it.
        let unit = ActivityChart.unitText(bucketSeconds: series.bucketSeconds)
        let title = StyledLine("last \(state.overviewWindowText) · \(unit)", .text)
        let besideTitle = 2 + DisplayWidth.of(OverviewPanel.activity.title) + 2 + title.width + 2 + legend.width + 2
        let legendRow = besideTitle > area.width && area.contentRows > ActivityChart.minimumHeight
        var chartTop = area.y + 1
        if legendRow {
            buffer.draw(legend, x: area.x + 1, y: chartTop, width: area.width - 1)
            chartTop += 1
        }
        // Drawn before the title: when the columns are fewer than the buckets it sums them, and the unit says so.
        let columnSeconds = ActivityChart.draw(
            series.points, firstStart: series.firstStart, bucketSeconds: series.bucketSeconds,
            utcOffsetSeconds: state.utcOffsetSeconds, x: area.x, y: chartTop, width: area.width,
            height: area.y + area.height - chartTop, into: &buffer)
        var detail = StyledLine("last \(state.overviewWindowText)", .text)
        if columnSeconds > 0 { detail.append(" · " + ActivityChart.unitText(bucketSeconds: columnSeconds), .dim) }
        if !legendRow {
            detail.append("  ", .dim)
            detail.spans += legend.spans
        }
        heading(.activity, detail: detail, state: state, area: area, into: &buffer)
    }

    // MARK: Needs attention

    static func drawAttention(_ state: ConsoleState, area: OverviewLayout.Area, into buffer: inout CellBuffer) {
        let items = state.attentionItems
        var detail = StyledLine()
        if state.shown.overview != nil {
            detail.append(
                items.isEmpty ? "all clear" : ConsoleState.plural(items.count, "problem"),
                items.isEmpty ? CellStyle(.ui(.success)) : CellStyle(.ui(.warning), emphasis: .bold))
        }
        heading(.attention, detail: detail, state: state, area: area, into: &buffer)
        guard let frame = tableFrame(state, area: area, into: &buffer) else { return }
        guard !items.isEmpty else {
            let text =
                "✔ Nothing needs attention: no failures in the last hour, no stuck waits, no paused queue with "
                + "work, no queue behind, no expired lease, orphaned lock or silent worker."
            for (offset, line) in TextFit.wrap(text, to: max(1, area.width - 4)).prefix(area.contentRows).enumerated() {
                buffer.put(
                    line, x: area.x + 2, y: area.y + 1 + offset, style: CellStyle(.ui(.success)),
                    maxWidth: area.width - 4)
            }
            return
        }
        let now = state.displayNow
        let focused = state.overviewFocus == .attention
        let selected = focused ? state.selectedOverviewIndex(.attention) : nil
        let scroll = ConsoleState.scroll(0, keeping: selected ?? 0, rows: frame.rows, count: items.count)
        let columns = [
            TableColumn("WHAT", width: 11),
            TableColumn("PROBLEM", width: 30, flex: 1),
            TableColumn("FOR", width: 6, alignment: .right, dropOrder: 1),
        ]
        ListTable.draw(columns, in: frame, count: items.count, scroll: scroll, selected: selected, into: &buffer) {
            index, fill in
            let item = items[index]
            let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection), fill: fill)
            let since = item.since.map { Format.duration(now.timeIntervalSince($0)) } ?? ""
            return .cells([
                StyledLine(label(item.kind), CellStyle(role(item.kind), fill: fill, emphasis: .bold)),
                StyledLine(item.summary, text),
                StyledLine(since, CellStyle(.ui(.dim), fill: fill)),
            ])
        }
    }

    /// A kind's short label, the same with or without colour.
    static func label(_ kind: AttentionItem.Kind) -> String {
        switch kind {
        case .failures: "✘ FAILING"
        case .orphanedLock: "✘ LOCK"
        case .expiredLease: "✘ LEASE"
        case .pausedQueue: "⏸ PAUSED"
        case .nearMissWait: "≈ NEAR MISS"
        case .queueBehind: "◷ BEHIND"
        case .silentWorker: "○ SILENT"
        case .longWait: "◷ WAIT"
        }
    }

    /// The colour of a kind: failures in the failure colour, the rest as warnings.
    static func role(_ kind: AttentionItem.Kind) -> ThemeRole {
        switch kind {
        case .failures, .orphanedLock, .expiredLease: .status(.failed)
        case .pausedQueue, .nearMissWait, .queueBehind, .silentWorker, .longWait: .ui(.warning)
        }
    }
}
