import CNCurses
import Console
import Testing

@testable import ConsoleTerminal

@Suite("Key decoding: what a terminal's bytes and ncurses key codes become")
struct KeyDecodingTests {
    @Test(
        "control characters become the keys a person pressed",
        arguments: [
            (UInt32(10), Key.enter), (13, .enter), (27, .escape), (9, .tab), (8, .backspace), (127, .backspace),
            (0, .control(" ")),
        ])
    func namedControls(code: UInt32, key: Key) {
        #expect(Terminal.decodeCharacter(code) == key)
    }

    @Test("every other control code 1–26 is ^letter, its letter 96 above the code")
    func controlLetters() {
        // 8, 9, 10 and 13 are Backspace, Tab and Enter (^H, ^I, ^J, ^M): a terminal sends them for those keys.
        let named: Set<UInt32> = [8, 9, 10, 13]
        for code in UInt32(1)...26 where !named.contains(code) {
            let letter = Character(Unicode.Scalar(UInt8(code + 96)))
            #expect(Terminal.decodeCharacter(code) == .control(letter), "code \(code)")
        }
        #expect(Terminal.decodeCharacter(1) == .control("a"))
        #expect(Terminal.decodeCharacter(18) == .control("r"))
        #expect(Terminal.decodeCharacter(26) == .control("z"))
    }

    @Test(
        "the other control codes (^\\, ^], ^^, ^_ and the C1 range) are dropped, never typed into a field",
        arguments: [UInt32(28), 29, 30, 31, 0x80, 0x85, 0x9B, 0x9F])
    func otherControls(code: UInt32) {
        #expect(Terminal.decodeCharacter(code) == nil)
    }

    @Test(
        "printable characters, wide ones and emoji come through as typed",
        arguments: ["a", "Z", "0", " ", "~", "é", "完", "😀", "ß"])
    func printable(text: String) throws {
        let scalar = try #require(text.unicodeScalars.first)
        #expect(Terminal.decodeCharacter(scalar.value) == .character(Character(scalar)))
    }

    @Test(
        "a code that is no Unicode scalar (a surrogate, or past U+10FFFF) is dropped, not a crash",
        arguments: [UInt32(0xD800), 0xDFFF, 0x11_0000, UInt32.max])
    func invalidScalars(code: UInt32) {
        #expect(Terminal.decodeCharacter(code) == nil)
    }

    @Test("ncurses key codes for arrows, paging, editing and function keys become named keys")
    func keyCodes() {
        let expected: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_HOME, .home),
            (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_BTAB, .backTab),
            (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_ENTER, .enter),
        ]
        for (code, key) in expected {
            #expect(Terminal.decodeKey(code) == key, "key code \(code)")
        }
        for number in 1...12 {
            #expect(Terminal.decodeKey(ss_KEY_F(Int32(number))) == .function(number), "F\(number)")
        }
    }

    @Test("key codes the console has no use for decode to nothing")
    func unusedKeyCodes() {
        for code in [KEY_F0, ss_KEY_F(13), KEY_IC, KEY_SHOME, KEY_PRINT, KEY_MAX] {
            #expect(Terminal.decodeKey(code) == nil, "key code \(code)")
        }
    }

    @Test("the mouse wheel scrolls; a left press is a click at its cell; a release or another button does nothing")
    func mouse() {
        #expect(Terminal.decodeMouse(ss_BUTTON4_PRESSED, x: 3, y: 4) == .key(.wheelUp))
        #expect(Terminal.decodeMouse(ss_BUTTON5_PRESSED, x: 3, y: 4) == .key(.wheelDown))
        #expect(Terminal.decodeMouse(ss_BUTTON1_PRESSED, x: 3, y: 4) == .clicked(x: 3, y: 4))
        #expect(Terminal.decodeMouse(ss_BUTTON1_PRESSED, x: -1, y: 4) == nil, "a cell off the screen")
        #expect(Terminal.decodeMouse(ss_BUTTON1_RELEASED, x: 3, y: 4) == nil)
        // BUTTON3_PRESSED (NCURSES_MOUSE_MASK(3, 002)) is a function-like macro Swift cannot import.
        #expect(Terminal.decodeMouse(0o4000, x: 3, y: 4) == nil)
        #expect(Terminal.decodeMouse(0, x: 3, y: 4) == nil)
    }

    @Test("a terminal input turns into the console action it stands for")
    func actions() {
        guard case .key(.enter) = TerminalInput.key(.enter).action else {
            Issue.record("a key is a key action")
            return
        }
        guard case .resized(width: 100, height: 30) = TerminalInput.resized(width: 100, height: 30).action else {
            Issue.record("a resize is a resize action of the same size")
            return
        }
        guard case .clicked(x: 7, y: 2) = TerminalInput.clicked(x: 7, y: 2).action else {
            Issue.record("a click is a click action on the same cell")
            return
        }
    }
}
