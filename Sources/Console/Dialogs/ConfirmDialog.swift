/// What confirming a dialog does.
public enum ConfirmAction: Sendable, Hashable {
    /// Hand a write to the effect runner: the write itself, as it will be carried out.
    case write(ConsoleWrite)
    /// Open `$EDITOR` again on a rejected edit.
    case editAgain(StateEditRequest)
}

/// A modal question before a dangerous action. Focus starts on the dismiss button, so a reflexive
/// Enter does nothing harmful.
public struct ConfirmDialog: Sendable, Hashable {
    /// The dialog's buttons.
    public enum Button: Sendable, Hashable {
        /// Close without doing anything (the default).
        case dismiss
        /// Carry out the action.
        case confirm
    }

    /// The title line.
    public var title: String
    /// What will happen, in a sentence or two.
    public var message: String
    /// Lines shown under the message, such as a diff; the dialog grows to show them.
    public var details: [StyledLine]
    /// The dismiss button's label.
    public var dismissLabel: String
    /// The confirm button's label.
    public var confirmLabel: String
    /// What confirming does.
    public var action: ConfirmAction
    /// The button Enter presses.
    public var focus: Button

    /// Creates a dialog focused on its dismiss button.
    public init(
        title: String, message: String, details: [StyledLine] = [], dismissLabel: String = "Cancel",
        confirmLabel: String, action: ConfirmAction
    ) {
        self.title = title
        self.message = message
        self.details = details
        self.dismissLabel = dismissLabel
        self.confirmLabel = confirmLabel
        self.action = action
        focus = .dismiss
    }
}
