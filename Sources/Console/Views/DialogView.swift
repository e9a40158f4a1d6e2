/// The confirm dialog, centred, with its buttons; the focused button is marked ‹ › as well as coloured.
/// Details (a diff, the runs concerned) show under the message and widen the box.
enum DialogView {
    static func draw(_ dialog: ConfirmDialog, into buffer: inout CellBuffer) {
        let hasDetails = !dialog.details.isEmpty
        let width = min(hasDetails ? 96 : 64, buffer.width - 4)
        guard width >= 20 else { return }
        let message = TextFit.wrap(dialog.message, to: width - 6)
        let chrome = hasDetails ? 7 : 6
        let height = min(buffer.height - 2, message.count + chrome + dialog.details.count)
        let x = (buffer.width - width) / 2
        let y = max(1, (buffer.height - height) / 2)
        Box.draw(x: x, y: y, width: width, height: height, title: dialog.title, into: &buffer)
        let text = CellStyle(.ui(.dialog))
        let messageRows = min(message.count, max(0, height - chrome))
        for (offset, line) in message.prefix(messageRows).enumerated() {
            buffer.put(line, x: x + 3, y: y + 2 + offset, style: text)
        }
        if hasDetails {
            let top = y + 3 + messageRows
            let room = max(0, height - chrome - messageRows)
            let overflow = dialog.details.count > room
            let shown = overflow ? max(0, room - 1) : dialog.details.count
            for (offset, line) in dialog.details.prefix(shown).enumerated() {
                buffer.draw(line, x: x + 3, y: top + offset, width: width - 6)
            }
            if overflow, room > 0 {
                buffer.put(
                    "… \(dialog.details.count - shown) more lines", x: x + 3, y: top + shown,
                    style: CellStyle(.ui(.dim), fill: .ui(.dialog)))
            }
        }
        func button(_ label: String, focused: Bool) -> (String, CellStyle) {
            focused ? ("‹ \(label) ›", CellStyle(.ui(.buttonFocused))) : ("  \(label)  ", CellStyle(.ui(.button)))
        }
        let dismiss = button(dialog.dismissLabel, focused: dialog.focus == .dismiss)
        let confirm = button(dialog.confirmLabel, focused: dialog.focus == .confirm)
        let buttonsWidth = DisplayWidth.of(dismiss.0) + 3 + DisplayWidth.of(confirm.0)
        let buttonRow = y + height - 3
        var column = x + width - 3 - buttonsWidth
        column += buffer.put(dismiss.0, x: column, y: buttonRow, style: dismiss.1) + 3
        buffer.put(confirm.0, x: column, y: buttonRow, style: confirm.1)
        buffer.put(
            "Tab switches · ⏎ presses · Esc dismisses", x: x + 3, y: y + height - 2,
            style: CellStyle(.ui(.dim), fill: .ui(.dialog)))
    }
}

/// A form in a box: note, labelled fields (the focused one with a cursor), the refusal message, buttons.
enum FormView {
    static func draw(_ form: ConsoleForm, into buffer: inout CellBuffer) {
        let width = min(84, buffer.width - 4)
        guard width >= 24 else { return }
        let inner = width - 6
        let note = form.note.map { TextFit.wrap($0, to: inner) } ?? []
        let error = form.error.map { TextFit.wrap("✘ " + $0, to: inner) } ?? []
        var height = 2 + form.fields.count * 2 + 4
        if !note.isEmpty { height += note.count + 1 }
        if !error.isEmpty { height += error.count + 1 }
        height = min(height, buffer.height - 2)
        let x = (buffer.width - width) / 2
        let y = max(1, (buffer.height - height) / 2)
        Box.draw(x: x, y: y, width: width, height: height, title: form.title, into: &buffer)
        let fill: ThemeRole = .ui(.dialog)
        var row = y + 2
        for line in note {
            buffer.put(line, x: x + 3, y: row, style: CellStyle(.ui(.dim), fill: fill))
            row += 1
        }
        if !note.isEmpty { row += 1 }
        for (index, field) in form.fields.enumerated() {
            let focused = index == form.focus
            let labelWidth = buffer.put(
                (focused ? "▸ " : "  ") + field.label, x: x + 1, y: row,
                style: CellStyle(focused ? .ui(.accent) : .ui(.dim), fill: fill, emphasis: focused ? .bold : []))
            if let notice = field.notice {
                // Beside the label, so a cut paste is said where it happened, whatever the form's height.
                let room = inner + 2 - labelWidth - 2
                let text = TextFit.truncate("✘ " + notice, to: room)
                buffer.put(
                    text, x: x + 3 + inner - DisplayWidth.of(text), y: row,
                    style: CellStyle(.ui(.warning), fill: fill, emphasis: .bold))
            }
            drawField(field, focused: focused, x: x + 3, y: row + 1, width: inner, into: &buffer)
            row += 2
        }
        if !error.isEmpty {
            row += 1
            for line in error {
                buffer.put(line, x: x + 3, y: row, style: CellStyle(.ui(.error), fill: fill, emphasis: .bold))
                row += 1
            }
        }
        let cancel = ("  Cancel  ", CellStyle(.ui(.button)))
        let submit = ("‹ \(form.submitLabel) ›", CellStyle(.ui(.buttonFocused)))
        let buttonsWidth = DisplayWidth.of(cancel.0) + 3 + DisplayWidth.of(submit.0)
        var column = x + width - 3 - buttonsWidth
        column += buffer.put(cancel.0, x: column, y: y + height - 3, style: cancel.1) + 3
        buffer.put(submit.0, x: column, y: y + height - 3, style: submit.1)
        buffer.put(
            "Tab next field · ⏎ \(form.submitLabel.lowercased()) · Esc cancels", x: x + 3, y: y + height - 2,
            style: CellStyle(.ui(.dim), fill: fill), maxWidth: inner)
    }

    /// One input line, scrolled sideways so the cursor stays visible.
    static func drawField(_ field: FormField, focused: Bool, x: Int, y: Int, width: Int, into buffer: inout CellBuffer)
    {
        let style = CellStyle(.ui(.input))
        buffer.fill(x: x, y: y, width: width, height: 1, style: style)
        guard !field.value.text.isEmpty else {
            if focused { buffer.put(" ", x: x, y: y, style: style.with(.reverse)) }
            buffer.put(
                field.placeholder, x: x + (focused ? 1 : 0), y: y, style: CellStyle(.ui(.dim), fill: .ui(.input)),
                maxWidth: width - 1)
            return
        }
        TextFieldView.draw(field.value, focused: focused, x: x, y: y, width: width, style: style, into: &buffer)
    }
}
