extension Keymap {
    /// The filter and `:` line as a whole.
    static let inputBindings: [KeyBinding] = [
        KeyBinding([.enter], .input(.accept), hint: "apply", summary: "Apply", scopes: [.input]),
        KeyBinding([.escape], .input(.cancel), hint: "cancel", summary: "Abandon the text", scopes: [.input]),
        KeyBinding([.tab], .input(.complete), hint: "complete", summary: "Complete the command", scopes: [.input]),
    ]

    /// An open form as a whole.
    static let formBindings: [KeyBinding] = [
        KeyBinding(
            [.enter], .form(.submit), hint: "submit", summary: "Submit (bad input is refused)",
            scopes: [.form]),
        KeyBinding([.escape], .form(.cancel), hint: "cancel", summary: "Close without doing anything", scopes: [.form]),
        KeyBinding([.tab, .down], .form(.nextField), hint: "next field", summary: "Next field", scopes: [.form]),
        KeyBinding([.backTab, .up], .form(.previousField), summary: "Previous field", scopes: [.form]),
    ]

    /// Editing text, the same in the filter and `:` line and in form fields (one ``TextInput`` behind them all).
    static let editBindings: [KeyBinding] = [
        KeyBinding(
            [.backspace, .control("h")], .edit(.deleteBackward), summary: "Delete backwards", scopes: [.input, .form]),
        KeyBinding([.left], .edit(.moveLeft), summary: "Cursor left", scopes: [.input, .form]),
        KeyBinding([.right], .edit(.moveRight), summary: "Cursor right", scopes: [.input, .form]),
        KeyBinding([.control("u")], .edit(.clear), summary: "Clear the line", scopes: [.input, .form]),
    ]

    /// An open confirm dialog.
    static let dialogBindings: [KeyBinding] = [
        // Enter presses the focused button, which starts on the harmless one.
        KeyBinding(
            [.tab, .left, .right, .character("h"), .character("l")], .dialog(.switchFocus), hint: "switch",
            summary: "Move between buttons", scopes: [.dialog]),
        KeyBinding([.enter], .dialog(.press), hint: "press", summary: "Press the focused button", scopes: [.dialog]),
        KeyBinding(
            [.escape, .character("n"), .character("q")], .dialog(.dismiss), hint: "dismiss",
            summary: "Close without doing anything", scopes: [.dialog]),
    ]
}
