import Foundation
import JobStore

/// One text field of a form: a label, grey text for when it is empty, and the text typed.
public struct FormField: Sendable, Hashable {
    /// The label above the field.
    public let label: String
    /// The text typed, with its cursor.
    public internal(set) var value: TextInput
    /// Grey text shown while the field is empty.
    public let placeholder: String
    /// The most the field takes, and its name in the message when typing is cut; nil takes any length.
    public let limit: FieldLimit?

    /// Creates a field with the cursor at the end of its text.
    public init(label: String, text: String = "", placeholder: String = "", limit: FieldLimit? = nil) {
        self.label = label
        value = TextInput(text, maximumBytes: limit?.bytes ?? TextInput.unlimited)
        self.placeholder = placeholder
        self.limit = limit
    }

    /// Why some of the text typed was not taken, or nil when all of it was.
    public var notice: String? {
        guard let limit, value.refusedCount > 0 else { return nil }
        return limit.cutMessage(refused: value.refusedCount)
    }
}

/// A small modal form: a title, fields moved between with Tab, and one action that Enter submits.
/// Bad input is refused with a message in the form, and nothing is done.
public struct ConsoleForm: Sendable, Hashable {
    /// What submitting does.
    public enum Kind: Sendable, Hashable {
        /// Send an event: fields name, key, payload.
        case sendEvent
        /// Set a state value's expiry: one field, a duration.
        case setTTL(StateEntry)
    }

    /// What submitting does.
    public var kind: Kind
    /// The title line.
    public var title: String
    /// The fields, top to bottom.
    public var fields: [FormField]
    /// The field typing goes to.
    public var focus = 0
    /// Where the values came from, or what the form does, under the title.
    public var note: String?
    /// Why the last submit was refused; cleared by typing.
    public var error: String?
    /// The submit button's label.
    public var submitLabel: String

    /// Creates a form focused on a field.
    public init(
        kind: Kind, title: String, fields: [FormField], focus: Int = 0, note: String? = nil, submitLabel: String
    ) {
        self.kind = kind
        self.title = title
        self.fields = fields
        self.focus = min(max(0, focus), max(0, fields.count - 1))
        self.note = note
        self.submitLabel = submitLabel
    }

    /// The send-event form's field indices.
    public enum EventField {
        /// The event name.
        public static let name = 0
        /// The correlation key.
        public static let key = 1
        /// The JSON payload.
        public static let payload = 2
    }

    /// A send-event form with its fields filled in, focused on the first empty field (or the payload).
    public static func sendEvent(name: String, key: String, payloadJSON: String, note: String?) -> ConsoleForm {
        let fields = [
            FormField(label: "Event name", text: name, placeholder: "payment.confirmed", limit: .eventName),
            FormField(label: "Correlation key", text: key, placeholder: "pay_123", limit: .eventKey),
            FormField(label: "Payload (JSON)", text: payloadJSON, placeholder: "{\"ok\": true}", limit: .payload),
        ]
        let focus = fields.firstIndex { $0.value.text.isEmpty } ?? EventField.payload
        return ConsoleForm(
            kind: .sendEvent, title: "Send event", fields: fields, focus: focus, note: note, submitLabel: "Send")
    }
}

/// The "why is this run not moving?" panel: asked for, then answered (or failed).
public struct WhyPanel: Sendable, Hashable {
    /// The run asked about.
    public var runId: RunID
    /// The run as the console had it, for prefilling a send-event form from its wait.
    public var run: RunRecord?
    /// The answer, once it arrived.
    public var diagnosis: RunDiagnosis?
    /// Why asking failed.
    public var error: String?
    /// Whether the store answered that retention deleted the run: nothing is left to explain.
    public var isPruned = false
    /// The first visible line.
    public var scroll = 0

    /// Creates a panel waiting for its answer.
    public init(runId: RunID, run: RunRecord?) {
        self.runId = runId
        self.run = run
    }

    /// Whether the run waits for an event, so `s` can send it.
    public var waitsForEvent: Bool {
        if let diagnosis { return diagnosis.reason == .waitingForEvent && run?.wait?.eventName != nil }
        return run?.status == .waiting && run?.wait?.eventName != nil
    }
}
