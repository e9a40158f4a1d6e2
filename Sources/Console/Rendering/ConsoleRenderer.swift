/// Draws the whole screen for a state: header, the current view, status line, hint bar and overlays.
/// Pure: the same state always gives the same buffer.
public enum ConsoleRenderer {
    /// The frame for a state at its size.
    public static func render(_ state: ConsoleState) -> CellBuffer {
        let placement = state.tourPlacement
        guard placement != .hidden else { return renderConsole(state) }
        // The console draws in the area the tour leaves it, exactly as on a terminal of that size.
        var console = state
        console.width = state.layout.width
        console.height = state.layout.height
        console.tour?.isVisible = false
        let inner = renderConsole(console)
        var buffer = CellBuffer(width: state.width, height: state.height)
        buffer.blit(inner, x: 0, y: 0)
        switch placement {
        case .side:
            HeaderBar.draw(state, into: &buffer)
            TourPanel.draw(state, into: &buffer)
        case .bar:
            // The console's hint bar moves down a row; the tour bar takes its place.
            let row = state.height - 1
            buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: CellStyle(.ui(.hint)))
            buffer.draw(HintBar.line(for: console, width: buffer.width), x: 0, y: row, width: buffer.width)
            TourBar.draw(state, into: &buffer)
        case .hidden:
            break
        }
        return buffer
    }

    /// The console without the tour: header, view, status line, hint bar and overlays.
    static func renderConsole(_ state: ConsoleState) -> CellBuffer {
        let layout = state.layout
        var buffer = CellBuffer(width: layout.width, height: layout.height)
        HeaderBar.draw(state, into: &buffer)
        switch state.currentView {
        case .overview: OverviewView.draw(state, into: &buffer)
        case .queues: QueuesView.draw(state, into: &buffer)
        case .runs: RunsView.draw(state, into: &buffer)
        case .run: RunDetailView.draw(state, into: &buffer)
        case .waits: WaitsView.draw(state, into: &buffer)
        case .events: EventsView.draw(state, into: &buffer)
        case .state: StateView.draw(state, into: &buffer)
        case .schedules: SchedulesView.draw(state, into: &buffer)
        case .workers: WorkersView.draw(state, into: &buffer)
        case .failures: FailuresView.draw(state, into: &buffer)
        case .audit: AuditView.draw(state, into: &buffer)
        }
        // A view may draw past its body when the screen is very short; the rows below the body are the status
        // line's and the hint bar's, so they start blank and keep nothing of the view (or of another size).
        let belowBody = layout.bodyTop + layout.bodyHeight
        buffer.fill(x: 0, y: belowBody, width: buffer.width, height: buffer.height - belowBody, style: .text)
        StatusLine.draw(state, into: &buffer)
        HintBar.draw(state, into: &buffer)
        if state.why != nil { WhyView.draw(state, into: &buffer) }
        if state.showsHelp { HelpOverlay.draw(state, into: &buffer) }
        if let form = state.form { FormView.draw(form, into: &buffer) }
        if let dialog = state.dialog { DialogView.draw(dialog, into: &buffer) }
        return buffer
    }
}

