/// A row of a list table: cells under the columns, or one line across the whole width (a group heading).
enum TableRow {
    /// One styled cell per column.
    case cells([StyledLine])
    /// A line spanning every column.
    case spanning(StyledLine)
}

/// Draws a table with column titles, a selection bar and a position marker; shared by the list views.
enum ListTable {
    /// The area a table is drawn in.
    struct Frame {
        /// Left edge.
        var x: Int
        /// The column titles' row; rows follow below.
        var y: Int
        /// Columns available.
        var width: Int
        /// Data rows available below the titles.
        var rows: Int
        /// Whether the `n/N` position goes on the pane heading above the titles rather than on the titles.
        var positionOnHeading = false
    }

    /// Draws titles and the visible rows. `row(index, fill)` gives the row at `index`; `fill` is the
    /// selection's background role for the selected row, nil otherwise.
    static func draw(
        _ columns: [TableColumn], in frame: Frame, count: Int, scroll: Int, selected: Int?,
        into buffer: inout CellBuffer, row: (Int, ThemeRole?) -> TableRow
    ) {
        // The visible rows, made once: they size the columns, then are drawn.
        let visible = (0..<max(0, min(frame.rows, count - scroll))).map { line in
            let index = scroll + line
            return row(index, index == selected ? .ui(.selection) : nil)
        }
        var content = columns.map { DisplayWidth.of($0.title) }
        for case .cells(let cells) in visible {
            for (column, cell) in cells.enumerated() where column < content.count {
                content[column] = max(content[column], cell.width)
            }
        }
        let widths = TableLayout.widths(columns, total: frame.width - 2, content: content)
        let offsets = TableLayout.offsets(widths, x: frame.x + 1)
        for (index, column) in columns.enumerated() where widths[index] > 0 {
            buffer.write(
                column.title, x: offsets[index], y: frame.y, width: widths[index],
                style: CellStyle(.ui(.columnHeader)), alignment: column.alignment)
        }
        for (line, drawn) in visible.enumerated() {
            let index = scroll + line
            let y = frame.y + 1 + line
            if index == selected {
                buffer.fill(x: frame.x, y: y, width: frame.width, height: 1, style: CellStyle(.ui(.selection)))
                buffer.put(
                    "▌", x: frame.x, y: y, style: CellStyle(.ui(.accent), fill: .ui(.selection), emphasis: .bold))
            }
            switch drawn {
            case .spanning(let text):
                buffer.draw(text, x: frame.x + 1, y: y, width: frame.width - 2)
            case .cells(let cells):
                for (column, cell) in cells.enumerated() where column < widths.count && widths[column] > 0 {
                    let cellWidth = min(cell.width, widths[column])
                    let x =
                        columns[column].alignment == .right
                        ? offsets[column] + widths[column] - cellWidth : offsets[column]
                    buffer.draw(cell, x: x, y: y, width: widths[column] - (x - offsets[column]))
                }
            }
        }
        if count > frame.rows {
            let shown = selected.map { $0 + 1 } ?? min(count, scroll + frame.rows)
            let position = " \(min(count, shown))/\(count) "
            if frame.positionOnHeading {
                buffer.put(
                    position, x: frame.x + frame.width - DisplayWidth.of(position) - 1, y: frame.y - 1, style: .dim)
            } else if let x = TableLayout.markerX(
                columns, widths: widths, offsets: offsets, width: DisplayWidth.of(position))
            {
                // Over a column's empty title space, never over another title.
                buffer.put(position, x: x, y: frame.y, style: .dim)
            }
        }
    }

    /// The column titles with a message in place of rows (loading, empty, nothing matches).
    static func drawEmpty(
        _ columns: [TableColumn], in frame: Frame, message text: String, into buffer: inout CellBuffer
    ) {
        draw(columns, in: frame, count: 0, scroll: 0, selected: nil, into: &buffer) { _, _ in .cells([]) }
        message(text, in: frame, into: &buffer)
    }

    /// A message in place of rows (loading, empty).
    static func message(_ text: String, in frame: Frame, into buffer: inout CellBuffer) {
        for (offset, line) in TextFit.wrap(text, to: max(1, frame.width - 4)).prefix(max(1, frame.rows - 1))
            .enumerated()
        {
            buffer.put(line, x: frame.x + 2, y: frame.y + 2 + offset, style: .dim, maxWidth: frame.width - 4)
        }
    }
}

/// A pane's title drawn into a rule: `─ ⏸ Waiting runs  5 in 3 groups ──────`.
enum PaneHeading {
    static func draw(
        _ title: String, detail: StyledLine = StyledLine(), x: Int, y: Int, width: Int, into buffer: inout CellBuffer
    ) {
        let border = CellStyle(.ui(.border))
        var line = StyledLine("─ ", border)
        line.append(title, CellStyle(.ui(.accent), emphasis: .bold))
        if !detail.spans.isEmpty {
            line.append("  ", border)
            line.spans += detail.spans
        }
        line.append(" ", border)
        line.append(String(repeating: "─", count: max(0, width - line.width)), border)
        buffer.draw(line, x: x, y: y, width: width)
    }
}
