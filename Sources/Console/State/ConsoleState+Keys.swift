extension ConsoleState {
    /// The keymap the console runs on.
    public var keymap: Keymap { .standard }

    /// What a read-only console says of commands that change data: the help overlay's title and the refusal.
    static let readOnlyNote = "read-only: every action that changes data is off"

    /// A key press. The keymap names the command in the active scopes; a read-only console refuses a dangerous
    /// command here, the one place that checks; then the command's group picks its handler. A printable key
    /// bound to nothing is typed into the text being edited.
    mutating func handle(_ key: Key) -> [ConsoleEffect] {
        guard let binding = keymap.binding(for: key, in: activeScopes) else {
            if let character = key.typedCharacter { typeIntoText(character) }
            return []
        }
        let command = binding.command
        guard !(readOnly && command.isDangerous) else {
            showFlash(Self.readOnlyRefusal(key: key, summary: binding.summary), kind: .info)
            return []
        }
        switch command {
        case .view(let command):
            return why != nil && !showsHelp ? performWhy(command) : perform(command)
        case .edit(let edit):
            editText(edit)
            return []
        case .input(let command):
            return performInput(command)
        case .form(let command):
            return performForm(command)
        case .dialog(let command):
            return performDialog(command)
        }
    }

    /// What a read-only console says when a write key is pressed: the key, what it would do, and why it
    /// does not: `read-only: r (retry the run) is disabled (opened with --read-only)`.
    static func readOnlyRefusal(key: Key, summary: String) -> String {
        // The summary's own note in brackets ("asks first") is about the writable console.
        let action = summary.components(separatedBy: " (").first ?? summary
        let lowered = action.prefix(1).lowercased() + action.dropFirst()
        return "read-only: \(key.label) (\(lowered)) is disabled (opened with --read-only)"
    }

    /// Types a character into the text being edited; a confirm dialog over it takes no typing.
    mutating func typeIntoText(_ character: Character) {
        guard dialog == nil else { return }
        editFocusedText(changingText: true) { $0.insert(character) }
    }

    /// An edit key, in the focused form field or the filter or command line.
    mutating func editText(_ edit: TextEdit) {
        editFocusedText(changingText: edit.changesText) { $0.apply(edit) }
    }

    /// Changes the text being edited: the focused form field, else the filter or command line. When the text
    /// may have changed, a form's refusal message and the command line's completions go, since they were about
    /// the old text; the filter narrows the rows as it is typed.
    ///
    /// The form or line is taken out of the state while it changes, so the text has one owner and is edited
    /// in place: with a second reference, every key would copy the whole text, and a long paste would take
    /// quadratic time.
    private mutating func editFocusedText(changingText: Bool, _ change: (inout TextInput) -> Void) {
        if var current = form {
            guard current.fields.indices.contains(current.focus) else { return }
            form = nil
            change(&current.fields[current.focus].value)
            if changingText { current.error = nil }
            form = current
        } else if var line = input {
            input = nil
            change(&line.value)
            if changingText { line.completions = [] }
            input = line
            if line.purpose == .filter { keepSelectionAfterFilterChange() }
            if line.purpose == .sectionSearch, changingText { searchAsTyped() }
        }
    }
}
