import Foundation
import JobStore

extension ConsoleState {
    /// `s`: the send-event form, prefilled from the why panel's run, the selected wait, the open waiting run,
    /// or the selected event.
    mutating func openSendEventForm() -> [ConsoleEffect] {
        if let panel = why {
            guard let run = panel.run ?? knownRun(panel.runId), run.wait?.eventName != nil else {
                showFlash("\(panel.runId) does not wait for an event", kind: .info)
                return []
            }
            why = nil
            form = prefilledForm(for: run)
            return []
        }
        switch currentView {
        case .waits:
            guard let run = selectedWait else {
                showFlash("No waiting run selected", kind: .info)
                return []
            }
            guard run.wait?.eventName != nil else {
                showFlash("\(run.id) sleeps until a time; no event wakes it", kind: .info)
                return []
            }
            form = prefilledForm(for: run)
        case .run:
            guard let run = targetRun else { return [] }
            guard run.status == .waiting, run.wait?.eventName != nil else {
                showFlash(
                    "\(run.id) is \(run.status.rawValue), not waiting for an event; s sends the event a wait needs",
                    kind: .info)
                return []
            }
            form = prefilledForm(for: run)
        case .events where eventsFocus == .rejected:
            guard let delivery = selectedRejectedWebhook else {
                showFlash("No rejected delivery selected", kind: .info)
                return []
            }
            form = prefilledForm(for: delivery)
        case .events:
            guard let event = selectedEvent else {
                showFlash("No event selected", kind: .info)
                return []
            }
            form = .sendEvent(
                name: event.name, key: event.key, payloadJSON: JSONValue.compact(event.payloadJSON),
                note: "Copied from event #\(event.id), received "
                    + Format.moment(event.receivedAt, now: now, utcOffset: utcOffsetSeconds) + ".")
        default:
            form = .sendEvent(name: "", key: "", payloadJSON: "{}", note: nil)
        }
        return []
    }

    /// A form with the wait's name and key. The payload is copied from a near-miss event whose key differs
    /// only in case or whitespace (the event meant for this run, mangled on the way); a key one character
    /// off may belong to another payment or user, so its payload is never copied. Else `{}`.
    func prefilledForm(for run: RunRecord) -> ConsoleForm {
        let name = run.wait?.eventName ?? ""
        let key = run.wait?.eventKey ?? ""
        var note =
            "For \(run.id) (\(run.job)), waiting "
            + Format.duration(now.timeIntervalSince(run.wait?.since ?? run.createdAt)) + "."
        var payload = "{}"
        let sameKey: Set<NearMiss> = [.letterCase, .whitespace, .caseAndWhitespace]
        let nearMiss = shown.unconsumedEvents.first { event in
            NearMiss.classify(waitName: name, waitKey: key, eventName: event.name, eventKey: event.key)
                .map(sameKey.contains) ?? false
        }
        if let nearMiss {
            payload = JSONValue.compact(nearMiss.payloadJSON)
            note += " Payload copied from event #\(nearMiss.id), sent with key \(Self.quotedKey(nearMiss.key))."
        }
        return .sendEvent(name: name, key: key, payloadJSON: payload, note: note)
    }

    /// Validates the form and sends: an empty name or invalid JSON is refused in the form, and nothing is sent.
    mutating func submitSendEvent() -> [ConsoleEffect] {
        guard var current = form else { return [] }
        let name = current.fields[ConsoleForm.EventField.name].value.text.trimmingCharacters(in: .whitespaces)
        let key = current.fields[ConsoleForm.EventField.key].value.text
        let payload = current.fields[ConsoleForm.EventField.payload].value.text
        guard !name.isEmpty else {
            current.error = "The event name is empty: nothing was sent."
            current.focus = ConsoleForm.EventField.name
            form = current
            return []
        }
        switch JSONValidator.parse(payload) {
        case .failure(let error):
            current.error = "The payload is not valid JSON, at \(error.description). Nothing was sent."
            current.focus = ConsoleForm.EventField.payload
            current.fields[ConsoleForm.EventField.payload].value.moveCursor(
                to: Self.characterOffset(ofScalar: error.offset, in: payload))
            form = current
            return []
        case .success(let value):
            form = nil
            return request(.sendEvent(name: name, key: key, payloadJSON: value.compactText))
        }
    }

    /// A run the console has loaded, by id.
    func knownRun(_ id: RunID) -> RunRecord? {
        if let detail = shown.detail, detail.run.id == id { return detail.run }
        return (shown.waits ?? []).first { $0.id == id } ?? shown.runs.first { $0.id == id }
    }

    /// A key as shown in messages: quoted when it has surrounding whitespace or is empty.
    static func quotedKey(_ key: String) -> String {
        key.isEmpty || key != key.trimmingCharacters(in: .whitespacesAndNewlines) ? JSONLines.quoted(key) : key
    }

    /// The character offset of a Unicode scalar offset in a text.
    static func characterOffset(ofScalar offset: Int, in text: String) -> Int {
        var scalars = 0
        var characters = 0
        for character in text {
            if scalars >= offset { break }
            scalars += character.unicodeScalars.count
            characters += 1
        }
        return characters
    }
}
