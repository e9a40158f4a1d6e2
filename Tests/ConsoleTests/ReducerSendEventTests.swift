import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: send event")
struct ReducerSendEventTests {
    /// The waits view with the cursor on the first `pay_123` wait.
    static func onPaymentWait() -> ConsoleState {
        var state = Fixtures.operationsState(.waits)
        state.moveSelection(to: .wait(Fixtures.waits[0].id))
        return state
    }

    @Test("s on a wait prefills name and key, and the payload of the near-miss event")
    func prefillFromWait() throws {
        var state = Self.onPaymentWait()
        #expect(state.press("s").isEmpty)
        let form = try #require(state.form)
        #expect(
            form.fields.map(\.value.text) == [
                "payment.confirmed", "pay_123", #"{"paymentId":"PAY_123","amount":4200}"#,
            ])
        #expect(form.focus == ConsoleForm.EventField.payload)
        #expect(form.note?.contains("Payload copied from event #41, sent with key PAY_123") == true)
        #expect(!(form.note?.contains("#44") ?? true), "a key one character off is another entity's: not copied")
        #expect(state.activeScopes == [.form])
    }

    @Test("typing goes into the focused field, never to view keys; Tab moves between fields")
    func typingStaysInForm() throws {
        var state = Self.onPaymentWait()
        state.press("s")
        state.press(.control("u"))
        state.type("q?1")
        #expect(!state.isQuitting && !state.showsHelp && state.currentView == .waits)
        #expect(state.form?.fields[2].value.text == "q?1")
        state.press(.tab)
        #expect(state.form?.focus == 0)
        state.press(.backTab)
        #expect(state.form?.focus == 2)
        state.press(.backspace)
        #expect(state.form?.fields[2].value.text == "q?")
    }

    @Test("invalid JSON is refused with the parser's message and position; nothing is sent")
    func invalidJSONRefused() throws {
        var state = Self.onPaymentWait()
        state.press("s")
        state.press(.control("u"))
        state.type(#"{"ok": true,, "n": 1}"#)
        let effects = state.press(.enter)
        #expect(effects.isEmpty, "nothing is sent")
        let form = try #require(state.form, "the form stays open")
        let error = try #require(form.error)
        #expect(error.contains("line 1, column 13"))
        #expect(error.contains("expected a quoted key after ','"))
        #expect(error.contains("found ','"))
        #expect(form.focus == ConsoleForm.EventField.payload)
        #expect(form.fields[2].value.cursor == 12, "the cursor sits on the problem")
        #expect(state.screen.contains("line 1, column 13"))
        state.type(" ")
        #expect(state.form?.error == nil, "typing clears the refusal")
    }

    @Test("an empty name is refused; nothing is sent")
    func emptyNameRefused() throws {
        var state = Self.onPaymentWait()
        state.press("s")
        state.press(.tab)
        state.press(.control("u"))
        #expect(state.form?.focus == 0)
        #expect(state.press(.enter).isEmpty)
        #expect(state.form?.error == "The event name is empty: nothing was sent.")
    }

    @Test("a valid form sends compact JSON and closes; the flash names the resumed runs")
    func sendAndFlash() throws {
        var state = Self.onPaymentWait()
        state.press("s")
        state.press(.control("u"))
        state.type(#"{ "paymentId": "pay_123" }"#)
        let effects = state.press(.enter)
        #expect(
            effects == [
                .write(.sendEvent(name: "payment.confirmed", key: "pay_123", payloadJSON: #"{"paymentId":"pay_123"}"#))
            ])
        #expect(state.flash?.message == "Sending payment.confirmed key pay_123…")
        #expect(state.form == nil)
        let event = EventRecord(
            id: 49, name: "payment.confirmed", key: "pay_123", payloadJSON: "{}", receivedAt: Fixtures.now,
            expiresAt: Fixtures.later(86_400), consumedBy: [Fixtures.waits[0].id, Fixtures.waits[1].id])
        let reload = state.reduce(
            .actionFinished(.eventSent(SendEventResult(event: event, resumed: event.consumedBy))))
        #expect(state.flash?.kind == .success)
        #expect(
            state.flash?.message
                == "Sent payment.confirmed key pay_123: resumed \(Fixtures.waits[0].id), \(Fixtures.waits[1].id)")
        #expect(reload == [.loadWaits])
        var nobody = event
        nobody.consumedBy = []
        _ = state.reduce(.actionFinished(.eventSent(SendEventResult(event: nobody, resumed: []))))
        #expect(state.flash?.message.contains("no run waits on it yet") == true)
    }

    @Test("Esc closes the form and sends nothing")
    func escCancels() {
        var state = Self.onPaymentWait()
        state.press("s")
        #expect(state.press(.escape).isEmpty)
        #expect(state.form == nil)
    }

    @Test("s in the run view of a waiting run prefills from its wait; other runs are refused")
    func fromRunView() {
        var state = Fixtures.runState()
        state.press("s")
        #expect(state.form?.fields.prefix(2).map(\.value.text) == ["payment.confirmed", "pay_123"])
        #expect(state.form?.fields[2].value.text == "{}", "no waits loaded here, so no near miss to copy")
        var running = Fixtures.runsState()
        running.press(.enter)
        _ = running.reduce(
            .runDetailLoaded(
                RunDetail(run: Fixtures.runs[0], attempts: [], steps: [], logs: [], timeline: []),
                runId: Fixtures.runs[0].id, at: Fixtures.now))
        #expect(!running.hintBar.contains("s send"), "the hint bar offers s only for a waiting run")
        running.press("s")
        #expect(running.form == nil)
        #expect(running.flash?.message.contains("not waiting for an event") == true)
    }

    @Test("s on an event copies it for sending again (say, with the key corrected)")
    func fromEvent() {
        var state = Fixtures.operationsState(.events)
        for _ in 0..<4 { state.press("j") }
        state.press("s")
        #expect(
            state.form?.fields.map(\.value.text) == [
                "payment.confirmed", "PAY_123", #"{"paymentId":"PAY_123","amount":4200}"#,
            ])
        #expect(state.form?.note?.contains("event #41") == true)
    }
}
