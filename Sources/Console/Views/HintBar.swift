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