/// The line above the hint bar: the text being typed, a flash message, or what the view shows.
enum StatusLine {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let row = state.layout.statusRow
        guard row > state.layout.headerRow else { return }
        let width = buffer.width
        if let input = state.input {
            drawInput(input, state: state, row: row, into: &buffer)
            return
        }
        if let flash = state.flash {
            let (symbol, role): (String, UIRole) =
                switch flash.kind {
                case .info: ("•", .accent)
                case .success: ("✔", .flash)
                case .error: ("✘", .error)
                }
            buffer.draw(
                StyledLine(" \(symbol) \(flash.message)", CellStyle(.ui(role), emphasis: .bold)), x: 0, y: row,
                width: width)
            return
        }
        // While the store cannot be read, the counts below are from before: the line says why instead, in
        // full (the header has room only for the short form).
        if let outage = state.storeOutage {
            var line = StyledLine(" ✘ " + outage.message, CellStyle(.ui(.error), emphasis: .bold))
            line.append(" · showing what was loaded before", .dim)
            buffer.draw(line, x: 0, y: row, width: width)
            return
        }
        buffer.draw(summary(state), x: 0, y: row, width: width)
    }

    /// The filter or command line: prompt, the text scrolled to its cursor, then hints, or why typing was cut.
    static func drawInput(_ input: InputLine, state: ConsoleState, row: Int, into buffer: inout CellBuffer) {
        let width = buffer.width
        let style = CellStyle(.ui(.input))
        let dim = CellStyle(.ui(.dim), fill: .ui(.input))
        buffer.fill(x: 0, y: row, width: width, height: 1, style: style)
        buffer.put(
            input.purpose == .command ? ":" : "/", x: 0, y: row, style: CellStyle(.ui(.hintKey), fill: .ui(.input)))
        if let notice = input.notice {
            // The notice keeps its place at the right whatever the text's length, so it cannot scroll away.
            let text = TextFit.truncate("  ✘ " + notice + " ", to: max(width / 2, width - 24))
            let noticeWidth = DisplayWidth.of(text)
            TextFieldView.draw(
                input.value, focused: true, x: 1, y: row, width: width - 1 - noticeWidth, style: style, into: &buffer)
            buffer.put(
                text, x: width - noticeWidth, y: row,
                style: CellStyle(.ui(.warning), fill: .ui(.input), emphasis: .bold))
            return
        }
        let end = TextFieldView.draw(
            input.value, focused: true, x: 1, y: row, width: width - 1, style: style, into: &buffer)
        let hint: String
        if input.purpose == .sectionSearch {
            hint = "   " + SectionSearchHighlight.inputHint(state)
        } else if input.purpose == .command {
            if !input.completions.isEmpty {
                hint = "   " + input.completions.joined(separator: "  ")
            } else if input.value.text.isEmpty {
                hint = "   " + ConsoleState.lineCommands.map(\.name).joined(separator: " ") + "   (Tab completes)"
            } else {
                return
            }
        } else {
            let matches =
                switch state.currentView {
                case .state: "keys starting with this prefix"
                case .waits: "matches event name, key, run id, job"
                case .events where state.eventsFocus == .rejected: "matches webhook, event, reason"
                case .events: "matches event name, key, resumed run"
                case .queues: "matches the queue name"
                default: "matches any text a row shows: id, job, queue, status, key, step, event, error"
                }
            hint = "   \(matches) · ⏎ applies · Esc cancels"
        }
        buffer.put(hint, x: end, y: row, style: dim, maxWidth: width - end)
    }

    /// What the view shows, counted, with its filter and sort.
    static func summary(_ state: ConsoleState) -> StyledLine {
        let dim = CellStyle.dim
        let accent = CellStyle(.ui(.accent))
        var line = StyledLine(" ", dim)
        if state.isPaused {
            line.append(
                "Display paused at " + Format.clock(state.displayNow, utcOffset: state.utcOffsetSeconds)
                    + "; loading continues · ",
                CellStyle(.ui(.warning)))
        }
        switch state.currentView {
        case .overview:
            let problems = state.attentionItems.count
            line.append(
                problems == 0 ? "Nothing needs attention" : ConsoleState.plural(problems, "problem"),
                problems == 0 ? CellStyle(.ui(.success)) : CellStyle(.ui(.warning)))
            line.append(" · last \(state.overviewWindowText) ([ ] changes it) · Tab moves between panels", dim)
        case .queues:
            let queues = state.visibleQueues
            line.append(Format.count(queues.count), accent)
            line.append(queues.count == 1 ? " queue" : " queues", dim)
            let paused = queues.filter(\.queue.paused).count
            if paused > 0 { line.append(" · \(paused) paused", CellStyle(.ui(.warning))) }
            line.append(" · sorted by \(state.queueSort.rawValue) \(state.queueSortDescending ? "↓" : "↑")", dim)
            line.append(" · trend: runs finished per 10 s", dim)
        case .runs:
            let shown = state.visibleRuns.count
            line.append(Format.count(shown), accent)
            line.append(shown == 1 ? " run" : " runs", dim)
            if state.shown.runs.count >= state.runLimit {
                line.append(" (newest \(Format.count(state.runLimit)); G loads more)", dim)
            }
            if !state.markedRuns.isEmpty {
                line.append(" · ", dim)
                line.append("✓ \(Format.count(state.markedRuns.count)) marked", CellStyle(.ui(.match)))
                line.append(" (^T/^X act on them, Esc unmarks)", dim)
            }
            if let failure = state.runsFailure {
                line.append(" · failed with ", dim)
                line.append(FailuresView.shortSignature(failure.signature), CellStyle(.ui(.error)))
                line.append(
                    " since "
                        + Format.shortMoment(failure.since, now: state.displayNow, utcOffset: state.utcOffsetSeconds),
                    dim)
            }
            if !state.filterText.isEmpty {
                line.append(" · filter ", dim)
                line.append("\"\(state.filterText)\"", accent)
            }
            if !state.statusFilter.isEmpty {
                line.append(" · showing ", dim)
                for (index, status) in state.statusFilter.sorted().enumerated() {
                    if index > 0 { line.append(", ", dim) }
                    line.append(status.symbol + " " + status.rawValue, CellStyle(.status(status)))
                }
                line.append(" (A: all)", dim)
            }
            line.append(" · sorted by \(state.runSort.rawValue) \(state.runSortDescending ? "↓" : "↑")", dim)
        case .run where state.openRunIsGone:
            // No sections to switch between: say what the view is instead.
            line.append(state.prunedRunId == state.openRunId ? "Pruned" : "No such run", accent)
            line.append(" · Esc goes back", dim)
        case .run:
            let tab = state.runView.tab
            line.append(tab.title, accent)
            if tab == .logs {
                line.append(
                    state.runView.followLogs
                        ? " · following new lines (f stops)" : " · not following (f follows)", dim)
            } else if tab.isJSON {
                line.append(" · ⏎ folds at the cursor · z collapses all · Z expands all", dim)
            } else {
                line.append(" · Tab/←→ switch section · l logs", dim)
                if state.offers(.view(.retryFromStep)) { line.append(" · R retries from the cursor's step", dim) }
            }
            SectionSearchHighlight.appendSummary(to: &line, state: state)
        case .waits, .events, .state, .schedules, .workers, .failures, .audit:
            ListSummary.append(to: &line, state: state)
        }
        return line
    }
}
