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
        case .queues: QueuesView.draw(state, into: &buffer)
        case .runs: RunsView.draw(state, into: &buffer)
        case .run: RunDetailView.draw(state, into: &buffer)
        case .waits: WaitsView.draw(state, into: &buffer)
        case .events: EventsView.draw(state, into: &buffer)
        case .state: StateView.draw(state, into: &buffer)
        case .schedules: SchedulesView.draw(state, into: &buffer)
        case .workers: WorkersView.draw(state, into: &buffer)
        }
        StatusLine.draw(state, into: &buffer)
        HintBar.draw(state, into: &buffer)
        if state.why != nil { WhyView.draw(state, into: &buffer) }
        if state.showsHelp { HelpOverlay.draw(state, into: &buffer) }
        if let form = state.form { FormView.draw(form, into: &buffer) }
        if let dialog = state.dialog { DialogView.draw(dialog, into: &buffer) }
        return buffer
    }
}

/// The top bar: where you are on the left; pause banner, mode, change sequence and clock on the right.
enum HeaderBar {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let row = state.layout.headerRow
        let bar = CellStyle(.ui(.header))
        buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: bar)

        var right = StyledLine()
        if state.isPaused {
            right.append(" ⏸ PAUSED · p resumes ", CellStyle(.ui(.banner)))
            right.append(" ", bar)
        }
        if state.readOnly { right.append("read-only  ", CellStyle(.ui(.warning), fill: .ui(.header))) }
        if buffer.width >= 100, !state.storeLabel.isEmpty {
            right.append(
                TextFit.truncateMiddle(state.storeLabel, to: 32) + "  ", CellStyle(.ui(.hint), fill: .ui(.header)))
        }
        let live = state.isPaused ? "○" : "●"
        let liveStyle =
            state.isPaused ? CellStyle(.ui(.dim), fill: .ui(.header)) : CellStyle(.ui(.success), fill: .ui(.header))
        right.append(live, liveStyle)
        if let sequence = state.lastSequence {
            right.append(" #" + Format.count(Int(sequence)), CellStyle(.ui(.hint), fill: .ui(.header)))
        }
        right.append("  " + Format.clock(state.now, utcOffset: state.utcOffsetSeconds) + " ", bar)

        var left = StyledLine(" ◆ StackShift", bar)
        let crumbs = state.viewStack
        for (index, view) in crumbs.enumerated() {
            left.append("  ›  ", CellStyle(.ui(.hint), fill: .ui(.header)))
            let isLast = index == crumbs.count - 1
            left.append(view.crumb, isLast ? CellStyle(.ui(.breadcrumb)) : bar)
        }
        let rightWidth = min(right.width, buffer.width)
        buffer.draw(left, x: 0, y: row, width: max(0, buffer.width - rightWidth - 1))
        buffer.draw(right, x: buffer.width - rightWidth, y: row, width: rightWidth)
    }
}

/// The line above the hint bar: the text being typed, a flash message, or what the view shows.
enum StatusLine {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let row = state.layout.statusRow
        guard row > state.layout.headerRow else { return }
        let width = buffer.width
        if let input = state.input {
            let prompt = input.purpose == .filter ? "/" : ":"
            let style = CellStyle(.ui(.input))
            buffer.fill(x: 0, y: row, width: width, height: 1, style: style)
            var line = StyledLine(prompt, CellStyle(.ui(.hintKey), fill: .ui(.input)))
            let before = String(input.value.beforeCursor)
            let after = String(input.value.fromCursor)
            line.append(before, style)
            line.append(after.isEmpty ? " " : String(after.prefix(1)), style.with(.reverse))
            line.append(String(after.dropFirst()), style)
            if input.purpose == .command {
                if !input.completions.isEmpty {
                    line.append(
                        "   " + input.completions.joined(separator: "  "), CellStyle(.ui(.dim), fill: .ui(.input)))
                } else if input.value.text.isEmpty {
                    let names = ConsoleState.lineCommands.map(\.name).joined(separator: " ")
                    line.append("   " + names + "   (Tab completes)", CellStyle(.ui(.dim), fill: .ui(.input)))
                }
            } else {
                let matches =
                    switch state.currentView {
                    case .state: "keys starting with this prefix"
                    case .waits: "matches event name, key, run id, job"
                    case .events: "matches event name, key, resumed run"
                    default: "matches id, job, idempotency key, error"
                    }
                line.append(
                    "   \(matches) · ⏎ applies · Esc cancels", CellStyle(.ui(.dim), fill: .ui(.input)))
            }
            buffer.draw(line, x: 0, y: row, width: width)
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
        buffer.draw(summary(state), x: 0, y: row, width: width)
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
            }
        case .waits, .events, .state, .schedules, .workers:
            ListSummary.append(to: &line, state: state)
        }
        return line
    }
}
