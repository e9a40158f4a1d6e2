import Foundation
import JobStore

extension ConsoleState {
    /// Types a character into the focused form field; a refused submit's message goes once typing resumes.
    mutating func typeIntoForm(_ character: Character) {
        guard var current = form, current.fields.indices.contains(current.focus) else { return }
        current.fields[current.focus].insert(character)
        current.error = nil
        form = current
    }

    /// Commands while a form is open.
    mutating func performForm(_ command: ConsoleCommand) -> [ConsoleEffect] {
        guard var current = form, !current.fields.isEmpty else { return [] }
        switch command {
        case .formCancel:
            form = nil
            return []
        case .formSubmit:
            return submitForm()
        case .formNext:
            current.focus = (current.focus + 1) % current.fields.count
        case .formPrevious:
            current.focus = (current.focus + current.fields.count - 1) % current.fields.count
        case .inputDeleteBackward:
            current.fields[current.focus].deleteBackward()
            current.error = nil
        case .inputLeft:
            current.fields[current.focus].moveCursor(by: -1)
        case .inputRight:
            current.fields[current.focus].moveCursor(by: 1)
        case .inputClear:
            current.fields[current.focus].replace(with: "")
            current.error = nil
        default:
            return []
        }
        form = current
        return []
    }

    /// Enter in a form: validates, then either refuses with a message in the form or closes it and acts.
    mutating func submitForm() -> [ConsoleEffect] {
        guard let current = form else { return [] }
        // A read-only console never opens forms; this guards the path all the same.
        guard !readOnly else {
            form = nil
            return []
        }
        switch current.kind {
        case .sendEvent: return submitSendEvent()
        case .setTTL(let entry): return submitTTL(entry)
        }
    }
}
