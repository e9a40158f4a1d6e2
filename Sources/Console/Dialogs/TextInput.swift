/// Text being typed, with a cursor: the one editing model behind the `/` filter, the `:` command line and
/// every form field, so a key edits text the same way wherever it is typed.
///
/// Every edit costs time in proportion to the characters next to the cursor, never to the whole text, so a
/// paste of any length stays responsive: the cursor is kept as a UTF-8 offset (which a native string turns
/// into an index at once) rather than as a character count (which would walk the text from its start on
/// every key). The cursor always sits on a character boundary, within the text.
///
/// A text may have a most UTF-8 bytes it takes (``maximumBytes``): a character that would go over it is
/// refused and counted in ``refusedCount``, so the field can say the paste was cut instead of losing it
/// silently.
public struct TextInput: Sendable, Hashable {
    /// No limit on the length of the text.
    public static let unlimited = Int.max

    /// The text so far.
    public private(set) var text: String
    /// The cursor as a UTF-8 offset into `text`, always at a character boundary.
    private var cursorOffset: Int
    /// The most UTF-8 bytes typing may make the text; text given at creation or by ``replace(with:)`` is
    /// kept whole (it came from stored data, not from the keyboard).
    public let maximumBytes: Int
    /// Characters refused since the text last had room, because they would have made it longer than
    /// ``maximumBytes``.
    public private(set) var refusedCount = 0
    /// Whether the whole text is selected, as a recalled filter is: the next character typed replaces it and
    /// ⌫ clears it, while moving the cursor keeps it to be edited.
    public private(set) var isAllSelected = false

    /// Creates text with the cursor at its end.
    public init(_ text: String = "", maximumBytes: Int = TextInput.unlimited) {
        var text = text
        // A bridged or shared string would make every index computation walk it; a native copy never does.
        text.makeContiguousUTF8()
        self.text = text
        cursorOffset = text.utf8.count
        self.maximumBytes = max(0, maximumBytes)
    }

    /// The cursor, as a character offset into `text`: 0 before the first character, `text.count` at the end.
    ///
    /// Counts the characters before the cursor, so it costs time in proportion to them: for tests and
    /// messages, not for drawing.
    public var cursor: Int { text[..<cursorIndex].count }

    /// The cursor as an index into `text`.
    public var cursorIndex: String.Index { text.utf8.index(text.startIndex, offsetBy: cursorOffset) }

    /// The text before the cursor.
    public var beforeCursor: Substring { text[..<cursorIndex] }

    /// The text from the cursor on.
    public var fromCursor: Substring { text[cursorIndex...] }

    /// Whether the cursor is after the last character.
    public var isCursorAtEnd: Bool { cursorOffset == text.utf8.count }

    /// Inserts a character at the cursor and moves the cursor past it; refuses it, counting it in
    /// ``refusedCount``, when the text would grow past ``maximumBytes``.
    ///
    /// A character that joins its neighbour into one (a combining accent after a letter, the second half of
    /// a flag) leaves the cursor after the joined character.
    public mutating func insert(_ character: Character) {
        if isAllSelected { replace(with: "") }
        let added = character.utf8.count
        guard text.utf8.count <= maximumBytes - added else {
            refusedCount += 1
            return
        }
        let index = cursorIndex
        if index == text.endIndex {
            text.append(character)
        } else {
            text.unicodeScalars.insert(contentsOf: character.unicodeScalars, at: index)
        }
        cursorOffset = offset(of: boundary(atOrAfter: cursorOffset + added))
    }

    /// Deletes the character before the cursor; nothing at the start.
    ///
    /// When the characters either side then join into one, the cursor goes before the joined character.
    public mutating func deleteBackward() {
        if isAllSelected { return replace(with: "") }
        let index = cursorIndex
        guard index > text.startIndex else { return }
        let start = text.index(before: index)
        let startOffset = offset(of: start)
        text.removeSubrange(start..<index)
        cursorOffset = offset(of: boundary(atOrBefore: startOffset))
        refusedCount = 0
    }

    /// Moves the cursor by characters, stopping at either end; costs time in proportion to the characters
    /// passed, however large `delta` is.
    public mutating func moveCursor(by delta: Int) {
        isAllSelected = false
        var index = cursorIndex
        if delta > 0 {
            var remaining = delta
            while remaining > 0, index < text.endIndex {
                index = text.index(after: index)
                remaining -= 1
            }
        } else {
            var remaining = delta
            while remaining < 0, index > text.startIndex {
                index = text.index(before: index)
                remaining += 1
            }
        }
        cursorOffset = offset(of: index)
    }

    /// Puts the cursor at a character offset, clamped to the text.
    public mutating func moveCursor(to characterOffset: Int) {
        cursorOffset = 0
        moveCursor(by: max(0, characterOffset))
    }

    /// Replaces the whole text, cursor at the end. The new text is kept whole, even past ``maximumBytes``.
    public mutating func replace(with newText: String) {
        var newText = newText
        newText.makeContiguousUTF8()
        text = newText
        cursorOffset = newText.utf8.count
        refusedCount = 0
        isAllSelected = false
    }

    /// Selects the whole text (nothing when it is empty), so typing starts afresh.
    public mutating func selectAll() {
        isAllSelected = !text.isEmpty
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

    // MARK: Boundaries

    private func offset(of index: String.Index) -> Int {
        text.utf8.distance(from: text.startIndex, to: index)
    }

    /// The first character boundary at or after a UTF-8 offset.
    private func boundary(atOrAfter offset: Int) -> String.Index {
        let index = text.utf8.index(text.startIndex, offsetBy: min(max(0, offset), text.utf8.count))
        if let exact = index.samePosition(in: text) { return exact }
        // Inside a character: `index(after:)` rounds down to its start first, then steps over it.
        return text.index(after: index)
    }

    /// The last character boundary at or before a UTF-8 offset.
    private func boundary(atOrBefore offset: Int) -> String.Index {
        let index = text.utf8.index(text.startIndex, offsetBy: min(max(0, offset), text.utf8.count))
        if let exact = index.samePosition(in: text) { return exact }
        return text.index(before: text.index(after: index))
    }
}
