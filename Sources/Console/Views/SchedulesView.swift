import Foundation
import JobStore

/// The schedules view: cron, time zone, next fire, and the last run with its status.
enum SchedulesView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let frame = ListTable.Frame(x: 0, y: layout.bodyTop, width: buffer.width, rows: layout.tableRows)
        let schedules = state.visibleSchedules
        let wide = buffer.width >= 140
        let columns = [
            TableColumn("SCHEDULE", width: 16, flex: 2),
            TableColumn("CRON", width: 12),
            TableColumn("ZONE", width: 16, dropOrder: 3),
            TableColumn("JOB", width: 10, flex: 1, dropOrder: 2),
            TableColumn("QUEUE", width: 8, flex: 2, dropOrder: 4),
            TableColumn("NEXT FIRE", width: wide ? 24 : 9, alignment: .right),
            TableColumn("LAST FIRE", width: 12, alignment: .right, dropOrder: 1),
            TableColumn("LAST RUN", width: wide ? 38 : 12),
        ]
        guard !schedules.isEmpty else {
            let text =
                !state.hasLoadedRows(.schedules)
                ? "Loading schedules…"
                : "No schedules. Define one in code with stackshift.schedule(…, cron:)."
            return ListTable.drawEmpty(columns, in: frame, message: text, into: &buffer)
        }
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        ListTable.draw(
            columns, in: frame, count: schedules.count, scroll: state.listScroll(.schedules),
            selected: state.selectedListIndex(.schedules), into: &buffer
        ) { index, fill in
            let schedule = schedules[index]
            let base = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
            let dim = CellStyle(.ui(.dim), fill: fill)
            let untilNext = schedule.nextFireAt.timeIntervalSince(now)
            var next = StyledLine(
                untilNext > 0 ? "in " + Format.duration(untilNext) : "due",
                untilNext > 0 ? base : CellStyle(.ui(.warning), fill: fill))
            if wide { next.append(" · " + Format.shortMoment(schedule.nextFireAt, now: now, utcOffset: offset), dim) }
            return .cells([
                StyledLine(schedule.name, base.with(.bold)),
                StyledLine(schedule.cron, CellStyle(.ui(.accent), fill: fill)),
                StyledLine(schedule.timeZone, dim),
                StyledLine(schedule.job, base),
                StyledLine(schedule.queue, dim),
                next,
                StyledLine(
                    schedule.lastFireAt.map { Format.shortMoment($0, now: now, utcOffset: offset) } ?? "never", dim),
                lastRun(
                    schedule, run: schedule.lastRunId.flatMap { state.shown.scheduleRuns[$0] }, wide: wide, fill: fill),
            ])
        }
    }

    /// `✔ completed  run_…` or `—`.
    static func lastRun(_ schedule: ScheduleRecord, run: RunRecord?, wide: Bool, fill: ThemeRole?) -> StyledLine {
        guard let id = schedule.lastRunId else { return StyledLine("—", CellStyle(.ui(.dim), fill: fill)) }
        guard let run else { return StyledLine(id, CellStyle(.ui(.dim), fill: fill)) }
        var line = StyledLine(
            run.status.symbol + " " + run.status.rawValue, CellStyle(.status(run.status), fill: fill))
        if wide { line.append("  " + id, CellStyle(.ui(.dim), fill: fill)) }
        return line
    }
}
