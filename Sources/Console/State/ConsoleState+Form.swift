import Foundation
import JobStore

extension ConsoleState {
    /// Tab, Enter and Esc in a form (editing keys go to ``editText(_:)``).
    mutating func performForm(_ command: FormCommand) -> [ConsoleEffect] {
        guard var current = form, !current.fields.isEmpty else { return [] }
        switch command {
        case .cancel:
            form = nil
            return []
        case .submit:
            return submitForm()
        case .nextField:
            current.focus = (current.focus + 1) % current.fields.count
        case .previousField:
            current.focus = (current.focus + current.fields.count - 1) % current.fields.count
        }
        form = current
        return []
    }

    /// Enter in a form: validates, then either refuses with a message in the form or closes it and acts.
    mutating func submitForm() -> [ConsoleEffect] {
        guard let current = form else { return [] }
        switch current.kind {
        case .sendEvent: return submitSendEvent()
        case .setTTL(let entry): return submitTTL(entry)
        }
    }
}
