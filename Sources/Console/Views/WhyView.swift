import Foundation
import JobStore

/// The "why is this run not moving?" panel: the sentence up front, then the evidence, near-miss events,
/// the runs holding the queue, the lock in the way, and the fix.
enum WhyView {
    /// The panel's box at the state's size.
    static func frame(_ state: ConsoleState) -> (x: Int, y: Int, width: Int, height: Int) {
        // The console's area, less the tour panel: drawing and the reducer's scroll limit must agree.
        let screen = state.layout
        let width = min(screen.width - 4, 110)
        let lines = lines(state, width: width - 4).count
        let height = min(screen.height - 2, lines + 4)
        return ((screen.width - width) / 2, max(1, (screen.height - height) / 2), width, height)
    }

    /// The rows of content the box shows at once.
    static func visibleRows(_ state: ConsoleState) -> Int { max(1, frame(state).height - 4) }
    // Rows: top border, blank, content…, blank, bottom border with the footer.

    /// How far the content scrolls.
    static func maxScroll(_ state: ConsoleState) -> Int {
        let box = frame(state)
        return max(0, lines(state, width: box.width - 4).count - visibleRows(state))
    }

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        guard let panel = state.why else { return }
        let box = frame(state)
        guard box.width >= 30, box.height >= 5 else { return }
        Box.draw(
            x: box.x, y: box.y, width: box.width, height: box.height,
            title: panel.isPruned || panel.run?.status.isTerminal == true
                ? "What happened to \(panel.runId)?" : "Why is \(panel.runId) not moving?",
            into: &buffer)
        let content = lines(state, width: box.width - 4)
        let rows = visibleRows(state)
        let scroll = min(panel.scroll, max(0, content.count - rows))
        for (offset, line) in content.dropFirst(scroll).prefix(rows).enumerated() {
            buffer.draw(line, x: box.x + 2, y: box.y + 2 + offset, width: box.width - 4)
        }
        // Keys in order of importance; the least important go first when the box is narrow.
        var footer: [(priority: Int, text: String)] = []
        if panel.waitsForEvent, !state.readOnly { footer.append((1, "s sends the event")) }
        // A pruned run's view would only say again that it is gone.
        if !panel.isPruned { footer.append((3, "⏎ opens the run")) }
        footer.append((4, "y copies the id"))
        if content.count > rows { footer.append((2, "j/k scroll")) }
        footer.append((0, "Esc closes"))
        func joined() -> String { " " + footer.map(\.text).joined(separator: " · ") + " " }
        while DisplayWidth.of(joined()) > box.width - 4, footer.count > 1,
            let least = footer.indices.max(by: { footer[$0].priority < footer[$1].priority })
        {
            footer.remove(at: least)
        }
        let text = joined()
        buffer.put(
            text, x: box.x + max(2, box.width - 2 - DisplayWidth.of(text)), y: box.y + box.height - 1,
            style: CellStyle(.ui(.dim), fill: .ui(.dialog)), maxWidth: box.width - 4)
    }

    /// The panel's content wrapped to a width.
    static func lines(_ state: ConsoleState, width: Int) -> [StyledLine] {
        guard let panel = state.why, width > 4 else { return [] }
        var content = WhyContent(width: width)
        content.lines = [headline(panel, fill: content.fill), StyledLine()]
        if panel.isPruned {
            // Retention doing its work is no failure: said in the panel's plain text, not in the error colour.
            content.wrapped(ConsoleState.prunedRunText(panel.runId), content.text)
            return content.lines
        }
        if let error = panel.error {
            content.wrapped("Could not explain \(panel.runId): \(error)", CellStyle(.ui(.error), fill: content.fill))
            return content.lines
        }
        guard let diagnosis = panel.diagnosis else {
            content.wrapped("Asking the engine…", content.dim)
            return content.lines
        }
        content.wrapped(diagnosis.sentence, CellStyle(role(for: diagnosis.reason), fill: content.fill, emphasis: .bold))
        if !diagnosis.evidence.isEmpty {
            content.section("Evidence")
            for fact in diagnosis.evidence { content.wrapped(fact, content.text, indent: "    ", first: "  • ") }
        }
        if !diagnosis.nearMisses.isEmpty { nearMisses(diagnosis.nearMisses, state: state, into: &content) }
        if !diagnosis.holders.isEmpty { holders(diagnosis.holders, into: &content) }
        if let lock = diagnosis.lock { lockInTheWay(lock, now: state.displayNow, into: &content) }
        if let fix = diagnosis.fix {
            content.section("Fix")
            content.wrapped(
                fix.consoleText(databaseArguments: state.databaseArguments),
                CellStyle(.ui(.success), fill: content.fill), indent: "    ", first: "  ➜ ")
        }
        return content.lines
    }

    /// Events with the wait's name and almost its key, keys in a column.
    static func nearMisses(_ misses: [RunDiagnosis.NearMiss], state: ConsoleState, into content: inout WhyContent) {
        content.section("Near-miss events (same name, almost the key)")
        let fill = content.fill
        let now = state.displayNow
        let keyWidth = min(24, (misses.map { DisplayWidth.of(ConsoleState.quotedKey($0.event.key)) }.max() ?? 0) + 2)
        let kindWidth = (misses.map { DisplayWidth.of($0.difference) }.max() ?? 0) + 2
        for miss in misses {
            var line = StyledLine("  ≈ ", CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
            line.append(
                TextFit.pad(ConsoleState.quotedKey(miss.event.key), to: keyWidth),
                CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
            line.append(TextFit.pad(miss.difference, to: kindWidth), content.text)
            line.append(
                "#\(miss.event.id) · received "
                    + Format.moment(miss.event.receivedAt, now: now, utcOffset: state.utcOffsetSeconds) + " ("
                    + Format.duration(now.timeIntervalSince(miss.event.receivedAt)) + " ago)", content.dim)
            content.lines.append(line)
        }
    }

    /// The runs holding the queue's slots, the first twelve.
    static func holders(_ holders: [String], into content: inout WhyContent) {
        content.section("Holding the queue's slots")
        for holder in holders.prefix(12) {
            var line = StyledLine("  ▶ ", CellStyle(.status(.running), fill: content.fill))
            line.append(holder, content.text)
            content.lines.append(line)
        }
        if holders.count > 12 {
            content.lines.append(StyledLine("    … \(holders.count - 12) more", content.dim))
        }
    }

    /// The lock the run needs: its key, owner and how long it is still held.
    static func lockInTheWay(_ lock: LockRecord, now: Date, into content: inout WhyContent) {
        content.section("Lock in the way")
        let left = lock.expiresAt.timeIntervalSince(now)
        var line = StyledLine("  " + lock.key, CellStyle(.ui(.dialog), fill: content.fill, emphasis: .bold))
        line.append(" held by ", content.dim)
        line.append(lock.owner, CellStyle(.ui(.accent), fill: content.fill))
        line.append(left > 0 ? " · expires in " + Format.duration(left) : " · lapsed", content.dim)
        content.lines.append(line)
    }

    /// `⏸ waiting · provisionAfterPayment on payments`.
    static func headline(_ panel: WhyPanel, fill: ThemeRole) -> StyledLine {
        let status = panel.diagnosis?.status ?? panel.run?.status
        var line = StyledLine()
        if let status {
            line.append(status.symbol + " " + status.rawValue, CellStyle(.status(status), fill: fill, emphasis: .bold))
        }
        if let run = panel.run {
            line.append("  " + run.job, CellStyle(.ui(.accent), fill: fill, emphasis: .bold))
            line.append(" on ", CellStyle(.ui(.dim), fill: fill))
            line.append(run.queue, CellStyle(.ui(.dialog)))
            line.append(" · try \(TimelineText.tries(run))", CellStyle(.ui(.dim), fill: fill))
        }
        return line
    }

    /// The sentence's colour: trouble in warning, healthy states in success.
    static func role(for reason: RunDiagnosis.Reason) -> ThemeRole {
        switch reason {
        case .running, .readyToClaim, .finished: .ui(.success)
        case .leaseExpired, .noWorker: .ui(.error)
        default: .ui(.warning)
        }
    }
}

/// The why panel's lines as they are built: wrapped text and section headings at one width.
struct WhyContent {
    /// The width text wraps at.
    let width: Int
    /// The lines so far.
    var lines: [StyledLine] = []
    /// The panel's background.
    let fill: ThemeRole = .ui(.dialog)
    /// Ordinary text.
    var text: CellStyle { CellStyle(.ui(.dialog)) }
    /// Secondary text.
    var dim: CellStyle { CellStyle(.ui(.dim), fill: fill) }

    /// Adds text wrapped to the width, the first line after `first` and the rest after `indent`.
    mutating func wrapped(_ value: String, _ style: CellStyle, indent: String = "", first: String = "") {
        for (index, line) in TextFit.wrap(value, to: width - DisplayWidth.of(indent)).enumerated() {
            var styled = StyledLine(index == 0 ? first : indent, dim)
            styled.append(line, style)
            lines.append(styled)
        }
    }

    /// Adds a blank line and a heading.
    mutating func section(_ title: String) {
        lines.append(StyledLine())
        lines.append(StyledLine(title, CellStyle(.ui(.accent), fill: fill, emphasis: .bold)))
    }
}
