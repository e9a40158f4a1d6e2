/// What the text line is for.
public enum InputPurpose: Sendable, Hashable {
    /// The `/` filter.
    case filter
    /// The `:` command line.
    case command
}

/// The `/` filter or `:` command line being typed, in the status line.
public struct InputLine: Sendable, Hashable {
    /// What the text is for.
    public let purpose: InputPurpose
    /// The text and its cursor.
    public internal(set) var value: TextInput
    /// Completions offered for the command being typed; they go once the text changes.
    public internal(set) var completions: [String] = []
    /// The filter text before editing began: accepting it unchanged reloads nothing.
    public let original: String

    /// Creates a line holding `text`, cursor at its end.
    public init(purpose: InputPurpose, text: String = "") {
        self.purpose = purpose
        value = TextInput(text)
        original = text
    }
}
