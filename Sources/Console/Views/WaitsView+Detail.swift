import Foundation
import JobStore

/// The selected wait's detail, drawn under the waiting-runs table in the rows it leaves free: what the run
/// waits for, since when, the events that nearly matched, and the key and shell command that resume it.
extension WaitsView {
    /// Free rows the table must leave below its last line before the detail shows: the list keeps priority,
    /// so a pane the rows fill (80×24 with a few groups) shows no detail at all.
    static let detailMinimumRows = 8

    /// Columns of the label column (` Waits for  `), leading space included.
    static let detailLabelWidth = 12

    /// Draws the detail of the selected waiting run below the `listed` lines of the table in `frame`, when at
    /// least ``detailMinimumRows`` rows are free; never outside the frame.
    static func drawDetail(
        _ state: ConsoleState, groups: [WaitGroup], frame: ListTable.Frame, listed: Int, into buffer: inout CellBuffer
    ) {
        let free = frame.rows - listed
        guard free >= detailMinimumRows, let run = state.selectedWait else { return }
        // A blank row between the table and the panel's rule.
        let headingRow = frame.y + 1 + listed + 1
        PaneHeading.draw("Selected wait", x: frame.x, y: headingRow, width: frame.width, into: &buffer)
        let group = groups.first { $0.runs.contains { $0.id == run.id } }
        let width = frame.width - 1
        let lines = detailLines(state, run: run, group: group, width: width, rows: free - 2)
        for (offset, line) in lines.enumerated() {
            buffer.draw(line, x: frame.x, y: headingRow + 1 + offset, width: width)
        }
    }

    /// The panel's lines for `run` at most `rows` of them, `width` columns wide (lines that overflow end in
    /// `…` when drawn). Essentials first; the shell command next (cut, it would be useless); near misses in
    /// what is left.
    static func detailLines(
        _ state: ConsoleState, run: RunRecord, group: WaitGroup?, width: Int, rows: Int
    ) -> [StyledLine] {
        let now = state.displayNow
        let offset = state.utcOffsetSeconds
        let wait = run.wait
        var essentials = [runLine(run)]
        if let wait, let name = wait.eventName {
            var line = labelled("Waits for")
            line.append(name, CellStyle(.status(.waiting), emphasis: .bold))
            line.append("  key ", .dim)
            line.append(shownKey(wait.eventKey ?? ""), CellStyle(.ui(.accent), emphasis: .bold))
            line.append("  (step " + wait.step + ")", .dim)
            essentials.append(line)
        } else {
            var line = labelled("Sleeps")
            line.append("in step " + (wait?.step ?? "—"), .text)
            essentials.append(line)
        }
        essentials.append(sinceLine(run, now: now, utcOffset: offset))
        let keys = keysLine(state, run: run, width: width)
        let command = commandLines(state, run: run, width: width)
        var evidence = nearMissLines(group, now: now, utcOffset: offset)
        evidence += tooEarlyLines(group, run: run, now: now, utcOffset: offset)

        var room = rows - essentials.count - (keys == nil ? 0 : 1)
        guard room >= 0 else { return Array(essentials.prefix(max(0, rows))) }
        var shownCommand = Array(command.prefix(room))
        if command.count > room, let first = command.first {
            // The whole command does not fit: one line cut with `…` says so, rather than a half that runs.
            shownCommand = room > 0 ? [commandLine(state, run: run, fallback: first)] : []
        }
        room -= shownCommand.count
        if evidence.count > room {
            let hidden = evidence.count - max(0, room - 1)
            evidence = Array(evidence.prefix(max(0, room - 1)))
            if room > 0 {
                var more = labelled(evidence.isEmpty ? "Near miss" : "")
                more.append("… \(hidden) more; the events pane lists them", .dim)
                evidence.append(more)
            }
        }
        return essentials + evidence + (keys.map { [$0] } ?? []) + shownCommand
    }

    // MARK: Lines

    /// `run_…  provisionAfterPayment · queue payments · try 3/5`.
    static func runLine(_ run: RunRecord) -> StyledLine {
        var line = labelled("Run")
        line.append(run.id, CellStyle(.ui(.accent)))
        line.append("  " + run.job, CellStyle(.ui(.text), emphasis: .bold))
        line.append(" · queue " + run.queue + " · try " + TimelineText.tries(run), .dim)
        return line
    }

