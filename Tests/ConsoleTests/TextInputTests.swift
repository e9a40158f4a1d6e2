import Console
import Foundation
import JobStore
import Testing

@Suite("Text input: one editing model for the filter, the command line and form fields")
struct TextInputTests {
    @Test("insert, backspace and cursor moves work at the start, middle and end, never past either end")
    func editing() {
        var text = TextInput("ab")
        #expect(text.cursor == 2, "the cursor starts at the end")
        text.moveCursor(by: -1)
        text.insert("X")
        #expect(text.text == "aXb" && text.cursor == 2)
        text.deleteBackward()
        #expect(text.text == "ab" && text.cursor == 1)
        text.moveCursor(by: -5)
        #expect(text.cursor == 0, "stops at the start")
        text.deleteBackward()
        #expect(text.text == "ab", "backspace at the start deletes nothing")
        text.insert(">")
        #expect(text.text == ">ab")
        text.moveCursor(by: Int.max)
        #expect(text.cursor == 3, "stops at the end, without overflowing")
        text.moveCursor(to: -4)
        #expect(text.cursor == 0)
        text.moveCursor(to: 99)
        #expect(text.cursor == 3)
    }

    @Test("characters are whole graphemes: wide and combined characters move and delete as one")
    func graphemes() {
        var text = TextInput("导入e\u{301}")
        #expect(text.cursor == 3)
        text.deleteBackward()
        #expect(text.text == "导入")
        text.moveCursor(by: -1)
        text.insert("🇩🇪")
        #expect(text.text == "导🇩🇪入" && text.cursor == 2)
        #expect(text.beforeCursor == "导🇩🇪" && text.fromCursor == "入")
    }

    @Test("edit keys: each does what its name says, and only delete and clear change the text")
    func edits() {
        var text = TextInput("abc")
        text.apply(.moveLeft)
        text.apply(.moveLeft)
        #expect(text.cursor == 1)
        text.apply(.moveRight)
        #expect(text.cursor == 2)
        text.apply(.deleteBackward)
        #expect(text.text == "ac" && text.cursor == 1)
        text.apply(.clear)
        #expect(text.text.isEmpty && text.cursor == 0)
        text.replace(with: "new")
        #expect(text.text == "new" && text.cursor == 3)
        #expect(TextEdit.allCases.filter(\.changesText) == [.deleteBackward, .clear])
    }

    /// The same keys typed into the filter line, the command line and a form field.
    static func typeAndEdit(_ state: inout ConsoleState) {
        state.type("abcd")
        state.press(.left)
        state.press(.left)
        state.press(.backspace)
        state.type("X")
        state.press(.right)
        state.press(.control("h"))
    }

    @Test("the filter line, the command line and a form field edit alike under the same keys")
    func everyEditableTextEditsAlike() throws {
        var filter = Fixtures.runsState()
        filter.press("/")
        Self.typeAndEdit(&filter)
        var command = Fixtures.runsState()
        command.press(":")
        Self.typeAndEdit(&command)
        var form = Fixtures.operationsState(.events)
        form.press("s")
        form.press(.control("u"))
        Self.typeAndEdit(&form)
        let field = try #require(form.form.map { $0.fields[$0.focus].value })
        for value in [filter.input?.value, command.input?.value, field] {
            #expect(value?.text == "aXd" && value?.cursor == 2)
        }
        #expect(filter.effectiveFilter == "aXd", "the filter narrows the rows as it is typed")
        filter.press(.control("u"))
        #expect(filter.input?.value.text == "")
    }

    @Test("changing a form field clears its refusal; moving the cursor keeps it")
    func formRefusalClearsOnEdit() {
        var state = Fixtures.operationsState(.events)
        state.press("s")
        state.press(.control("u"))
        state.type("{")
        state.press(.enter)
        #expect(state.form?.error != nil, "invalid JSON is refused")
        state.press(.left)
        #expect(state.form?.error != nil, "a cursor move is not an edit")
        state.press(.backspace)
        #expect(state.form?.error == nil)
    }
}
