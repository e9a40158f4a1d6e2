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
            x: box.x, y: box.y, width: box.width, height: box.height, title: "Why is \(panel.runId) not moving?",
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
        footer.append((3, "⏎ opens the run"))
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
        let fill: ThemeRole = .ui(.dialog)
        let text = CellStyle(.ui(.dialog))
        let dim = CellStyle(.ui(.dim), fill: fill)
        var result: [StyledLine] = [headline(panel, fill: fill), StyledLine()]
        func wrapped(_ value: String, _ style: CellStyle, indent: String = "", first: String = "") {
            for (index, line) in TextFit.wrap(value, to: width - DisplayWidth.of(indent)).enumerated() {
                var styled = StyledLine(index == 0 ? first : indent, dim)
                styled.append(line, style)
                result.append(styled)
            }
        }
        func section(_ title: String) {
            result.append(StyledLine())
            result.append(StyledLine(title, CellStyle(.ui(.accent), fill: fill, emphasis: .bold)))
        }
        if let error = panel.error {
            wrapped("Could not explain \(panel.runId): \(error)", CellStyle(.ui(.error), fill: fill))
            return result
        }
        guard let diagnosis = panel.diagnosis else {
            wrapped("Asking the engine…", dim)
            return result
        }
        let loud = CellStyle(role(for: diagnosis.reason), fill: fill, emphasis: .bold)
        wrapped(diagnosis.sentence, loud)
        if !diagnosis.evidence.isEmpty {
            section("Evidence")
            for fact in diagnosis.evidence { wrapped(fact, text, indent: "    ", first: "  • ") }
        }
        if !diagnosis.nearMisses.isEmpty {
            section("Near-miss events (same name, almost the key)")
            let now = state.displayNow
            let keyWidth = min(
                24, (diagnosis.nearMisses.map { DisplayWidth.of(ConsoleState.quotedKey($0.event.key)) }.max() ?? 0) + 2)
            let kindWidth = (diagnosis.nearMisses.map { DisplayWidth.of($0.difference) }.max() ?? 0) + 2
            for miss in diagnosis.nearMisses {
                var line = StyledLine("  ≈ ", CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
                line.append(
                    TextFit.pad(ConsoleState.quotedKey(miss.event.key), to: keyWidth),
                    CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
                line.append(TextFit.pad(miss.difference, to: kindWidth), text)
                line.append(
                    "#\(miss.event.id) · received "
                        + Format.moment(miss.event.receivedAt, now: now, utcOffset: state.utcOffsetSeconds) + " ("
                        + Format.duration(now.timeIntervalSince(miss.event.receivedAt)) + " ago)", dim)
                result.append(line)
            }
        }
        if !diagnosis.holders.isEmpty {
            section("Holding the queue's slots")
            for holder in diagnosis.holders.prefix(12) {
                var line = StyledLine("  ▶ ", CellStyle(.status(.running), fill: fill))
                line.append(holder, text)
                result.append(line)
            }
            if diagnosis.holders.count > 12 {
                result.append(StyledLine("    … \(diagnosis.holders.count - 12) more", dim))
            }
        }
        if let lock = diagnosis.lock {
            section("Lock in the way")
            let left = lock.expiresAt.timeIntervalSince(state.displayNow)
            var line = StyledLine("  " + lock.key, CellStyle(.ui(.dialog), fill: fill, emphasis: .bold))
            line.append(" held by ", dim)
            line.append(lock.owner, CellStyle(.ui(.accent), fill: fill))
            line.append(left > 0 ? " · expires in " + Format.duration(left) : " · lapsed", dim)
            result.append(line)
        }
        if let fix = diagnosis.fix {
            section("Fix")
            wrapped(fix, CellStyle(.ui(.success), fill: fill), indent: "    ", first: "  ➜ ")
        }
        return result
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
