import Foundation
import JobStore

/// The workers view: id, host, pid, queues, runs in hand and heartbeat age; silent workers dimmed and
/// flagged.
enum WorkersView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let frame = ListTable.Frame(x: 0, y: layout.bodyTop, width: buffer.width, rows: layout.tableRows)
        let workers = state.visibleWorkers
        let columns = [
            TableColumn("WORKER", width: 14, flex: 2),
            TableColumn("HOST", width: 8, flex: 1, dropOrder: 3),
            TableColumn("PID", width: 6, alignment: .right, dropOrder: 4),
            TableColumn("QUEUES", width: 10, flex: 2, dropOrder: 2),
            TableColumn("JOBS", width: 12, flex: 3, dropOrder: 5),
            TableColumn("IN HAND", width: 7, alignment: .right),
            TableColumn("HEARTBEAT", width: 19),
            TableColumn("UP", width: 6, alignment: .right, dropOrder: 1),
        ]
        guard !workers.isEmpty else {
            let text =
                !state.hasLoadedRows(.workers)
                ? "Loading workers…"
                : "No worker has registered. Start one with stackshift.runWorker(queues:) in your app."
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        let now = state.displayNow
        ListTable.draw(
            columns, in: frame, count: workers.count, scroll: state.listScroll(.workers),
            selected: state.selectedListIndex(.workers), into: &buffer
        ) { index, fill in
            let worker = workers[index]
            let silent = state.isSilent(worker, now: now)
            let base = CellStyle(silent ? .ui(.dim) : (fill == nil ? .ui(.text) : .ui(.selection)), fill: fill)
            let dim = CellStyle(.ui(.dim), fill: fill)
            let inHand = state.shown.runsInHand[worker.id, default: 0]
            let full = inHand >= worker.concurrency
            var hand = StyledLine(
                Format.count(inHand),
                silent ? dim : CellStyle(inHand > 0 ? .status(.running) : .ui(.dim), fill: fill))
            hand.append("/\(worker.concurrency)", full && !silent ? CellStyle(.ui(.warning), fill: fill) : dim)
            return .cells([
                StyledLine(worker.id, silent ? base : base.with(.bold)),
                StyledLine(worker.host, base),
                StyledLine(String(worker.pid), dim),
                StyledLine(worker.queues.joined(separator: ", "), base),
                StyledLine(worker.jobs.joined(separator: ", "), dim),
                hand,
                heartbeat(worker, now: now, liveness: state.shown.workerLiveness, fill: fill),
                StyledLine(Format.duration(now.timeIntervalSince(worker.startedAt)), dim),
            ])
        }
    }

    /// `● 2.1s ago`, `◐ 35s ago · late`, `○ 4m10s ago · silent`.
    static func heartbeat(_ worker: WorkerRecord, now: Date, liveness: TimeInterval, fill: ThemeRole?) -> StyledLine {
        let age = now.timeIntervalSince(worker.heartbeatAt)
        let text = Format.duration(age) + " ago"
        if age > liveness {
            return StyledLine("○ \(text) · silent", CellStyle(.ui(.error), fill: fill, emphasis: .dim))
        }
        if age > ConsoleState.workerLateSeconds {
            return StyledLine("◐ \(text) · late", CellStyle(.ui(.warning), fill: fill))
        }
        var line = StyledLine("● ", CellStyle(.ui(.success), fill: fill))
        line.append(text, CellStyle(fill == nil ? .ui(.text) : .ui(.selection)))
        return line
    }
}
