/// Text being typed, with a cursor: the one editing model behind the `/` filter, the `:` command line and
/// every form field, so a key edits text the same way wherever it is typed.
///
/// The cursor is a character offset, kept within `0...text.count` by every operation.
public struct TextInput: Sendable, Hashable {
    /// The text so far.
    public private(set) var text: String
    /// The cursor, as a character offset into `text`: 0 before the first character, `text.count` at the end.
    public private(set) var cursor: Int

    /// Creates text with the cursor at its end.
    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// The text before the cursor.
    public var beforeCursor: Substring { text.prefix(cursor) }

    /// The text from the cursor on.
    public var fromCursor: Substring { text.dropFirst(cursor) }

    /// Inserts a character at the cursor and moves the cursor past it.
    public mutating func insert(_ character: Character) {
        text.insert(character, at: text.index(text.startIndex, offsetBy: cursor))
        cursor += 1
    }

    /// Deletes the character before the cursor; nothing at the start.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
        cursor -= 1
    }

    /// Moves the cursor by characters, stopping at either end.
    public mutating func moveCursor(by delta: Int) {
        moveCursor(to: cursor.addingClamped(delta))
    }

    /// Puts the cursor at a character offset, clamped to the text.
    public mutating func moveCursor(to offset: Int) {
        cursor = min(max(0, offset), text.count)
    }

    /// Replaces the whole text, cursor at the end.
    public mutating func replace(with newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies an edit key.
    public mutating func apply(_ edit: TextEdit) {
        switch edit {
        case .deleteBackward: deleteBackward()
        case .moveLeft: moveCursor(by: -1)
        case .moveRight: moveCursor(by: 1)
        case .clear: replace(with: "")
        }
    }
}
