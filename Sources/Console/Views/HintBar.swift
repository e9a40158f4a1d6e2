/// The bottom bar: the keys that matter here, generated from the keymap.
enum HintBar {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let row = state.layout.hintRow
        guard row > state.layout.headerRow else { return }
        buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: CellStyle(.ui(.hint)))
        buffer.draw(line(for: state, width: buffer.width), x: 0, y: row, width: buffer.width)
    }

    /// The hint line for a state in a width. Help and quit are kept when room runs out; other hints are
    /// dropped from the end of the list.
    static func line(for state: ConsoleState, width: Int) -> StyledLine {
        let hints = state.keymap.hints(in: state.activeScopes, readOnly: state.readOnly).filter {
            state.offers($0.command)
        }
        let pinned: Set<KeyCommand> = [.view(.toggleHelp), .view(.quit)]
        func item(_ binding: KeyBinding) -> StyledLine {
            var line = StyledLine(" ", CellStyle(.ui(.hint)))
            line.append(binding.keys[0].label, CellStyle(.ui(.hintKey), fill: .ui(.hint)))
            line.append(" " + (binding.hint ?? "") + " ", CellStyle(.ui(.hint)))
            return line
        }
        let tail = hints.filter { pinned.contains($0.command) }.map(item)
        var budget = width - tail.reduce(0) { $0 + $1.width }
        var result = StyledLine()
        for binding in hints where !pinned.contains(binding.command) {
            let piece = item(binding)
            guard piece.width <= budget else { break }
            budget -= piece.width
            result.spans += piece.spans
        }
        if budget > 0 { result.append(String(repeating: " ", count: budget), CellStyle(.ui(.hint))) }
        for piece in tail { result.spans += piece.spans }
        return result
    }
}

/// Draws boxes with rounded corners, for dialogs and overlays.
enum Box {
    static func draw(x: Int, y: Int, width: Int, height: Int, title: String, into buffer: inout CellBuffer) {
        guard width >= 4, height >= 3 else { return }
        let fill = CellStyle(.ui(.dialog))
        let border = CellStyle(.ui(.border), fill: .ui(.dialog))
        buffer.fill(x: x, y: y, width: width, height: height, style: fill)
        let horizontal = String(repeating: "─", count: width - 2)
        buffer.put("╭" + horizontal + "╮", x: x, y: y, style: border)
        buffer.put("╰" + horizontal + "╯", x: x, y: y + height - 1, style: border)
        for row in (y + 1)..<(y + height - 1) {
            buffer.put("│", x: x, y: row, style: border)
            buffer.put("│", x: x + width - 1, y: row, style: border)
        }
        if !title.isEmpty {
            let text = " " + TextFit.truncate(title, to: width - 6) + " "
            buffer.put(text, x: x + 2, y: y, style: CellStyle(.ui(.accent), fill: .ui(.dialog), emphasis: .bold))
        }
    }
}

/// The `?` overlay: every binding of the keymap by scope, in one or two columns.
enum HelpOverlay {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 120)
        let height = buffer.height - 4
        guard width >= 30, height >= 5 else { return }
        let x = (buffer.width - width) / 2
        let y = 2
        let title = state.readOnly ? "Keys (\(ConsoleState.readOnlyNote))" : "Keys"
        Box.draw(x: x, y: y, width: width, height: height, title: title, into: &buffer)
        let lines = helpLines(state)
        let columns = width >= 100 ? 2 : 1
        let columnWidth = (width - 4 - (columns - 1) * 3) / columns
        let rows = height - 3
        let perColumn = columns == 2 ? max(rows, (lines.count + 1) / 2) : rows
        let maxScroll = max(0, lines.count - rows * columns)
        let scroll = min(state.helpScroll, maxScroll)
        for column in 0..<columns {
            for row in 0..<rows {
                let index = scroll + column * perColumn + row
                guard index < lines.count, column == 0 || index >= perColumn else { continue }
                buffer.draw(lines[index], x: x + 2 + column * (columnWidth + 3), y: y + 1 + row, width: columnWidth)
            }
        }
        let footer = maxScroll > 0 ? " j/k scroll · Esc closes " : " Esc closes "
        buffer.put(
            footer, x: x + width - 2 - DisplayWidth.of(footer), y: y + height - 1,
            style: CellStyle(.ui(.dim), fill: .ui(.dialog)))
    }

    static func helpLines(_ state: ConsoleState) -> [StyledLine] {
        var lines: [StyledLine] = []
        for section in state.keymap.helpSections(readOnly: state.readOnly, first: state.currentView.scope)
        where section.scope != .help {
            if !lines.isEmpty { lines.append(StyledLine()) }
            lines.append(StyledLine(section.scope.title, CellStyle(.ui(.accent), fill: .ui(.dialog), emphasis: .bold)))
            // The tour key only matters when there is a tour.
            for binding in section.bindings where binding.command != .view(.toggleTour) || state.tour != nil {
                var line = StyledLine(
                    TextFit.pad(binding.keyLabel, to: 14), CellStyle(.ui(.hintKey), fill: .ui(.dialog)))
                // Dangerous bindings stand out: they change runs.
                line.append(
                    binding.summary, CellStyle(binding.isDangerous ? .ui(.warning) : .ui(.dialog), fill: .ui(.dialog)))
                lines.append(line)
            }
        }
        // The mouse has no key to list under a scope: one line says what it does.
        lines.append(StyledLine())
        var mouse = StyledLine(TextFit.pad("Mouse", to: 14), CellStyle(.ui(.hintKey), fill: .ui(.dialog)))
        mouse.append(
            "Wheel moves; click selects, again opens",
            CellStyle(.ui(.dialog), fill: .ui(.dialog)))
        lines.append(mouse)
        return lines
    }
}
