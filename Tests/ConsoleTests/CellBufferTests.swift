import Console
import JobStore
import Testing

@Suite("Cell buffer, width and diff")
struct CellBufferTests {
    @Test("wide characters take two cells with a marked continuation")
    func wideCharacters() {
        var buffer = CellBuffer(width: 10, height: 1)
        let used = buffer.put("完a", x: 0, y: 0, style: .text)
        #expect(used == 3)
        #expect(buffer[0, 0].grapheme == "完")
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[2, 0].grapheme == "a")
        #expect(buffer.lines[0] == "完a")
        #expect(DisplayWidth.of("完成") == 4)
        #expect(DisplayWidth.of("✔ ok") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🚀") == 2)
    }

    @Test("a wide character that does not fit is replaced by a space instead of spilling")
    func wideAtEdge() {
        var buffer = CellBuffer(width: 3, height: 1)
        buffer.put("ab完", x: 0, y: 0, style: .text)
        #expect(buffer.lines[0] == "ab")
        #expect(!buffer[2, 0].isContinuation)
        var column = CellBuffer(width: 10, height: 1)
        column.write("完成完成", x: 0, y: 0, width: 5, style: .text)
        #expect(column.lines[0] == "完成…")
        #expect(column[5, 0].grapheme == " ", "nothing written past the column")
    }

    @Test("overwriting half of a wide character blanks the other half")
    func overwriteHalf() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.put("完完", x: 0, y: 0, style: .text)
        buffer.put("x", x: 1, y: 0, style: .text)
        #expect(buffer.lines[0] == " x完")
        #expect(!buffer[1, 0].isContinuation)
        buffer.put("y", x: 2, y: 0, style: .text)
        #expect(buffer.lines[0] == " xy")
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test("truncation ends in … and never exceeds the width")
    func truncation() {
        #expect(TextFit.truncate("provision-customer-resources", to: 10) == "provision…")
        #expect(TextFit.truncate("short", to: 10) == "short")
        #expect(TextFit.truncate("完成完成", to: 4) == "完…")
        #expect(DisplayWidth.of(TextFit.truncate("完成完成", to: 4)) <= 4)
        #expect(TextFit.truncateMiddle("run_01jp4tx9q0abcdefghjk", to: 13) == "run_01…efghjk")
        #expect(TextFit.pad("ab", to: 4, alignment: .right) == "  ab")
        #expect(TextFit.truncate("anything", to: 0) == "")
        var buffer = CellBuffer(width: 20, height: 1)
        buffer.draw(StyledLine("abcdefghij", .text), x: 0, y: 0, width: 6)
        #expect(buffer.lines[0] == "abcde…")
    }

    @Test("an unchanged frame gives an empty diff")
    func emptyDiff() {
        var buffer = CellBuffer(width: 20, height: 3)
        buffer.put("hello 完", x: 1, y: 1, style: .text)
        let diff = BufferDiff(from: buffer, to: buffer)
        #expect(diff.isEmpty)
        #expect(diff.cellCount == 0)
    }

    @Test("a diff holds only the changed cells; a first frame or a resize redraws everything")
    func changedCellsOnly() {
        var old = CellBuffer(width: 20, height: 3)
        old.put("hello", x: 0, y: 0, style: .text)
        var new = old
        new.put("j", x: 0, y: 0, style: .text)
        new.put("!", x: 10, y: 2, style: CellStyle(.ui(.error)))
        let diff = BufferDiff(from: old, to: new)
        #expect(diff.spans.map(\.y) == [0, 2])
        #expect(diff.cellCount == 2)
        #expect(diff.spans[1].x == 10)
        #expect(BufferDiff(from: nil, to: new).isFullRedraw)
        #expect(BufferDiff(from: CellBuffer(width: 10, height: 3), to: new).isFullRedraw)
        var restyled = old
        restyled.setFill(.ui(.selection), x: 0, y: 0, width: 1)
        #expect(BufferDiff(from: old, to: restyled).cellCount == 1, "a style change is a change")
    }

    @Test("a changed wide character travels whole")
    func wideDiff() {
        var old = CellBuffer(width: 10, height: 1)
        old.put("a完b", x: 0, y: 0, style: .text)
        var new = old
        new.put("成", x: 1, y: 0, style: .text)
        let diff = BufferDiff(from: old, to: new)
        #expect(diff.spans.count == 1)
        #expect(diff.spans[0].x == 1)
        #expect(diff.spans[0].cells.count == 2)
        #expect(diff.spans[0].cells[1].isContinuation)
    }

    @Test("durations and clock times format compactly")
    func formatting() {
        #expect(Format.duration(0.85) == "850ms")
        #expect(Format.duration(2.34) == "2.3s")
        #expect(Format.duration(42) == "42s")
        #expect(Format.duration(245) == "4m05s")
        #expect(Format.duration(7_380) == "2h03m")
        #expect(Format.clock(Fixtures.now, utcOffset: 3600) == "13:00:00")
        #expect(Format.dateTime(Fixtures.now, utcOffset: 0) == "2025-03-14 12:00:00")
        #expect(Format.count(48_213) == "48,213")
    }

    @Test("JSON pretty-prints with roles and folds by path")
    func jsonLines() {
        let text = #"{"a": [1, true, null], "b": {"c": "完"}}"#
        let lines = JSONLines.lines(for: text, folded: [])
        #expect(
            lines.map(\.plainText) == [
                "{", "  \"a\": [", "    1,", "    true,", "    null", "  ],", "  \"b\": {", "    \"c\": \"完\"", "  }",
                "}",
            ])
        #expect(lines[2].segments.first?.role == .number)
        #expect(lines[1].foldPath == "$.a")
        let folded = JSONLines.lines(for: text, folded: ["$.a"])
        #expect(folded[1].plainText == "  \"a\": […],  3 items")
        #expect(JSONLines.lines(for: "not json", folded: []).map(\.plainText) == ["not json"])
        #expect(JSONValue.parse(#"{"a": }"#) == nil)
    }
}
