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
    ///
    /// With `content` (the widest cell of each column, title included), room a column does not use goes to
    /// columns whose content is cut, the least cut first, so as many as possible show whole; a column never
    /// gets less than it would without `content`, so a cell cut to that width beforehand still fits.
    public static func widths(_ columns: [TableColumn], total: Int, content: [Int]? = nil) -> [Int] {
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
        let flexible = columns.indices.filter { kept[$0] && columns[$0].flex > 0 }
        share(max(0, total - needed()), among: flexible, of: columns, into: &widths)
        if let content, content.count == columns.count {
            fit(&widths, to: content, columns: columns, kept: kept, flexible: flexible)
        }
        return widths
    }

    /// Shares `room` among `indices` by their flex weights; the rounding remainder goes to the last.
    private static func share(_ room: Int, among indices: [Int], of columns: [TableColumn], into widths: inout [Int]) {
        let weight = indices.reduce(0) { $0 + columns[$1].flex }
        guard weight > 0, room > 0 else { return }
        var left = room
        for index in indices {
            let extra = room * columns[index].flex / weight
            widths[index] += extra
            left -= extra
        }
        if let last = indices.last { widths[last] += left }
    }

    /// Moves room from columns wider than their content (never below their minimum) to columns whose content
    /// is cut, the least cut first; what no cut column can use goes back to the flexible columns.
    private static func fit(
        _ widths: inout [Int], to content: [Int], columns: [TableColumn], kept: [Bool], flexible: [Int]
    ) {
        var room = 0
        for index in widths.indices where kept[index] {
            let floor = max(columns[index].width, content[index])
            if widths[index] > floor {
                room += widths[index] - floor
                widths[index] = floor
            }
        }
        let cut = widths.indices.filter { kept[$0] && content[$0] > widths[$0] }
            .sorted { content[$0] - widths[$0] < content[$1] - widths[$1] }
        for index in cut {
            let deficit = content[index] - widths[index]
            guard deficit <= room else { break }
            widths[index] += deficit
            room -= deficit
        }
        share(room, among: flexible, of: columns, into: &widths)
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
