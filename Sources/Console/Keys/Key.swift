/// A key press as the console understands it, decoded from the terminal by the backend.
public enum Key: Sendable, Hashable {
    /// A printable character (`j`, `G`, `/`, `完`).
    case character(Character)
    /// Control plus a letter, lowercase (`^L` is `.control("l")`).
    case control(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Enter or Return.
    case enter
    /// Escape.
    case escape
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace.
    case backspace
    /// Delete (forward).
    case delete
    /// A function key, F1 to F12.
    case function(Int)
    /// The mouse wheel turned up.
    case wheelUp
    /// The mouse wheel turned down.
    case wheelDown

    /// How the key is written in the hint bar and help.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .control(" "): "^Space"
        case .character(let character): String(character)
        case .control(let character): "^" + String(character).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "⏎"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "⌫"
        case .delete: "Del"
        case .function(let number): "F\(number)"
        case .wheelUp: "wheel↑"
        case .wheelDown: "wheel↓"
        }
    }

    /// Whether a key can be typed into a text field.
    public var typedCharacter: Character? {
        if case .character(let character) = self { return character }
        return nil
    }
}
