/// A run of text in one style.
public struct StyledSpan: Sendable, Hashable {
    /// The text.
    public var text: String
    /// Its style.
    public var style: CellStyle

    /// Creates a span.
    public init(_ text: String, _ style: CellStyle) {
        self.text = text
        self.style = style
    }
}

/// A line of differently styled spans, drawn left to right and cut with `…` at the edge.
public struct StyledLine: Sendable, Hashable {
    /// The spans in order.
    public var spans: [StyledSpan]

    /// Creates a line from spans.
    public init(_ spans: [StyledSpan] = []) {
        self.spans = spans
    }

    /// A line of one span.
    public init(_ text: String, _ style: CellStyle) {
        spans = [StyledSpan(text, style)]
    }

    /// Appends a span.
    public mutating func append(_ text: String, _ style: CellStyle) {
        spans.append(StyledSpan(text, style))
    }

    /// The columns the line occupies.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    /// The text without styles.
    public var plainText: String { spans.map(\.text).joined() }
}

extension CellBuffer {
    /// Draws a styled line from (x, y) within `width` columns; a line too long ends in `…` in the style of
    /// the span it cuts.
    public mutating func draw(_ line: StyledLine, x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        let overflows = line.width > width
        var column = x
        let limit = x + width
        for span in line.spans {
            let room = limit - column
            guard room > 0 else { break }
            let spanWidth = DisplayWidth.of(span.text)
            if overflows && column + spanWidth > limit - 1 {
                // This span reaches the last column, which is kept for the ellipsis.
                let head = TextFit.prefix(span.text, width: room - 1)
                column += put(head, x: column, y: y, style: span.style, maxWidth: room - 1)
                put(String(TextFit.ellipsis), x: column, y: y, style: span.style, maxWidth: 1)
                break
            }
            column += put(span.text, x: column, y: y, style: span.style, maxWidth: room)
        }
    }
}
