import Foundation
import JobStore

extension OverviewView {
    // MARK: Latency

    static func drawLatency(_ state: ConsoleState, area: OverviewLayout.Area, into buffer: inout CellBuffer) {
        let rows = state.latencyRows
        var detail = StyledLine("start → complete", .text)
        detail.append(" · last \(state.overviewWindowText)", .dim)
        heading(.latency, detail: detail, state: state, area: area, into: &buffer)
        guard let frame = tableFrame(state, area: area, into: &buffer) else { return }
        let columns = [
            TableColumn("JOB", width: 16, flex: 1),
            TableColumn("DONE", width: 6, alignment: .right),
            TableColumn("FAILED", width: 6, alignment: .right, dropOrder: 2),
            TableColumn("P50", width: 6, alignment: .right),
            TableColumn("P95", width: 6, alignment: .right),
            TableColumn("P95 TREND", width: ConsoleState.latencyTrendSlices, dropOrder: 1),
        ]
        guard !rows.isEmpty else {
            return ListTable.drawEmpty(
                columns, in: frame, message: "No run completed or failed in the last \(state.overviewWindowText).",
                into: &buffer)
        }
        let selected = state.overviewFocus == .latency ? state.selectedOverviewIndex(.latency) : nil
        let scroll = ConsoleState.scroll(0, keeping: selected ?? 0, rows: frame.rows, count: rows.count)
        ListTable.draw(columns, in: frame, count: rows.count, scroll: scroll, selected: selected, into: &buffer) {
            index, fill in
            let row = rows[index]
            let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection), fill: fill)
            let dim = CellStyle(.ui(.dim), fill: fill)
            return .cells([
                StyledLine(row.job, text.with(.bold)),
                StyledLine(Format.count(row.completed), CellStyle(.status(.completed), fill: fill)),
                StyledLine(Format.count(row.failed), row.failed > 0 ? CellStyle(.status(.failed), fill: fill) : dim),
                StyledLine(row.p50.map(latencyText) ?? "—", text),
                StyledLine(row.p95.map(latencyText) ?? "—", text.with(.bold)),
                Sparkline.line(row.trend, fill: fill),
            ])
        }
    }

    /// A percentile read from the histogram: `≥1d` in its open last bucket, else a duration.
    static func latencyText(_ seconds: TimeInterval) -> String {
        let day = Double(LatencyHistogram.upperBoundsMillis.last ?? 86_400_000) / 1000
        return seconds >= day ? "≥1d" : Format.duration(seconds)
    }

    // MARK: Queues and workers

    static func drawQueues(_ state: ConsoleState, area: OverviewLayout.Area, into buffer: inout CellBuffer) {
        let queues = state.overviewQueueRows
        let workers = WorkerCount(state.shown.overview, now: state.displayNow)
        var detail = StyledLine()
        if state.shown.overview != nil {
            detail.append(ConsoleState.plural(queues.count, "queue"), .text)
            detail.append(" · ", .dim)
            detail.append(ConsoleState.plural(workers.live, "live worker"), .text)
            if workers.silent > 0 {
                detail.append(" · \(workers.silent) silent", CellStyle(.ui(.warning), emphasis: .bold))
            }
        }
        heading(.queues, detail: detail, state: state, area: area, into: &buffer)
        guard let frame = tableFrame(state, area: area, into: &buffer) else { return }
        let columns = [
            TableColumn("QUEUE", width: 12, flex: 1),
            TableColumn("QUEUED", width: 6, alignment: .right),
            TableColumn("RUNNING", width: 7, alignment: .right),
            TableColumn("WAITING", width: 7, alignment: .right, dropOrder: 2),
            TableColumn("OLDEST", width: 7, alignment: .right, dropOrder: 1),
            TableColumn("", width: 8),
        ]
        guard !queues.isEmpty else {
            return ListTable.drawEmpty(
                columns, in: frame, message: "No queue yet: a queue appears with its first run.", into: &buffer)
        }
        let now = state.displayNow
        let selected = state.overviewFocus == .queues ? state.selectedOverviewIndex(.queues) : nil
        let scroll = ConsoleState.scroll(0, keeping: selected ?? 0, rows: frame.rows, count: queues.count)
        ListTable.draw(columns, in: frame, count: queues.count, scroll: scroll, selected: selected, into: &buffer) {
            index, fill in
            let summary = queues[index]
            let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection), fill: fill)
            let dim = CellStyle(.ui(.dim), fill: fill)
            let running = summary.count(.running)
            let limit = summary.queue.concurrencyLimit.map { "/\($0)" } ?? ""
            let atLimit = summary.queue.concurrencyLimit.map { running >= $0 } ?? false
            let oldest = summary.oldestQueuedAt.map { now.timeIntervalSince($0) }
            let behind = (oldest ?? 0) >= 300
            return .cells([
                StyledLine(summary.queue.name, text.with(.bold)),
                StyledLine(Format.count(summary.count(.queued)), summary.count(.queued) > 0 ? text : dim),
                StyledLine(Format.count(running) + limit, atLimit ? CellStyle(.ui(.warning), fill: fill) : text),
                StyledLine(Format.count(summary.count(.waiting)), summary.count(.waiting) > 0 ? text : dim),
                StyledLine(oldest.map(Format.duration) ?? "—", behind ? CellStyle(.ui(.warning), fill: fill) : dim),
                summary.queue.paused
                    ? StyledLine("⏸ paused", CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
                    : StyledLine("", dim),
            ])
        }
    }
}

/// Live and silent workers, by the engine's liveness setting.
struct WorkerCount {
    /// Workers with a recent heartbeat.
    var live = 0
    /// Workers past the liveness setting.
    var silent = 0

    init(_ data: OverviewData?, now: Date) {
        guard let data else { return }
        for worker in data.workers {
            if now.timeIntervalSince(worker.heartbeatAt) > data.workerLiveness { silent += 1 } else { live += 1 }
        }
    }
}
