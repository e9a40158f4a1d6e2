import Console
import Foundation
import JobStore
import Testing

/// The events view's dead letters: the webhook deliveries `stackshift serve` rejected, behind Tab.
@Suite("Events view: rejected webhook deliveries")
struct RejectedWebhooksTests {
    @Test("the events view loads the rejected deliveries with the events, and counts them in its status line")
    func loadsWithEvents() {
        var state = Fixtures.state()
        #expect(state.press("5") == [.loadEvents], "one load answers both lists")
        _ = state.reduce(.eventsLoaded(Fixtures.events, at: Fixtures.now))
        #expect(!state.screen.contains("rejected webhook"), "nothing to say before they arrive")
        _ = state.reduce(.rejectedWebhooksLoaded(Fixtures.rejectedWebhooks, at: Fixtures.now))
        #expect(state.shown.rejectedWebhooks?.map(\.id) == [3, 2, 1])
        #expect(state.screen.contains("8 events · 3 rejected webhooks (Tab) · 5 unconsumed"), "\(state.screen)")
        #expect(state.press(.control("r")) == [.loadEvents], "a reload reads them again")
    }

    @Test("Tab shows the rejected deliveries and back; the cursor moves in them and stays on its delivery")
    func toggleAndSelection() {
        var state = Fixtures.operationsState(.events)
        state.press("j")
        #expect(state.selectedEvent?.id == 47)
        #expect(state.press(.tab).isEmpty)
        #expect(state.eventsFocus == .rejected && state.focusedListKind == .rejected)
        #expect(state.selectedRejectedWebhook?.id == 3, "the newest first")
        state.press("j")
        #expect(state.selectedRejectedWebhook?.id == 2)
        state.press("G")
        #expect(state.selectedRejectedWebhook?.id == 1)
        state.press("k")
        // A reload in another order keeps the cursor on its delivery, not on its row.
        _ = state.reduce(.rejectedWebhooksLoaded(Array(Fixtures.rejectedWebhooks.reversed()), at: Fixtures.now))
        #expect(state.selectedRejectedWebhook?.id == 2)
        #expect(state.selectedEvent?.id == 47, "the events keep their own cursor")
        state.press(.backTab)
        #expect(state.eventsFocus == .events && state.selectedEvent?.id == 47)
        state.press(.tab)
        state.press("/")
        state.type("github")
        #expect(state.visibleRejectedWebhooks.map(\.id) == [2], "/ matches webhook, event and reason")
        state.press(.enter)
        state.press(.escape)
        #expect(state.visibleRejectedWebhooks.count == 3, "Esc clears the filter")
    }

    @Test("on a rejected delivery: Enter and d explain themselves, s prefills its event, y copies its body")
    func actions() throws {
        var state = Fixtures.operationsState(.events)
        state.press(.tab)
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.message.contains("sent no event") == true)
        #expect(state.press("d").isEmpty && state.dialog == nil, "a rejected delivery is no event to delete")
        #expect(!state.hintBar.contains("delete") && !state.hintBar.contains("open"))
        #expect(
            state.press("y") == [.copyToClipboard(String(decoding: Fixtures.rejectedWebhooks[0].body, as: UTF8.self))])
        #expect(state.flash?.message == "Copied the body of delivery #3 (132 bytes) to the clipboard")

        #expect(state.press("s").isEmpty)
        let form = try #require(state.form)
        #expect(form.fields.map(\.value.text).prefix(2) == ["payment.confirmed", ""])
        #expect(
            form.fields[2].value.text
                == JSONValue.compact(String(decoding: Fixtures.rejectedWebhooks[0].body, as: UTF8.self)))
        #expect(form.focus == ConsoleForm.EventField.key, "the key is what the delivery lacked")
        #expect(form.note?.contains("From delivery #3 to webhook stripe") == true, "\(form.note ?? "")")
        state.press(.escape)

        state.press("G")
        state.press("s")
        #expect(state.form?.fields[2].value.text == "{}", "a body that is not JSON is not copied")
        #expect(state.form?.note?.contains("\u{1B}") == false, "the reason is escaped in the note")

        var readOnly = Fixtures.operationsState(.events, readOnly: true)
        readOnly.press(.tab)
        #expect(readOnly.press("s").isEmpty && readOnly.form == nil)
        #expect(readOnly.eventsFocus == .rejected, "Tab changes no data: read-only keeps it")
    }

    @Test("Tab on no rejected deliveries says so; a click selects a delivery, a second click on it does nothing")
    func emptyAndClick() {
        var empty = Fixtures.state()
        empty.press("5")
        _ = empty.reduce(.rejectedWebhooksLoaded([], at: Fixtures.now))
        empty.press(.tab)
        #expect(empty.flash?.message == "No rejected webhook deliveries: every delivery became an event")
        #expect(empty.screen.contains("No rejected deliveries"))

        var state = Fixtures.operationsState(.events)
        state.press(.tab)
        // The list's first row is under the pane heading and the column titles.
        #expect(state.reduce(.clicked(x: 10, y: state.layout.bodyTop + 3)).isEmpty)
        #expect(state.selectedRejectedWebhook?.id == 2)
        #expect(state.reduce(.clicked(x: 10, y: state.layout.bodyTop + 3)).isEmpty)
    }

    @Test("the keymap documents Tab in the events view, in the hint bar and in help")
    func documented() {
        let binding = Keymap.standard.binding(for: .tab, in: [.events, .global])
        #expect(binding?.command == .view(.switchPane) && binding?.hint == "rejected")
        let help = Keymap.standard.helpSections(readOnly: true, first: .events)
        #expect(help.first?.scope == .events)
        #expect(
            help.first?.bindings.contains { $0.summary.contains("rejected webhook deliveries (dead letters)") } == true)
        #expect(Fixtures.operationsState(.events).hintBar.contains("Tab rejected"))
    }

    @Test("the rejected deliveries at 80×24 and 160×48 match their snapshots; escapes show, never reach the screen")
    func snapshots() throws {
        for (width, height) in [(80, 24), (160, 48)] {
            var state = Fixtures.operationsState(.events, width: width, height: height)
            state.press(.tab)
            Snapshot.assertMatches(ConsoleRenderer.render(state), named: "events-rejected-\(width)x\(height)")
            state.press("G")
            let frame = ConsoleRenderer.render(state)
            Snapshot.assertMatches(frame, named: "events-rejected-escaped-\(width)x\(height)")
            #expect(frame.text.contains(#"\u{1B}]0;pwned\u{7}_9\u{9B}31m"#), "\(frame.text)")
            let control = frame.text.unicodeScalars.first {
                $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
            }
            #expect(control == nil, "a control character reached the screen")
        }
    }
}
