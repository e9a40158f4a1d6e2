import Console
import JobStore

/// A plain-text table for command output: a header row, then rows, columns padded to fit.
///
/// Cells are one line each: their control characters, line breaks included, are escaped, so a stored value
/// cannot break the table or reach the terminal raw. Columns are measured in terminal columns, so wide (CJK)
/// characters line up.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    mutating func append(_ row: [String]) { rows.append(row.map { TerminalText.escaped($0) }) }

    func render() -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(DisplayWidth.of).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(cell)))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
