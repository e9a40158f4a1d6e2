import Foundation
import JobStore

/// The runs table: id, job, queue, status, try (of the failure budget), current step (or why it is not moving),
/// age since creation, how long it took, and when it was created.
enum RunsView {
    /// The widths the job and queue names shown need, up to a cap, so a name is cut only where the screen
    /// has no room for it.
    struct NameWidths {
        var job = 14
        var queue = 9

        init() {}

        init(_ runs: [RunRecord], width: Int) {
            // Narrow screens keep the minimum: the step column needs the room more.
            guard width >= 100 else { return }
            job = min(24, max(job, runs.map { DisplayWidth.of($0.job) }.max() ?? 0))
            queue = min(16, max(queue, runs.map { DisplayWidth.of($0.queue) }.max() ?? 0))
        }
    }

    static func columns(
        width: Int, queueScoped: Bool, sort: RunSortColumn, descending: Bool, createdWidth: Int = 8,
        names: NameWidths = NameWidths()
    ) -> [TableColumn] {
        let arrow = descending ? "↓" : "↑"
        func title(_ text: String, _ column: RunSortColumn) -> String { sort == column ? text + arrow : text }
        return [
            TableColumn(title("RUN", .created), width: width >= 150 ? 24 : 14),
            TableColumn(title("JOB", .job), width: names.job, flex: 2),
            TableColumn(title("QUEUE", .queue), width: names.queue, flex: 1, dropOrder: queueScoped ? 9 : 2),
            TableColumn(title("STATUS", .status), width: 11),
            TableColumn(title("TRY", .attempt), width: 4, alignment: .right),
            // What a run is doing matters most: on a wide screen, optional columns go before it is cut short.
            TableColumn("STEP / DETAIL", width: width >= 100 ? 24 : 12, flex: 4),
            TableColumn("AGE", width: 6, alignment: .right),
            TableColumn(title("TOOK", .took), width: 6, alignment: .right, dropOrder: 1),
            TableColumn("CREATED", width: createdWidth, alignment: .right, dropOrder: 3),
        ]
    }

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = state.layout
        let columns = columns(
            width: buffer.width, queueScoped: state.runsQueue != nil, sort: state.runSort,
            descending: state.runSortDescending,
            createdWidth: Format.tableMomentWidth(
                state.visibleRuns.map(\.createdAt), now: state.displayNow, utcOffset: state.utcOffsetSeconds),
            names: NameWidths(state.visibleRuns, width: buffer.width))
        let widths = TableLayout.widths(columns, total: buffer.width - 2)
        let offsets = TableLayout.offsets(widths, x: 1)
        QueuesView.drawHeader(columns, widths: widths, offsets: offsets, row: layout.bodyTop, into: &buffer)
        let runs = state.visibleRuns
        guard !runs.isEmpty else {
            let loaded = state.hasLoadedRows(state.currentView)
            let narrowed = !state.effectiveFilter.isEmpty || !state.statusFilter.isEmpty
            let message =
                !loaded
                ? "Loading runs…"
                : narrowed
                    ? "No runs match. Esc clears the filter, A shows every status."
                    : "No runs yet\(state.runsQueue.map { " on \($0)" } ?? "")."
            buffer.put(message, x: 2, y: layout.bodyTop + 2, style: .dim, maxWidth: buffer.width - 4)
            return
        }
        let selected = state.selectedRunIndex
        for row in 0..<layout.tableRows {
            let index = state.runsScroll + row
            guard index < runs.count else { break }
            let y = layout.bodyTop + 1 + row
            let isSelected = index == selected
            let fill: ThemeRole? = isSelected ? .ui(.selection) : nil
            if isSelected {
                buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: CellStyle(.ui(.selection)))
                buffer.put("▌", x: 0, y: y, style: CellStyle(.ui(.accent), fill: .ui(.selection), emphasis: .bold))
            }
            // A marked run shows a check in the margin, over the cursor bar: the row's fill still shows the cursor.
            if state.markedRuns[runs[index].id] != nil {
                buffer.put("✓", x: 0, y: y, style: CellStyle(.ui(.match), fill: fill, emphasis: .bold))
            }
            let cells = cells(for: runs[index], state: state, idWidth: widths[0], fill: fill)
            for (column, line) in cells.enumerated() where widths[column] > 0 {
                let lineWidth = min(line.width, widths[column])
                let x =
                    columns[column].alignment == .right ? offsets[column] + widths[column] - lineWidth : offsets[column]
                buffer.draw(line, x: x, y: y, width: widths[column] - (x - offsets[column]))
            }
        }
        if runs.count > layout.tableRows {
            let position = " \(min(runs.count, (selected ?? 0) + 1))/\(runs.count) "
            // Over a column's empty title space, never over another title.
            if let x = TableLayout.markerX(
                columns, widths: widths, offsets: offsets, width: DisplayWidth.of(position))
            {
                buffer.put(position, x: x, y: layout.bodyTop, style: .dim)
            }
        }
    }

    static func cells(for run: RunRecord, state: ConsoleState, idWidth: Int, fill: ThemeRole?) -> [StyledLine] {
        let base = fill == nil ? CellStyle.text : CellStyle(.ui(.selection))
        let dim = CellStyle(.ui(.dim), fill: fill)
        let now = state.displayNow
        let status = StyledLine(
            run.status.symbol + " " + run.status.rawValue, CellStyle(.status(run.status), fill: fill))
        let attemptStyle = run.failures > 0 ? CellStyle(.ui(.warning), fill: fill) : base
        let attempt = StyledLine(TimelineText.tries(run), attemptStyle)
        // AGE is since creation for every run; TOOK is start to finish (or to now while running).
        let age = StyledLine(Format.duration(now.timeIntervalSince(run.createdAt)), run.status.isTerminal ? dim : base)
        let took =
            RunTiming.took(run, now: now).map {
                StyledLine(Format.duration($0), run.status == .running ? CellStyle(.status(.running), fill: fill) : dim)
            } ?? StyledLine("", dim)
        return [
            StyledLine(TextFit.truncateMiddle(run.id, to: idWidth), base),
            StyledLine(run.job, base.with(.bold)),
            StyledLine(run.queue, base),
            status,
            attempt,
            detail(for: run, now: now, utcOffset: state.utcOffsetSeconds, fill: fill),
            age,
            took,
            StyledLine(Format.tableMoment(run.createdAt, now: now, utcOffset: state.utcOffsetSeconds), dim),
        ]
    }

    /// What a run is doing or why it is not moving, in a few words.
    static func detail(for run: RunRecord, now: Date, utcOffset: Int, fill: ThemeRole?) -> StyledLine {
        let text = CellStyle(fill == nil ? .ui(.text) : .ui(.selection))
        let dim = CellStyle(.ui(.dim), fill: fill)
        switch run.status {
        case .running:
            var line = StyledLine(run.currentStep ?? "starting", text)
            if run.cancelRequested { line.append("  ⊘ cancel requested", CellStyle(.ui(.warning), fill: fill)) }
            return line
        case .waiting:
            guard let wait = run.wait else { return StyledLine("waiting", dim) }
            if let event = wait.eventName {
                var line = StyledLine(event, CellStyle(.status(.waiting), fill: fill))
                line.append(" key ", dim)
                line.append(wait.eventKey ?? "—", text)
                line.append(" · " + Format.duration(now.timeIntervalSince(wait.since)), dim)
                return line
            }
            let until = wait.until.map { " until " + Format.clock($0, utcOffset: utcOffset) } ?? ""
            return StyledLine("sleeping (\(wait.step))\(until)", CellStyle(.status(.waiting), fill: fill))
        case .scheduled:
            let due = run.runAt.map { Format.duration($0.timeIntervalSince(now)) } ?? "?"
            if run.attempt > 0 {
                var line = StyledLine("retry in \(due)", CellStyle(.status(.scheduled), fill: fill))
                if let error = run.error { line.append(" after " + error.message, dim) }
                return line
            }
            return StyledLine("starts in \(due)", CellStyle(.status(.scheduled), fill: fill))
        case .queued:
            return StyledLine(run.attempt > 0 ? "re-queued, waiting for a worker" : "waiting for a worker", dim)
        case .failed:
            guard let error = run.error else { return StyledLine("failed", CellStyle(.ui(.error), fill: fill)) }
            var line = StyledLine(error.type + ": ", CellStyle(.ui(.error), fill: fill, emphasis: .bold))
            line.append(error.message, CellStyle(.ui(.error), fill: fill))
            return line
        case .canceled:
            return StyledLine(run.error?.message ?? "canceled", dim)
        case .completed:
            let result = run.resultJSON.map(compactJSON) ?? "—"
            return StyledLine(result, dim)
        }
    }

    /// JSON on one line with insignificant whitespace removed.
    static func compactJSON(_ text: String) -> String {
        JSONValue.compact(text)
    }
}
