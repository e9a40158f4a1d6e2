import Console
import Testing

@Suite("Table layout: columns sized to what they show")
struct TableLayoutTests {
    static let columns = [
        TableColumn("NAME", width: 8, flex: 1),
        TableColumn("KEY", width: 6, flex: 1),
        TableColumn("NOTE", width: 10, flex: 2),
    ]

    @Test("room a column does not use goes to a column whose content is cut, so it shows whole")
    func roomGoesToCutColumns() {
        let plain = TableLayout.widths(Self.columns, total: 40)
        #expect(plain == [11, 9, 16], "without content, the flexible columns share the room")
        // NAME needs 14, KEY needs 3 (its title), NOTE needs 12.
        let fitted = TableLayout.widths(Self.columns, total: 40, content: [14, 3, 12])
        #expect(fitted[0] >= 14, "the cut name shows whole: \(fitted)")
        #expect(fitted.reduce(0, +) + 2 * TableLayout.gap == 40, "the table still fills its width: \(fitted)")
    }

    @Test("no column gets less than without content, so a cell cut to that width beforehand still fits")
    func neverNarrowerThanPlain() {
        let plain = TableLayout.widths(Self.columns, total: 40)
        for content in [[9, 9, 16], [40, 40, 40], [1, 1, 1], [11, 30, 2]] {
            let fitted = TableLayout.widths(Self.columns, total: 40, content: content)
            for index in fitted.indices where content[index] >= plain[index] {
                #expect(fitted[index] >= plain[index], "column \(index) with content \(content): \(fitted)")
            }
        }
    }

    @Test("when the room cannot show every cut column whole, the least cut are shown whole first")
    func leastCutFirst() {
        // 4 cells of room are free (NOTE uses 12 of 16): enough for KEY's 3 missing cells, not NAME's 20.
        let fitted = TableLayout.widths(Self.columns, total: 40, content: [31, 12, 12])
        #expect(fitted[1] >= 12, "the key, missing only 3 cells, shows whole: \(fitted)")
    }
}
