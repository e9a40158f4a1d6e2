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
            if event.bstate & ss_BUTTON4_PRESSED != 0 { return .key(.wheelUp) }
            if event.bstate & ss_BUTTON5_PRESSED != 0 { return .key(.wheelDown) }
            return nil
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        default:
            for number in 1...12 where code == ss_KEY_F(Int32(number)) { return .key(.function(number)) }
            return nil
        }
    }

    /// A key from a character code: control characters become named keys or `^letter`.
    static func decodeCharacter(_ code: UInt32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
