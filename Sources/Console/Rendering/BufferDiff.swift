/// The cells that changed between two frames, as horizontal spans the backend draws in order.
///
/// Only changed cells reach the terminal; an unchanged frame gives an empty diff and nothing is drawn.
/// A double-width grapheme always travels whole: if either of its halves changed, the span starts at
/// its left half and covers its continuation.
public struct BufferDiff: Sendable, Hashable {
    /// A run of adjacent changed cells on one row.
    public struct Span: Sendable, Hashable {
        /// The first column.
        public var x: Int
        /// The row.
        public var y: Int
        /// The new cells, continuation cells included.
        public var cells: [Cell]
    }

    /// The changed spans, top to bottom, left to right.
    public var spans: [Span]
    /// Whether the screen must be cleared first (first frame or a new size).
    public var isFullRedraw: Bool

    /// Whether nothing needs drawing.
    public var isEmpty: Bool { spans.isEmpty && !isFullRedraw }

    /// The number of changed cells.
    public var cellCount: Int { spans.reduce(0) { $0 + $1.cells.count } }

    /// The diff that turns `old` into `new`; a full redraw when there is no old frame or its size differs.
    public init(from old: CellBuffer?, to new: CellBuffer) {
        guard let old, old.width == new.width, old.height == new.height else {
            isFullRedraw = true
            spans = (0..<new.height).map { row in
                Span(x: 0, y: row, cells: (0..<new.width).map { new[$0, row] })
            }
            return
        }
        isFullRedraw = false
        var spans: [Span] = []
        for row in 0..<new.height {
            var changed = (0..<new.width).map { old[$0, row] != new[$0, row] }
            // Widen each change to whole graphemes, in the old frame and the new one.
            for column in 0..<new.width where changed[column] {
                for buffer in [old, new] {
                    if buffer[column, row].isContinuation, column > 0 { changed[column - 1] = true }
                    if buffer[column, row].width == 2, column + 1 < new.width { changed[column + 1] = true }
                }
            }
            var column = 0
            while column < new.width {
                guard changed[column] else {
                    column += 1
                    continue
                }
                var end = column
                while end < new.width && changed[end] { end += 1 }
                var start = column
                // A span must not begin on a continuation: back up to its left half.
                while start > 0 && new[start, row].isContinuation { start -= 1 }
                spans.append(Span(x: start, y: row, cells: (start..<end).map { new[$0, row] }))
                column = end
            }
        }
        self.spans = spans
    }
}
