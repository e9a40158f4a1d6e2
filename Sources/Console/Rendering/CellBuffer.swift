/// A rectangle of cells that views draw into; the terminal backend shows it, tests read it as text.
///
/// Every write clips at the buffer's edges and keeps double-width graphemes whole: overwriting either
/// half of one blanks the other half, and a wide grapheme that does not fit is replaced by a space.
public struct CellBuffer: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    /// Creates a buffer filled with blank cells in a style.
    public init(width: Int, height: Int, style: CellStyle = .text) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    /// The cell at a position. Positions outside the buffer read as a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank() }
        return cells[y * width + x]
    }

    /// Whether a position is inside the buffer.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Writes `text` from (x, y) in a style, cut at `maxWidth` columns (and the buffer's edge) without
    /// an ellipsis. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in text {
            let sanitized: Character =
                character.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F } == true
                ? " " : character
            let columns = DisplayWidth.of(sanitized)
            if columns == 0 { continue }
            if column + columns > limit {
                // A wide grapheme at the last column would spill over: pad instead.
                if column < limit, column >= 0 { setCell(Cell(" ", style: style), x: column, y: y) }
                column = limit
                break
            }
            if column >= 0 {
                setCell(Cell(sanitized, style: style), x: column, y: y)
                if columns == 2 { setCell(Cell(" ", style: style, isContinuation: true), x: column + 1, y: y) }
            }
            column += columns
        }
        return max(0, column - x)
    }

    /// Writes `text` into exactly `width` columns from (x, y): truncated with `…` when too long, padded
    /// with spaces in the same style when short.
    public mutating func write(
        _ text: String, x: Int, y: Int, width: Int, style: CellStyle, alignment: TextAlignment = .left
    ) {
        guard width > 0 else { return }
        put(TextFit.pad(text, to: width, alignment: alignment), x: x, y: y, style: style, maxWidth: width)
    }

    /// Fills a rectangle with blanks in a style.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, style: CellStyle) {
        for row in max(0, y)..<max(max(0, y), min(self.height, y + height)) {
            for column in max(0, x)..<max(max(0, x), min(self.width, x + width)) {
                setCell(.blank(style), x: column, y: row)
            }
        }
    }

    /// Changes the background role of a span of cells, keeping their graphemes and foreground roles.
    public mutating func setFill(_ fill: ThemeRole?, x: Int, y: Int, width: Int) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<max(max(0, x), min(self.width, x + width)) {
            cells[y * self.width + column].style.fill = fill
        }
    }

    /// Stores one cell, blanking the other half of any double-width grapheme it breaks.
    mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        let index = y * width + x
        let old = cells[index]
        if old.isContinuation && !cell.isContinuation && x > 0 {
            cells[index - 1] = .blank(cells[index - 1].style)
        }
        if !old.isContinuation && old.width == 2 && x + 1 < width && !(cell.width == 2) {
            cells[index + 1] = .blank(cells[index + 1].style)
        }
        if cell.isContinuation && !old.isContinuation && old.width == 2 && x + 1 < width {
            // The cell this continuation replaces led a wide grapheme whose right half is now orphaned.
            cells[index + 1] = .blank(cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// Copies another buffer's cells into this one with its top-left corner at (x, y).
    public mutating func blit(_ other: CellBuffer, x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width where !other[column, row].isContinuation {
                let cell = other[column, row]
                setCell(cell, x: x + column, y: y + row)
                if cell.width == 2 {
                    setCell(Cell(" ", style: cell.style, isContinuation: true), x: x + column + 1, y: y + row)
                }
            }
        }
    }

    /// The rows as plain text, continuation cells skipped and trailing spaces trimmed.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width where !cells[row * width + column].isContinuation {
                line.append(cells[row * width + column].grapheme)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The whole buffer as text, one line per row.
    public var text: String { lines.joined(separator: "\n") }
}
