import Console
import Foundation
import JobStore
import Testing

/// 10,000 characters pasted into every kind of text field: each keeps what its field takes, says on screen
/// when it cut the rest, and draws the part around the cursor. (How fast is `stackshift bench`'s question.)
@Suite("Text fields: 10,000 pasted characters are taken or cut with a message, and drawn around the cursor")
struct LongPasteTests {
    /// 10,000 characters, ending in a marker so the screen shows whether the end of the text is drawn.
    static let paste = String(repeating: "0123456789", count: 999) + "abcdefEND!"

    /// The status line (the row above the hint bar).
    static func statusLine(_ state: ConsoleState) -> String {
        let lines = ConsoleRenderer.render(state).lines
        return lines[lines.count - 2]
    }

    @Test("the runs filter takes 1,024 bytes, the store's search limit, and says the rest was left out")
    func runsFilter() throws {
        var state = Fixtures.runsState(width: 120, height: 30)
        state.press("/")
        state.type(Self.paste)
        let input = try #require(state.input)
        #expect(input.value.text == String(Self.paste.prefix(InputLimit.search.bytes)))
        #expect(input.value.refusedCount == 10_000 - 1_024)
        let status = Self.statusLine(state)
        #expect(status.contains("search text cut at its limit, 1,024 bytes: 8,976 characters left out"))
        #expect(status.hasPrefix("/…"), "the start of the text is scrolled out, so the cursor at its end shows")
        #expect(status.contains("0123456789012"))
        #expect(state.visibleRuns.isEmpty, "nothing matches, and nothing traps")
        let effects = state.press(.enter)
        #expect(state.filterText.utf8.count == 1_024)
        #expect(effects == [.loadRuns(state.currentRunsQuery)])
    }

    @Test("the state prefix, the waits filter and the command line are cut at their limits too")
    func otherLines() throws {
        for (view, key, limit) in [
            (ConsoleView.state, Character("/"), FieldLimit.keyPrefix), (.waits, "/", .nameFilter),
            (.events, ":", .commandLine),
        ] {
            var state = Fixtures.operationsState(view, width: 100, height: 30)
            state.press(key)
            state.type(Self.paste)
            let input = try #require(state.input)
            #expect(input.limit == limit)
            #expect(input.value.text.utf8.count == limit.bytes)
            #expect(Self.statusLine(state).contains("\(limit.name) cut at its limit"))
            state.press(.backspace)
            #expect(input.value.refusedCount > 0 && state.input?.value.refusedCount == 0, "deleting makes room")
        }
    }

    @Test("a 10,000-character payload is taken whole, drawn from the cursor, and sent as typed")
    func payloadField() throws {
        var state = Fixtures.operationsState(.events, width: 100, height: 30)
        state.press("s")
        #expect(state.form?.focus == ConsoleForm.EventField.payload)
        state.press(.control("u"))
        let payload = "[" + String(repeating: "1,", count: 4_998) + "2,\"END\"]"
        state.type(payload)
        let field = try #require(state.form?.fields[ConsoleForm.EventField.payload])
        #expect(field.value.text == payload && field.value.isCursorAtEnd && field.notice == nil)
        let screen = state.screen
        #expect(screen.contains("…"), "the start of the text is scrolled out")
        #expect(screen.contains("1,1,1,1,1,2,\"END\"]"), "the field shows the end of the text, where the cursor is")

        // In the middle: the field scrolls to the cursor there.
        state.press(.left)
        for _ in 0..<5_000 { state.press(.left) }
        state.type("XYZ")
        let middle = try #require(state.form?.fields[ConsoleForm.EventField.payload]).value.text
        let typed = try #require(middle.range(of: "XYZ"))
        #expect(middle.utf8.count == payload.utf8.count + 3)
        let before = middle[middle.index(typed.lowerBound, offsetBy: -30)..<typed.upperBound]
        #expect(state.screen.contains(String(before)), "the field scrolled to the cursor in the middle")

        state.press(.backspace)
        state.press(.backspace)
        state.press(.backspace)
        let effects = state.press(.enter)
        let sent = try #require(effects.first)
        guard case .write(.sendEvent(_, _, let json)) = sent else {
            Issue.record("expected the event to be sent, got \(effects)")
            return
        }
        #expect(json == payload)
    }

    @Test("the event name and key take 1,024 bytes and say so beside their label; wide characters count bytes")
    func nameAndKeyFields() throws {
        var state = Fixtures.operationsState(.events, width: 100, height: 30)
        state.press("s")
        state.press(.up)
        state.press(.up)
        state.press(.control("u"))
        state.type(String(repeating: "完", count: 10_000))
        let name = try #require(state.form?.fields[ConsoleForm.EventField.name])
        #expect(name.value.text == String(repeating: "完", count: 341), "341 three-byte characters fit in 1,024")
        #expect(state.screen.contains("✘ event name cut at its limit, 1,024 bytes"))
        state.press(.tab)
        state.press(.control("u"))
        state.type(Self.paste)
        let key = try #require(state.form?.fields[ConsoleForm.EventField.key])
        #expect(key.value.text.utf8.count == 1_024 && key.notice?.contains("correlation key") == true)
    }

    @Test("the TTL field takes 64 characters, then refuses the duration with the field's name and range")
    func ttlField() throws {
        var state = Fixtures.operationsState(.state, width: 100, height: 30)
        state.press("T")
        state.type(String(repeating: "9", count: 10_000))
        let field = try #require(state.form?.fields.first)
        #expect(field.value.text.count == 64 && field.value.refusedCount == 10_000 - 64)
        #expect(state.press(.enter).isEmpty, "nothing is written")
        let error = try #require(state.form?.error)
        #expect(error.hasPrefix("Expires in: 9999") && error.contains("from 1ms to 36500d"))
    }
}