    /// `11:56:58 (3m02s ago) · times out in 23h53m`, or for a sleep when it wakes.
    static func sinceLine(_ run: RunRecord, now: Date, utcOffset: Int) -> StyledLine {
        let since = run.wait?.since ?? run.updatedAt
        let waited = now.timeIntervalSince(since)
        var line = labelled("Since")
        line.append(Format.moment(since, now: now, utcOffset: utcOffset), .text)
        line.append(
            " (" + Format.duration(waited) + " ago)",
            waited >= 600 ? CellStyle(.ui(.warning)) : .dim)
        line.append(" · ", .dim)
        let isSleep = run.wait?.isSleep ?? false
        guard let until = run.wait?.until else {
            line.append(isSleep ? "no wake-up time" : "never times out", .dim)
            return line
        }
        let left = until.timeIntervalSince(now)
        let at = Format.moment(until, now: now, utcOffset: utcOffset)
        let urgent = CellStyle(.ui(.warning), emphasis: .bold)
        if isSleep {
            line.append(left > 0 ? "wakes at " + at + " (in " + Format.duration(left) + ")" : "wake-up due now", .text)
        } else if left > 0 {
            line.append("times out in " + Format.duration(left) + " (" + at + ")", left < 60 ? urgent : .text)
        } else {
            line.append("timeout due now", urgent)
        }
        return line
    }

    /// `≈ event #41 key "PAY_123" at 11:58:25 (1m35s ago): differs by case`, newest first; the rule is the
    /// group's (``ConsoleState/waitGroups``), the same one that flags the events pane.
    static func nearMissLines(_ group: WaitGroup?, now: Date, utcOffset: Int) -> [StyledLine] {
        let misses = (group?.nearMisses ?? []).sorted { $0.event.receivedAt > $1.event.receivedAt }
        return misses.enumerated().map { index, miss in
            var line = labelled(index == 0 ? "Near miss" : "")
            line.append("≈ event #\(miss.event.id) key ", CellStyle(.ui(.warning)))
            line.append(shownKey(miss.event.key), CellStyle(.ui(.warning), emphasis: .bold))
            line.append(" at " + eventMoment(miss.event, now: now, utcOffset: utcOffset), .dim)
            line.append(": differs by " + miss.kind.label, CellStyle(.ui(.warning)))
            return line
        }
    }

    /// Events with the exact name and key that arrived before this run was created, so cannot resume it.
    static func tooEarlyLines(_ group: WaitGroup?, run: RunRecord, now: Date, utcOffset: Int) -> [StyledLine] {
        let early = (group?.tooEarly ?? []).filter { $0.receivedAt < run.createdAt }
        return early.enumerated().map { index, event in
            var line = labelled(index == 0 ? "Too early" : "")
            line.append("event #\(event.id)", CellStyle(.ui(.warning)))
            line.append(" at " + eventMoment(event, now: now, utcOffset: utcOffset), .dim)
            line.append(
                " came before the run (created " + Format.moment(run.createdAt, now: now, utcOffset: utcOffset)
                    + "): it cannot resume it", CellStyle(.ui(.warning)))
            return line
        }
    }

    /// The keys that act on the wait, read from the keymap so the panel never names one that does nothing
    /// here: `s` to send the event (not in read-only mode, not for a sleep), `w` why, `⏎` open. The event is
    /// named when the line has room for it. Nil when no key applies.
    static func keysLine(_ state: ConsoleState, run: RunRecord, width: Int) -> StyledLine? {
        let send = run.wait?.eventName.flatMap { name in
            keyLabel(.sendEvent, state).map { key in
                (key, "send " + name + " with key " + shownKey(run.wait?.eventKey ?? "") + " (prefilled)")
            }
        }
        var others: [(key: String, text: String)] = []
        if let key = keyLabel(.explain, state) { others.append((key, "why")) }
        if let key = keyLabel(.open, state) { others.append((key, "open")) }
        func line(_ actions: [(key: String, text: String)]) -> StyledLine {
            var line = labelled(send == nil ? "Keys" : "Fix")
            for (index, action) in actions.enumerated() {
                if index > 0 { line.append("  ·  ", .dim) }
                line.append(action.key, CellStyle(.ui(.hintKey), emphasis: .bold))
                line.append("  " + action.text, .text)
            }
            return line
        }
        guard let send else { return others.isEmpty ? nil : line(others) }
        let named = line([send] + others)
        return named.width <= width ? named : line([(send.0, "send the event (prefilled)")] + others)
    }

