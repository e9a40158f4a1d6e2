/// Where text sits inside a wider column.
public enum TextAlignment: Sendable, Hashable {
    /// Flush left.
    case left
    /// Flush right (numbers).
    case right
    /// Centred.
    case center
}

/// Fits text into a number of terminal columns, measuring with ``DisplayWidth``.
public enum TextFit {
    /// The ellipsis marking truncated text; it is one column wide.
    public static let ellipsis: Character = "…"

    /// `text` unchanged when it fits, otherwise its head and `…` in at most `width` columns.
    ///
    /// A double-width grapheme that would cross the limit is dropped rather than split, so the result
    /// never spills into the next column.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        return prefix(text, width: width - 1) + String(ellipsis)
    }

    /// The longest head of `text` that fits in `width` columns, without an ellipsis.
    public static func prefix(_ text: String, width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let columns = DisplayWidth.of(character)
            if used + columns > width { break }
            result.append(character)
            used += columns
        }
        return result
    }

    /// `text` unchanged when it fits, otherwise its head, `…` and its tail, for identifiers whose end
    /// tells them apart.
    public static func truncateMiddle(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        if width < 5 { return truncate(text, to: width) }
        let tailBudget = (width - 1) / 2
        let headBudget = width - 1 - tailBudget
        var head = ""
        var used = 0
        for character in text {
            let columns = DisplayWidth.of(character)
            if used + columns > headBudget { break }
            head.append(character)
            used += columns
        }
        var tail: [Character] = []
        used = 0
        for character in text.reversed() {
            let columns = DisplayWidth.of(character)
            if used + columns > tailBudget { break }
            tail.append(character)
            used += columns
        }
        return head + String(ellipsis) + String(tail.reversed())
    }

    /// `text` truncated to `width` columns and padded with spaces to exactly `width`.
    public static func pad(_ text: String, to width: Int, alignment: TextAlignment = .left) -> String {
        let fitted = truncate(text, to: width)
        let gap = max(0, width - DisplayWidth.of(fitted))
        switch alignment {
        case .left: return fitted + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + fitted
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
        }
    }

    /// Splits text into lines of at most `width` columns, breaking at spaces where it can.
    public static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var piece = String(word)
                let pieceWidth = DisplayWidth.of(piece)
                if lineWidth > 0 && lineWidth + 1 + pieceWidth > width {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while DisplayWidth.of(piece) > width {
                    // A word longer than the line is cut hard.
                    var head = ""
                    var used = 0
                    var rest = Substring(piece)
                    while let character = rest.first, used + DisplayWidth.of(character) <= width - lineWidth {
                        head.append(character)
                        used += DisplayWidth.of(character)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty, let character = rest.first {
                        head.append(character)
                        rest = rest.dropFirst()
                    }
                    lines.append(line + head)
                    line = ""
                    lineWidth = 0
                    piece = String(rest)
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                line += piece
                lineWidth += DisplayWidth.of(piece)
            }
            lines.append(line)
        }
        return lines
    }
}
