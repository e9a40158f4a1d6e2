import Foundation
import JobStore

/// The events view's second list: the webhook deliveries `stackshift serve` refused (dead letters). A lost
/// webhook, a payment confirmation whose key was not where the webhook looked, shows here and nowhere else.
extension ConsoleState {
    /// The rejected deliveries shown, newest first, narrowed by the `/` filter (webhook, event or reason).
    public var visibleRejectedWebhooks: [RejectedWebhook] {
        let needle = effectiveFilter.lowercased()
        return (shown.rejectedWebhooks ?? []).filter { delivery in
            needle.isEmpty || delivery.webhook.lowercased().contains(needle)
                || delivery.eventName.lowercased().contains(needle) || delivery.reason.lowercased().contains(needle)
        }
    }

    /// The selected rejected delivery.
    public var selectedRejectedWebhook: RejectedWebhook? {
        guard let id = selectedListId(.rejected) else { return nil }
        return visibleRejectedWebhooks.first { String($0.id) == id }
    }

    /// Tab in the events view: the events, or the rejected deliveries, with the cursor keys moving that list.
    mutating func switchEventsPane() {
        eventsFocus = eventsFocus == .rejected ? .events : .rejected
        keepSelectionInView()
        if eventsFocus == .rejected, shown.rejectedWebhooks?.isEmpty == true {
            showFlash("No rejected webhook deliveries: every delivery became an event", kind: .info)
        }
    }

    /// `s` on a rejected delivery: the send-event form with its event name and, when it is JSON that fits, its
    /// body as the payload; the key is left for the engineer, since the delivery did not carry a usable one.
    func prefilledForm(for delivery: RejectedWebhook) -> ConsoleForm {
        let received = Format.moment(delivery.receivedAt, now: displayNow, utcOffset: utcOffsetSeconds)
        var note =
            "From delivery #\(delivery.id) to webhook \(delivery.webhook), refused \(received): "
            + TerminalText.escaped(delivery.reason) + "."
        var payload = "{}"
        if let text = String(validating: delivery.body, as: UTF8.self), JSONValue.parse(text) != nil {
            let compact = JSONValue.compact(text)
            if compact.utf8.count <= FieldLimit.payload.bytes {
                payload = compact
                note += " Payload copied from its body."
            } else {
                note += " Its body is larger than an event payload may be: not copied."
            }
        }
        return .sendEvent(name: delivery.eventName, key: "", payloadJSON: payload, note: note)
    }

    /// `y` on a rejected delivery: its body, when it is text, so it can be replayed or inspected elsewhere.
    mutating func copyRejectedBody() -> [ConsoleEffect] {
        guard let delivery = selectedRejectedWebhook else {
            showFlash("Nothing selected to copy", kind: .info)
            return []
        }
        guard let text = String(validating: delivery.body, as: UTF8.self) else {
            showFlash(
                "The body of delivery #\(delivery.id) is not text: `stackshift events list --rejected --json` has it "
                    + "in base64", kind: .info)
            return []
        }
        // The body itself stays out of the flash: it is whatever the sender sent.
        showFlash(
            "Copied the body of delivery #\(delivery.id) (\(Self.plural(delivery.body.count, "byte"))) to the clipboard",
            kind: .info)
        return [.copyToClipboard(text)]
    }
}
