import CNCurses
import Console

extension Terminal {
    /// Waits up to `timeoutMilliseconds` for input; nil when none came.
    public func readInput(timeoutMilliseconds: Int32) -> TerminalInput? {
        wtimeout(window, timeoutMilliseconds)
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        if status == ERR { return nil }
        if status == ss_KEY_CODE_YES { return decodeKeyCode(Int32(value)) }
        return Self.decodeCharacter(UInt32(value)).map(TerminalInput.key)
    }

    private func decodeKeyCode(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_RESIZE:
            markResized()
            let (width, height) = size
            return .resized(width: width, height: height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            return Self.decodeMouse(event.bstate, x: Int(event.x), y: Int(event.y))
        default:
            return Self.decodeKey(code).map(TerminalInput.key)
        }
    }

    /// The mouse events the console asks for: the wheel, and the left button pressed. The release is asked
    /// for too, and ignored: without it ncurses holds a press back until the next input arrives, so a click
    /// would act one event late.
    static let mouseEvents: mmask_t = ss_BUTTON1_PRESSED | ss_BUTTON1_RELEASED | ss_BUTTON4_PRESSED | ss_BUTTON5_PRESSED

    /// A mouse event at cell (`x`, `y`): a wheel step, or a left-button press; nil for anything else (a
    /// release, another button, a cell off the screen).
    static func decodeMouse(_ buttonState: mmask_t, x: Int, y: Int) -> TerminalInput? {
        if buttonState & ss_BUTTON4_PRESSED != 0 { return .key(.wheelUp) }
        if buttonState & ss_BUTTON5_PRESSED != 0 { return .key(.wheelDown) }
        if buttonState & ss_BUTTON1_PRESSED != 0, x >= 0, y >= 0 { return .clicked(x: x, y: y) }
        return nil
    }

    /// The key for an ncurses key code (`KEY_UP`, `KEY_F(1)`, …); nil for codes the console has no use for.
    /// Resizes and mouse events need the live terminal and are decoded by the caller.
    static func decodeKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        default:
            for number in 1...12 where code == ss_KEY_F(Int32(number)) { return .function(number) }
            return nil
        }
    }

    /// A key from a character code: control characters become named keys, `^letter` or ^Space (NUL); the other
    /// control codes (^\ to ^_, the C1 range) are no key the console knows and are dropped, so they are never
    /// typed into a field as invisible characters.
    static func decodeCharacter(_ code: UInt32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        // ^Space sends NUL.
        case 0: return .control(" ")
        case 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
