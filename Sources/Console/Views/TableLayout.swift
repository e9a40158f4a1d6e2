/// A column of a table view.
public struct TableColumn: Sendable, Hashable {
    /// The title in the header row.
    public var title: String
    /// The width when fixed; the minimum width when flexible.
    public var width: Int
    /// Share of the leftover width; 0 for a fixed column.
    public var flex: Int
    /// How cells align.
    public var alignment: TextAlignment
    /// Columns with a higher number are dropped first when the screen is too narrow; 0 is never dropped.
    public var dropOrder: Int

    /// Creates a column.
    public init(_ title: String, width: Int, flex: Int = 0, alignment: TextAlignment = .left, dropOrder: Int = 0) {
        self.title = title
        self.width = width
        self.flex = flex
        self.alignment = alignment
        self.dropOrder = dropOrder
    }
}

/// Fits columns into a width: drops optional columns until the rest fit, then shares out the spare room.
public enum TableLayout {
    /// The gap between columns.
    public static let gap = 2

    /// The width of each column (0 for a dropped one), in the given order.
    public static func widths(_ columns: [TableColumn], total: Int) -> [Int] {
        var kept = Array(repeating: true, count: columns.count)
        func needed() -> Int {
            let shown = columns.indices.filter { kept[$0] }
            return shown.reduce(0) { $0 + columns[$1].width } + max(0, shown.count - 1) * gap
        }
        while needed() > total {
            let candidates = columns.indices.filter { kept[$0] && columns[$0].dropOrder > 0 }
            guard let drop = candidates.max(by: { columns[$0].dropOrder < columns[$1].dropOrder }) else { break }
            kept[drop] = false
        }
        var widths = columns.indices.map { kept[$0] ? columns[$0].width : 0 }
        var spare = max(0, total - needed())
        let flexible = columns.indices.filter { kept[$0] && columns[$0].flex > 0 }
        let weight = flexible.reduce(0) { $0 + columns[$1].flex }
        if weight > 0 {
            let share = spare
            for index in flexible {
                let extra = share * columns[index].flex / weight
                widths[index] += extra
                spare -= extra
            }
            if let last = flexible.last { widths[last] += spare }
        }
        return widths
    }

    /// The x position of each column from the widths, skipping dropped columns.
    public static func offsets(_ widths: [Int], x: Int = 0) -> [Int] {
        var position = x
        return widths.map { width in
            defer { if width > 0 { position += width + gap } }
            return position
        }
    }

    /// Where an `n/N` position marker of `width` cells can go on the column titles' row without covering a
    /// title: right-aligned in the widest left-aligned column, after its title; nil when no column has room.
    public static func markerX(
        _ columns: [TableColumn], widths: [Int], offsets: [Int], width: Int
    ) -> Int? {
        let candidates = columns.indices.filter { columns[$0].alignment == .left && widths[$0] > 0 }
        guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return nil }
        let free = widths[widest] - DisplayWidth.of(columns[widest].title) - 1
        guard free >= width else { return nil }
        return offsets[widest] + widths[widest] - width
    }
}
