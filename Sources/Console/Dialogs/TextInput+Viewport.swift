/// The part of a text field that fits its columns, scrolled so the cursor shows.
public struct TextViewport: Sendable, Hashable {
    /// The characters shown, left to right.
    public var characters: [Character]
    /// Which of `characters` the cursor is on; `characters.count` when it is after the last one.
    public var cursor: Int
    /// Whether text before the first character shown is scrolled out of view.
    public var isClippedLeft: Bool
}

extension TextInput {
    /// The most characters a viewport looks at either side of the cursor, per column: zero-width characters
    /// (combining marks, joiners) take no column, so columns alone would not bound the walk.
    static let viewportCharactersPerColumn = 4

    /// The characters to show in `width` columns: as much as fits before the cursor, leaving two columns
    /// for the character under the cursor, then what follows it.
    ///
    /// Walks only the characters it shows, from the cursor outwards, so drawing a field costs the same for
    /// ten characters as for ten million.
    public func viewport(width: Int) -> TextViewport {
        guard width > 0 else { return TextViewport(characters: [], cursor: 0, isClippedLeft: false) }
        let steps = width * Self.viewportCharactersPerColumn + 8
        let budget = max(0, width - 2)
        var start = cursorIndex
        var before = 0
        var used = 0
        while start > text.startIndex, before < steps {
            let previous = text.index(before: start)
            let columns = DisplayWidth.of(text[previous])
            if used + columns > budget { break }
            used += columns
            start = previous
            before += 1
        }
        var characters: [Character] = []
        var columns = 0
        var index = start
        while index < text.endIndex, characters.count < before + steps {
            let character = text[index]
            let cellWidth = DisplayWidth.of(character)
            if columns + cellWidth > width { break }
            characters.append(character)
            columns += cellWidth
            index = text.index(after: index)
        }
        return TextViewport(characters: characters, cursor: before, isClippedLeft: start > text.startIndex)
    }
}
