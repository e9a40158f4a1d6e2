/// The `?` overlay: every binding of the keymap by scope, in one column or two sized to the longest line, so
/// no description is cut where the screen has room; a section split between columns repeats its title.
enum HelpOverlay {
    /// The key column's width.
    static let keyWidth = 14

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let sections = helpSections(state)
        let longest = sections.joined().map(\.width).max() ?? 0
        let available = buffer.width - 4
        let columns = 2 * longest + 3 + 4 <= available ? 2 : 1
        let columnWidth = min(longest, available - 4)
        let width = min(available, columns * columnWidth + (columns - 1) * 3 + 4)
        let height = buffer.height - 4
        guard width >= 30, height >= 5 else { return }
        let x = (buffer.width - width) / 2
        let y = 2
        let title = state.readOnly ? "Keys (\(ConsoleState.readOnlyNote))" : "Keys"
        Box.draw(x: x, y: y, width: width, height: height, title: title, into: &buffer)
        let rows = height - 3
        let laidOut = layout(sections, columns: columns)
        let maxScroll = max(0, (laidOut.map(\.count).max() ?? 0) - rows)
        let scroll = min(state.helpScroll, maxScroll)
        for (column, lines) in laidOut.enumerated() {
            for row in 0..<rows {
                let index = scroll + row
                guard index < lines.count else { break }
                buffer.draw(lines[index], x: x + 2 + column * (columnWidth + 3), y: y + 1 + row, width: columnWidth)
            }
        }
        let footer = maxScroll > 0 ? " j/k scroll · Esc closes " : " Esc closes "
        buffer.put(
            footer, x: x + width - 2 - DisplayWidth.of(footer), y: y + height - 1,
            style: CellStyle(.ui(.dim), fill: .ui(.dialog)))
    }

    /// The sections in columns of about equal length, split between lines of one section (never after a
    /// title or a blank line); a section split there continues at the top of the next column under its title
    /// again, so no key is read under another section's title.
    static func layout(_ sections: [[StyledLine]], columns: Int) -> [[StyledLine]] {
        // Each line with its section, and whether it is the section's title; blank lines separate sections.
        var lines: [(line: StyledLine, section: Int?, isTitle: Bool)] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { lines.append((StyledLine(), nil, false)) }
            for (offset, line) in section.enumerated() { lines.append((line, index, offset == 0)) }
        }
        guard columns == 2, lines.count > 1 else { return [lines.map(\.line)] }
        var split = (lines.count + 1) / 2
        while split > 1 && (lines[split - 1].section == nil || lines[split - 1].isTitle) { split -= 1 }
        var second = Array(lines[split...].drop { $0.section == nil })
        if let first = second.first, !first.isTitle, let section = first.section {
            let title = sections[section][0]
            var continued = title
            continued.append(" (continued)", title.spans.last?.style ?? .text)
            second.insert((continued, section, true), at: 0)
        }
        return [lines[..<split].map(\.line), second.map(\.line)]
    }

    /// One section per scope (title, then a line per binding), and a last one for the mouse.
    static func helpSections(_ state: ConsoleState) -> [[StyledLine]] {
        let titleStyle = CellStyle(.ui(.accent), fill: .ui(.dialog), emphasis: .bold)
        let keyStyle = CellStyle(.ui(.hintKey), fill: .ui(.dialog))
        var sections: [[StyledLine]] = []
        for section in state.keymap.helpSections(readOnly: state.readOnly, first: state.currentView.scope)
        where section.scope != .help {
            var lines = [StyledLine(section.scope.title, titleStyle)]
            // The tour key only matters when there is a tour.
            for binding in section.bindings where binding.command != .view(.toggleTour) || state.tour != nil {
                var line = StyledLine(TextFit.pad(binding.keyLabel, to: keyWidth), keyStyle)
                // Dangerous bindings stand out: they change runs.
                line.append(
                    binding.summary, CellStyle(binding.isDangerous ? .ui(.warning) : .ui(.dialog), fill: .ui(.dialog)))
                lines.append(line)
            }
            sections.append(lines)
        }
        // The mouse has no key to list under a scope.
        var mouse = StyledLine(TextFit.pad("wheel", to: keyWidth), keyStyle)
        mouse.append("Move down or up", CellStyle(.ui(.dialog), fill: .ui(.dialog)))
        var click = StyledLine(TextFit.pad("click", to: keyWidth), keyStyle)
        click.append("Select a row; a click on the selected row opens it", CellStyle(.ui(.dialog), fill: .ui(.dialog)))
        sections.append([StyledLine("Mouse", titleStyle), mouse, click])
        return sections
    }
}
