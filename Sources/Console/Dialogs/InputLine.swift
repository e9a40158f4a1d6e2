/// What the text line is for.
public enum InputPurpose: Sendable, Hashable {
    /// The `/` filter.
    case filter
    /// The `:` command line.
    case command
    /// The `/` search inside a run view section.
    case sectionSearch
}

/// The `/` filter or search, or the `:` command line, being typed in the status line.
public struct InputLine: Sendable, Hashable {
    /// What the text is for.
    public let purpose: InputPurpose
    /// The text and its cursor.
    public internal(set) var value: TextInput
    /// Completions offered for the command being typed; they go once the text changes.
    public internal(set) var completions: [String] = []
    /// The filter text before editing began: accepting it unchanged reloads nothing.
    public let original: String
    /// The most the line takes, and its name in the message when typing is cut.
    public let limit: FieldLimit

    /// Creates a line holding `text`, cursor at its end, taking at most `limit` (by default the command
    /// line's, or the runs filter's).
    public init(purpose: InputPurpose, text: String = "", limit: FieldLimit? = nil) {
        self.purpose = purpose
        let limit = limit ?? (purpose == .command ? .commandLine : .runSearch)
        self.limit = limit
        value = TextInput(text, maximumBytes: limit.bytes)
        original = text
    }

    /// Why some of the text typed was not taken, or nil when all of it was.
    public var notice: String? {
        value.refusedCount > 0 ? limit.cutMessage(refused: value.refusedCount) : nil
    }
}
