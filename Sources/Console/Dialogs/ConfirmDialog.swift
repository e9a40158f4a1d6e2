import JobStore

/// A change that waits for confirmation, or whose failure a flash message reports.
public enum PendingAction: Sendable, Hashable {
    /// Re-queue a failed or canceled run.
    case retry(RunID)
    /// Cancel an active run.
    case cancel(RunID)
    /// Send an event.
    case sendEvent(name: String, key: String, payloadJSON: String)
    /// Write a state value with compare-and-set.
    case writeState(StateWrite)
    /// Delete a state value if it is still at a version.
    case deleteState(key: String, version: Int64)
    /// Add to an integer state value.
    case incrementState(key: String, amount: Int64)
    /// Pause or resume a queue.
    case setQueuePaused(String, paused: Bool)
    /// Retry or cancel a set of runs.
    case bulk(BulkAction)
    /// Open `$EDITOR` again on a rejected edit.
    case editAgain(StateEditRequest)

    /// The run it concerns, for single-run actions.
    public var runId: RunID? {
        switch self {
        case .retry(let id), .cancel(let id): id
        default: nil
        }
    }

    /// What the action is, for a failure message (`Retry of run_…`, `Sending payment.confirmed`).
    public var summary: String {
        switch self {
        case .retry(let id): "Retry of \(id)"
        case .cancel(let id): "Cancel of \(id)"
        case .sendEvent(let name, let key, _): "Sending \(name) key \(key)"
        case .writeState(let write): write.purpose == .ttl ? "Setting the TTL of \(write.key)" : "Writing \(write.key)"
        case .deleteState(let key, _): "Deleting \(key)"
        case .incrementState(let key, _): "Incrementing \(key)"
        case .setQueuePaused(let queue, let paused): "\(paused ? "Pausing" : "Resuming") queue \(queue)"
        case .bulk(let action): "Bulk \(action.kind.verb) of \(action.runIds.count) runs"
        case .editAgain(let request): "Editing \(request.key)"
        }
    }
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
    public var action: PendingAction
    /// The button Enter presses.
    public var focus: Button

    /// Creates a dialog focused on its dismiss button.
    public init(
        title: String, message: String, details: [StyledLine] = [], dismissLabel: String = "Cancel",
        confirmLabel: String, action: PendingAction
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

/// What the text line is for.
public enum InputPurpose: Sendable, Hashable {
    /// The `/` filter.
    case filter
    /// The `:` command line.
    case command
}

/// A line of text being typed, with a cursor.
public struct TextInput: Sendable, Hashable {
    /// What the text is for.
    public var purpose: InputPurpose
    /// The text so far.
    public var text: String
    /// The cursor, as a character offset into `text`.
    public var cursor: Int
    /// Completions offered for the command being typed.
    public var completions: [String]
    /// The filter text before editing began, restored by Esc.
    public var original: String

    /// Creates an input line with the cursor at its end.
    public init(purpose: InputPurpose, text: String = "", original: String = "") {
        self.purpose = purpose
        self.text = text
        cursor = text.count
        completions = []
        self.original = original
    }

    /// Inserts a character at the cursor.
    public mutating func insert(_ character: Character) {
        let index = text.index(text.startIndex, offsetBy: min(cursor, text.count))
        text.insert(character, at: index)
        cursor += 1
    }

    /// Deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0, !text.isEmpty else { return }
        let index = text.index(text.startIndex, offsetBy: min(cursor, text.count) - 1)
        text.remove(at: index)
        cursor -= 1
    }

    /// Replaces the whole text, cursor at the end.
    public mutating func replace(with newText: String) {
        text = newText
        cursor = newText.count
    }
}
