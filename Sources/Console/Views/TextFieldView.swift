/// One line of editable text, drawn through its viewport: scrolled so the cursor shows, with `…` where text
/// is scrolled out on the left. The filter line, the command line and form fields all draw through it.
enum TextFieldView {
    /// Draws `value` in `width` columns from `x`; a focused field shows its cursor as a reversed cell.
    /// Returns the column after the last cell drawn.
    @discardableResult
    static func draw(
        _ value: TextInput, focused: Bool, x: Int, y: Int, width: Int, style: CellStyle, into buffer: inout CellBuffer
    ) -> Int {
        guard width > 0 else { return x }
        let viewport = value.viewport(width: width)
        var column = x
        for (index, character) in viewport.characters.enumerated() {
            let isCursor = focused && index == viewport.cursor
            // A character that takes no column (a lone combining mark) would hide the cursor: show a cell.
            let shown = isCursor && DisplayWidth.of(character) == 0 ? " " : String(character)
            // Selected text is shown as selected: typing will replace it.
            let cellStyle =
                isCursor ? style.with(.reverse) : value.isAllSelected ? CellStyle(.ui(.selection)) : style
            column += buffer.put(shown, x: column, y: y, style: cellStyle, maxWidth: x + width - column)
        }
        if focused, viewport.cursor == viewport.characters.count, column < x + width {
            column += buffer.put(" ", x: column, y: y, style: style.with(.reverse))
        }
        if viewport.isClippedLeft {
            buffer.put(
                String(TextFit.ellipsis), x: x, y: y, style: CellStyle(.ui(.dim), fill: style.fill ?? .ui(.input)))
        }
        return column
    }
}
