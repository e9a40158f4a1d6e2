/// What a key does, grouped by where it acts. The keymap maps keys to commands; the reducer hands each
/// group to its own handler, after the one read-only guard has looked at ``isDangerous``.
public enum KeyCommand: Sendable, Hashable {
    /// A command on what the view shows: moving, opening, switching views, actions on the selection; also
    /// the help overlay and the why panel, which sit over the view.
    case view(ViewCommand)
    /// An edit of the text being typed: the filter or command line, or a form's focused field.
    case edit(TextEdit)
    /// The filter or command line as a whole: apply, abandon, complete.
    case input(InputCommand)
    /// A form as a whole: move between fields, submit, close.
    case form(FormCommand)
    /// A confirm dialog: switch buttons, press, dismiss.
    case dialog(DialogCommand)

    /// Whether the command changes data. A read-only console refuses it, and the hint bar and help leave it
    /// out. Forms and confirm dialogs only open from dangerous commands, so their commands need no flag.
    public var isDangerous: Bool {
        if case .view(let command) = self { return command.isDangerous }
        return false
    }
}

/// An edit of text being typed, with the same meaning in the filter line, the `:` line and form fields.
public enum TextEdit: Sendable, Hashable, CaseIterable {
    /// Delete the character before the cursor.
    case deleteBackward
    /// Move the cursor one character left.
    case moveLeft
    /// Move the cursor one character right.
    case moveRight
    /// Remove all the text.
    case clear

    /// Whether the edit can change the text (not only the cursor): a form's refusal message and the
    /// command line's completions go when it does.
    public var changesText: Bool {
        switch self {
        case .deleteBackward, .clear: true
        case .moveLeft, .moveRight: false
        }
    }
}

/// A command on the filter or `:` line as a whole.
public enum InputCommand: Sendable, Hashable, CaseIterable {
    /// Apply the filter, or run the command.
    case accept
    /// Abandon the text.
    case cancel
    /// Complete the command being typed.
    case complete
}

/// A command on an open form as a whole.
public enum FormCommand: Sendable, Hashable, CaseIterable {
    /// Focus the next field.
    case nextField
    /// Focus the previous field.
    case previousField
    /// Submit: validate, then refuse with a message or close and act.
    case submit
    /// Close without doing anything.
    case cancel
}

/// A command on an open confirm dialog.
public enum DialogCommand: Sendable, Hashable, CaseIterable {
    /// Move focus to the other button.
    case switchFocus
    /// Press the focused button.
    case press
    /// Close without doing anything.
    case dismiss
}