    /// The first key of the binding that runs `command` in the waits view, if the console offers it now.
    static func keyLabel(_ command: ViewCommand, _ state: ConsoleState) -> String? {
        guard state.offers(.view(command)) else { return nil }
        let binding = state.keymap.bindings.first {
            $0.command == .view(command) && $0.scopes.contains(.waits)
                && Keymap.isOffered($0, readOnly: state.readOnly)
        }
        return binding?.keys.first?.label
    }

    /// The shell command that sends the awaited event, wrapped between words with ` \` so the lines paste as
    /// one command; empty for a sleep (no command wakes one). A word wider than a line leaves one line.
    static func commandLines(_ state: ConsoleState, run: RunRecord, width: Int) -> [StyledLine] {
        guard let words = commandWords(run) else { return [] }
        let quoted = shellWords(words, databaseArguments: state.databaseArguments).map(ShellCommand.quote)
        let limit = width - detailLabelWidth - 2
        var rows: [String] = []
        var current = ""
        for word in quoted {
            if current.isEmpty {
                current = word
            } else if DisplayWidth.of(current) + 1 + DisplayWidth.of(word) <= limit {
                current += " " + word
            } else {
                rows.append(current)
                current = "  " + word
            }
        }
        rows.append(current)
        guard rows.allSatisfy({ DisplayWidth.of($0) <= limit }) else {
            return [commandLine(state, run: run, fallback: StyledLine())]
        }
        let style = CellStyle(.ui(.success))
        return rows.enumerated().map { index, text in
            var line = labelled(index == 0 ? "CLI" : "")
            line.append(text + (index < rows.count - 1 ? " \\" : ""), style)
            return line
        }
    }

    /// The command on one line (drawn cut with `…` when it does not fit).
    static func commandLine(_ state: ConsoleState, run: RunRecord, fallback: StyledLine) -> StyledLine {
        guard let words = commandWords(run) else { return fallback }
        var line = labelled("CLI")
        line.append(
            ShellCommand.stackshift(words, databaseArguments: state.databaseArguments), CellStyle(.ui(.success)))
        return line
    }

    /// The words after `stackshift` that send the awaited event, as the engine's fix names them (`RunDiagnoser`):
    /// the payload is a placeholder to fill in, which the CLI refuses as it stands, so a paste never sends a
    /// payload nobody chose. Nil for a sleep.
    static func commandWords(_ run: RunRecord) -> [String]? {
        guard let name = run.wait?.eventName else { return nil }
        return ["events", "send", name, "--key", run.wait?.eventKey ?? "", "--payload", "<JSON>"]
    }

    /// The unquoted words ``ShellCommand/stackshift(_:databaseArguments:)`` joins, in its order (the database
    /// arguments right after the verb), so the command can wrap between words.
    static func shellWords(_ words: [String], databaseArguments: [String]) -> [String] {
        let verbs = min(2, words.count)
        return ["stackshift"] + words[..<verbs] + databaseArguments + words[verbs...]
    }

    // MARK: Pieces

    /// A line starting with its label in the label column.
    static func labelled(_ label: String) -> StyledLine {
        StyledLine(" " + TextFit.pad(label, to: detailLabelWidth - 1), .dim)
    }

    /// A key as the waits view shows it (``ConsoleState/quotedKey(_:)``); one with control characters in JSON
    /// quotes, so an ESC shows as `\u001b` instead of a blank the eye cannot tell from a space.
    static func shownKey(_ key: String) -> String {
        guard TerminalText.containsControlCharacters(key) else { return ConsoleState.quotedKey(key) }
        // JSON escapes only C0; DEL and C1 (which the cell buffer would drop unseen) get the same `\u` form.
        var shown = ""
        for scalar in JSONLines.quoted(key).unicodeScalars {
            if TerminalText.containsControlCharacters(String(scalar)) {
                let hex = String(scalar.value, radix: 16)
                shown += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// `11:58:25 (1m35s ago)`.
    static func eventMoment(_ event: EventRecord, now: Date, utcOffset: Int) -> String {
        Format.moment(event.receivedAt, now: now, utcOffset: utcOffset) + " ("
            + Format.duration(now.timeIntervalSince(event.receivedAt)) + " ago)"
    }
}
