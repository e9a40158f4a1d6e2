import Foundation

/// The top bar: the views with their number keys and where you are on the left; pause banner, mode, theme,
/// the change feed's position and the clock on the right.
enum HeaderBar {
    /// The views a number key opens, in key order, as the header lists them.
    static let tabs: [(key: Character, title: String)] = [
        ("1", "Overview"), ("2", "Queues"), ("3", "Runs"), ("4", "Waits"), ("5", "Events"), ("6", "State"),
        ("7", "Schedules"), ("8", "Workers"), ("9", "Failures"), ("0", "Audit"),
    ]

    /// From this width the header lists every view with its key; below it, the path to the current view.
    static let tabsWidth = 120

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let row = state.layout.headerRow
        let bar = CellStyle(.ui(.header))
        buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: bar)
        // The tabs only when the store still fits beside them: which database this is matters more.
        let tabs = tabsLine(state)
        let fitsTabs =
            buffer.width >= tabsWidth
            && tabs.width + rightSide(state, width: buffer.width, showingStore: true, showingTheme: false).width
                < buffer.width
        let left = fitsTabs ? tabs : pathLine(state)
        // The most the right side can say and leave the left side whole: the store first (which database
        // this is matters most at 3 a.m.), then the theme.
        let choices = [(true, true), (true, false), (false, true), (false, false)].map {
            rightSide(state, width: buffer.width, showingStore: $0.0, showingTheme: $0.1)
        }
        let right = choices.first { left.width + $0.width < buffer.width } ?? choices[3]
        let rightWidth = min(right.width, buffer.width)
        buffer.draw(left, x: 0, y: row, width: max(0, buffer.width - rightWidth - 1))
        buffer.draw(right, x: buffer.width - rightWidth, y: row, width: rightWidth)
    }

    /// The number key of the tab a view belongs to: a queue's runs and a run belong to Runs.
    static func tabKey(for view: ConsoleView) -> Character {
        switch view {
        case .overview: "1"
        case .queues: "2"
        case .runs, .run: "3"
        case .waits: "4"
        case .events: "5"
        case .state: "6"
        case .schedules: "7"
        case .workers: "8"
        case .failures: "9"
        case .audit: "0"
        }
    }

    /// ` ◆ StackShift   1 Queues  [2 Runs]  4 Waits …  ›  emails  ›  run_…`: every view with its key, the
    /// current one marked, then where inside it you are.
    static func tabsLine(_ state: ConsoleState) -> StyledLine {
        let bar = CellStyle(.ui(.header))
        let key = CellStyle(.ui(.hintKey), fill: .ui(.header))
        var line = StyledLine(" ◆ StackShift  ", bar)
        let current = tabKey(for: state.currentView)
        for tab in tabs {
            line.append(" ", bar)
            line.append(String(tab.key), key)
            line.append(" ", bar)
            line.append(tab.title, tab.key == current ? CellStyle(.ui(.breadcrumb)) : bar)
            line.append(" ", bar)
        }
        for view in state.viewStack {
            let inside: String? =
                switch view {
                case .runs(_, let failure?): "failing " + FailuresView.shortSignature(failure.signature)
                case .runs(let queue?, nil): queue
                case .run(let id): id
                default: nil
                }
            guard let inside else { continue }
            line.append("  ›  ", CellStyle(.ui(.hint), fill: .ui(.header)))
            line.append(inside, view == state.currentView ? CellStyle(.ui(.breadcrumb)) : bar)
        }
        return line
    }

    /// ` ◆ StackShift  ›  1 Queues  ›  2 Runs · emails  ›  run_…`: the path to the current view, each view
    /// that a number key opens written with its key.
    static func pathLine(_ state: ConsoleState) -> StyledLine {
        let bar = CellStyle(.ui(.header))
        var line = StyledLine(" ◆ StackShift", bar)
        let crumbs = state.viewStack
        for (index, view) in crumbs.enumerated() {
            line.append("  ›  ", CellStyle(.ui(.hint), fill: .ui(.header)))
            if case .run = view {
            } else {
                line.append(String(tabKey(for: view)) + " ", CellStyle(.ui(.hintKey), fill: .ui(.header)))
            }
            line.append(view.crumb, index == crumbs.count - 1 ? CellStyle(.ui(.breadcrumb)) : bar)
        }
        return line
    }

    /// Pause banner, read-only, the store (or its outage), the theme, the change feed's position, the clock.
    static func rightSide(_ state: ConsoleState, width: Int, showingStore: Bool, showingTheme: Bool) -> StyledLine {
        let bar = CellStyle(.ui(.header))
        let hint = CellStyle(.ui(.hint), fill: .ui(.header))
        var right = StyledLine()
        if state.isPaused {
            // Not "paused", nor ⏸: those name a paused queue, and a frozen screen pauses nothing.
            right.append(" FROZEN · p goes live ", CellStyle(.ui(.banner)))
            right.append(" ", bar)
        }
        if state.readOnly { right.append("read-only  ", CellStyle(.ui(.warning), fill: .ui(.header))) }
        if let outage = state.storeOutage {
            // In place of the live indicator: the data shown is as of the last load that worked, not live.
            let text =
                "✘ " + outage.message + " (since " + Format.clock(outage.since, utcOffset: state.utcOffsetSeconds)
                + ")"
            // Cut in the middle: the start says what failed, the end how (`… was deleted (since 12:04:33)`).
            right.append(
                TextFit.truncateMiddle(text, to: max(12, width * 2 / 3 - 12)),
                CellStyle(.ui(.error), fill: .ui(.header), emphasis: .bold))
        } else {
            if showingStore, width >= 100, !state.storeLabel.isEmpty {
                right.append(TextFit.truncateMiddle(state.storeLabel, to: width >= 150 ? 32 : 20) + "  ", hint)
            }
            // The theme after `t`: always on a wide screen, on a narrow one when it is not the default.
            if showingTheme, width >= tabsWidth || state.themeName != "default" {
                right.append("theme \(state.themeName)  ", hint)
            }
            let live = state.isPaused ? "○" : "●"
            let liveStyle =
                state.isPaused
                ? CellStyle(.ui(.dim), fill: .ui(.header)) : CellStyle(.ui(.success), fill: .ui(.header))
            right.append(live, liveStyle)
            if let sequence = state.lastSequence {
                right.append(" change #" + Format.count(Int(clamping: sequence)), hint)
            }
        }
        right.append("  " + Format.clock(state.now, utcOffset: state.utcOffsetSeconds) + " ", bar)
        return right
    }
}
