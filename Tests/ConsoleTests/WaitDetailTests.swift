import Console
import Foundation
import JobStore
import Testing

/// The waits view's detail of the selected wait, drawn in the rows the waiting-runs table leaves free.
@Suite("Waits view: selected wait detail")
struct WaitDetailTests {
    static let database = ["--db", "/srv/stack shift/jobs.sqlite"]

    /// A run waiting for `payment.confirmed` key `pay_123` for 8 minutes; an event with key `PAY_123` came.
    static let payment = Fixtures.run(
        "pay0000001", job: "provisionCustomer", queue: "payments", status: .waiting, created: 600,
        wait: WaitCondition(
            step: "await-payment", eventName: "payment.confirmed", eventKey: "pay_123", until: Fixtures.later(3_120),
            since: Fixtures.ago(480)))
    /// A run waiting for `email.verified` key `user_7`, without a timeout and without near misses.
    static let email = Fixtures.run(
        "mail000002", job: "sendWelcome", queue: "emails", status: .waiting, created: 200,
        wait: WaitCondition(
            step: "await-click", eventName: "email.verified", eventKey: "user_7", since: Fixtures.ago(120)))
    /// The near miss: the right name, the key upper-cased on the way.
    static let nearMiss = Fixtures.event(412, "payment.confirmed", "PAY_123", received: 470)

    /// The console on the waits view with `waits` and `events` loaded (through the command line, which does not
    /// depend on the view keys' numbering).
    static func state(
        width: Int, height: Int, waits: [RunRecord], events: [EventRecord] = [], readOnly: Bool = false
    ) -> ConsoleState {
        var state = ConsoleState(
            width: width, height: height, now: Fixtures.now, readOnly: readOnly, storeLabel: "jobs.sqlite",
            databaseArguments: database)
        _ = state.reduce(.started)
        state.press(":")
        state.type("waits")
        state.press(.enter)
        _ = state.reduce(.waitsLoaded(waits, unconsumed: events, at: Fixtures.now))
        return state
    }

    /// The text of the columns `x..<x+width` of every row.
    static func region(_ buffer: CellBuffer, x: Int, width: Int) -> [String] {
        (0..<buffer.height).map { row in
            var line = ""
            for column in x..<min(buffer.width, x + width) where !buffer[column, row].isContinuation {
                line.append(buffer[column, row].grapheme)
            }
            return line
        }
    }

    /// The rows of the detail panel in the left pane (from its rule on), trailing spaces trimmed.
    static func panel(_ state: ConsoleState) -> [String] {
        let buffer = ConsoleRenderer.render(state)
        let width = state.layout.splitsSideBySide ? state.layout.leftPaneWidth : buffer.width
        let rows = region(buffer, x: 0, width: width).map {
            $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        guard let start = rows.firstIndex(where: { $0.hasPrefix("─ Selected wait ") }) else { return [] }
        let end = rows[start...].firstIndex(where: { $0.hasPrefix("─ Unconsumed events") }) ?? state.layout.statusRow
        return Array(rows[start..<end])
    }

    /// The command the panel shows on its `CLI` line and continuation lines, as one line.
    static func command(in panel: [String]) -> String? {
        guard let first = panel.firstIndex(where: { $0.hasPrefix(" CLI ") }) else { return nil }
        var words: [String] = []
        for line in panel[first...] {
            var text = String(line.dropFirst(12)).trimmingCharacters(in: .whitespaces)
            let continues = text.hasSuffix(" \\")
            if continues { text.removeLast(2) }
            words.append(text)
            if !continues { break }
        }
        return words.joined(separator: " ")
    }

    @Test("at 160×48 the detail shows the run, the key, the near miss and the quoted command")
    func detailAt160x48() throws {
        let state = Self.state(width: 160, height: 48, waits: [Self.payment, Self.email], events: [Self.nearMiss])
        #expect(state.selectedWait?.id == Self.payment.id, "the longest waiting run is selected first")
        let panel = Self.panel(state)
        try #require(!panel.isEmpty, "the panel is drawn under the table")
        let text = panel.joined(separator: "\n")
        #expect(text.contains(" Run        \(Self.payment.id)  provisionCustomer · queue payments"))
        #expect(text.contains(" Waits for  payment.confirmed  key pay_123  (step await-payment)"))
        #expect(text.contains(" Since      11:52:00 (8m00s ago) · times out in 52m00s (12:52:00)"))
        #expect(text.contains(" Near miss  ≈ event #412 key PAY_123 at 11:52:10 (7m50s ago): differs by case"))
        #expect(
            text.contains(" Fix        s  send payment.confirmed with key pay_123 (prefilled)  ·  w  why  ·  ⏎  open"))
        let expected = ShellCommand.stackshift(
            ["events", "send", "payment.confirmed", "--key", "pay_123", "--payload", "<JSON>"],
            databaseArguments: Self.database)
        #expect(expected.contains("'/srv/stack shift/jobs.sqlite'"), "the path with a space is quoted")
        #expect(Self.command(in: panel) == expected)
        // The panel stays in the left pane: the separator is intact on every body row.
        let buffer = ConsoleRenderer.render(state)
        let layout = state.layout
        for row in layout.bodyTop..<(layout.bodyTop + layout.bodyHeight) {
            #expect(buffer[layout.leftPaneWidth, row].grapheme == "│", "row \(row)")
        }
    }

    @Test("the keys the panel names do what it says: s sends the event prefilled, w explains the run")
    func keysAreReal() throws {
        var state = Self.state(width: 160, height: 48, waits: [Self.payment, Self.email], events: [Self.nearMiss])
        var sending = state
        sending.press("s")
        let form = try #require(sending.form, "s opens the send-event form")
        #expect(form.fields.prefix(2).map(\.value.text) == ["payment.confirmed", "pay_123"])
        state.press("w")
        #expect(state.why?.runId == Self.payment.id, "w explains the selected run")

        // Read-only: s changes data, so the panel does not offer it.
        let readOnly = Self.state(
            width: 160, height: 48, waits: [Self.payment], events: [Self.nearMiss], readOnly: true)
        let text = Self.panel(readOnly).joined(separator: "\n")
        #expect(text.contains(" Keys       w  why"))
        #expect(!text.contains("s  send"))
    }

    @Test("j moves the cursor and the detail follows it")
    func cursorChangesDetail() {
        var state = Self.state(width: 160, height: 48, waits: [Self.payment, Self.email], events: [Self.nearMiss])
        let before = Self.panel(state).joined(separator: "\n")
        state.press("j")
        #expect(state.selectedWait?.id == Self.email.id)
        let after = Self.panel(state).joined(separator: "\n")
        #expect(before.contains(Self.payment.id) && !before.contains(Self.email.id))
        #expect(after.contains(" Run        \(Self.email.id)  sendWelcome · queue emails"))
        #expect(after.contains(" Waits for  email.verified  key user_7  (step await-click)"))
        #expect(after.contains("never times out"))
        #expect(!after.contains("Near miss"), "the near miss is the other wait's")
        #expect(Self.command(in: Self.panel(state))?.contains("email.verified --key user_7") == true)
    }

    @Test("at 80×24 a list that fills the pane keeps all its rows, and the detail shows only with 8 rows free")
    func listKeepsPriorityAt80x24() {
        let waits = (0..<14).map { index in
            Fixtures.run(
                "fill\(String(format: "%06d", index))", job: "provisionCustomer", queue: "payments", status: .waiting,
                created: 900 - Double(index),
                wait: WaitCondition(
                    step: "await-payment", eventName: "payment.confirmed", eventKey: "pay_\(index % 3)",
                    since: Fixtures.ago(800 - Double(index))))
        }
        let full = Self.state(width: 80, height: 24, waits: waits)
        let screen = ConsoleRenderer.render(full).text
        // What the table showed before the detail existed: the first `mainPaneRows` lines of the list.
        let shownLines = full.waitLines.prefix(full.layout.mainPaneRows)
        let expectedRuns = shownLines.compactMap(\.runId)
        #expect(full.waitLines.count > full.layout.mainPaneRows, "the list fills the pane")
        let listed = waits.map(\.id).filter { screen.contains(TextFit.truncateMiddle($0, to: 14)) }
        #expect(listed.count == expectedRuns.count, "every row the pane has still lists a run")
        #expect(Set(listed) == Set(expectedRuns))
        #expect(!screen.contains("Selected wait"))

        // Seven free rows: no detail. Eight: the detail, and the list is whole.
        let seven = Self.state(width: 80, height: 24, waits: [waits[0], waits[3]])
        #expect(seven.layout.mainPaneRows - seven.waitLines.count == 7)
        #expect(Self.panel(seven).isEmpty)
        let eight = Self.state(width: 80, height: 24, waits: [Self.payment])
        #expect(eight.layout.mainPaneRows - eight.waitLines.count == 8)
        let panel = Self.panel(eight)
        #expect(panel.count == 7, "the rule and six rows, up to the events pane")
        #expect(ConsoleRenderer.render(eight).text.contains(TextFit.truncateMiddle(Self.payment.id, to: 14)))
        #expect(Self.command(in: panel)?.hasSuffix("--payload '<JSON>'") == true, "the whole command, wrapped")
    }

    @Test("a hostile key (control characters, 5,000 characters) stays escaped and inside the pane")
    func hostileKey() throws {
        let hostileKey = "\u{1b}[2J\u{9b}31m\u{07}" + String(repeating: "k", count: 5_000)
        var hostile = Self.payment
        hostile.wait?.eventKey = hostileKey
        hostile.wait?.eventName = "payment.confirmed\u{1b}]0;owned\u{07}"
        for (width, height) in [(160, 48), (80, 24)] {
            let bad = Self.state(width: width, height: height, waits: [hostile])
            let good = Self.state(width: width, height: height, waits: [Self.payment])
            let badBuffer = ConsoleRenderer.render(bad)
            let goodBuffer = ConsoleRenderer.render(good)
            for row in 0..<badBuffer.height {
                for column in 0..<badBuffer.width {
                    let scalars = badBuffer[column, row].grapheme.unicodeScalars
                    #expect(
                        !scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                        "a control character at \(column),\(row)")
                }
            }
            let panel = Self.panel(bad)
            let text = panel.joined(separator: "\n")
            #expect(
                text.contains(#"key "\u001b[2J\u009b31m\u0007kkk"#),
                "ESC, CSI and BEL show as escapes, at \(width)×\(height)")
            // The layout holds: every line keeps its label, none wraps or is pushed out by the key.
            let labels = panel.dropFirst().map { String($0.prefix(12)).trimmingCharacters(in: .whitespaces) }
            #expect(labels.prefix(4) == ["Run", "Waits for", "Since", "Fix"], "at \(width)×\(height)")
            #expect(labels.contains("CLI"))
            #expect(panel.allSatisfy { DisplayWidth.of($0) <= (bad.layout.splitsSideBySide ? 96 : 80) })
            // Nothing outside the waits pane changed: the events pane and the status and hint rows are the same.
            let layout = bad.layout
            if layout.splitsSideBySide {
                let x = layout.leftPaneWidth
                #expect(
                    Self.region(badBuffer, x: x, width: width - x) == Self.region(goodBuffer, x: x, width: width - x))
            } else {
                let below = layout.bodyTop + layout.topPaneHeight
                #expect(Array(badBuffer.lines[below...]) == Array(goodBuffer.lines[below...]))
            }
        }
    }

    @Test("more near misses than rows: the panel says how many it leaves out and ends where the pane ends")
    func manyNearMissesStayInPane() throws {
        let key = "\u{1b}[2J" + String(repeating: "k", count: 5_000)
        var run = Self.payment
        run.wait?.eventKey = key
        let variants = [
            key.uppercased(), key + " ", key + "x", String(key.dropLast()), " " + key.uppercased(), key + "y",
        ]
        let events = variants.enumerated().map { index, variant in
            Fixtures.event(Int64(500 + index), "payment.confirmed", variant, received: 60 + Double(index))
        }
        for (width, height) in [(80, 24), (160, 48)] {
            let state = Self.state(width: width, height: height, waits: [run], events: events)
            #expect(state.waitGroups.first?.nearMisses.count == 6)
            let panel = Self.panel(state)
            let shown = panel.filter { $0.contains("≈ event #") }.count
            let buffer = ConsoleRenderer.render(state)
            let layout = state.layout
            if layout.splitsSideBySide {
                #expect(shown == 6, "room for all of them at \(width)×\(height)")
                let x = layout.leftPaneWidth
                let right = Self.region(buffer, x: x, width: width - x).joined(separator: "\n")
                // The events pane lists the keys too; the panel's own lines never reach it.
                #expect(!right.contains("≈ event #") && !right.contains("Near miss") && !right.contains("CLI"))
                for row in layout.bodyTop..<(layout.bodyTop + layout.bodyHeight) {
                    #expect(buffer[x, row].grapheme == "│", "row \(row)")
                }
            } else {
                #expect(panel.count == 7, "the rule and six rows, up to the events pane")
                let more = try #require(panel.first { $0.contains(" more; the events pane lists them") })
                #expect(more.contains("… \(6 - shown) more"))
                let eventsHeading = layout.bodyTop + layout.topPaneHeight
                #expect(buffer.lines[eventsHeading].hasPrefix("─ Unconsumed events"))
                for line in buffer.lines[eventsHeading...] {
                    #expect(!line.contains("≈ event #") && !line.contains(" more; ") && !line.contains(" CLI "))
                }
            }
        }
    }

    @Test("a durable sleep shows when it wakes, and no event to send")
    func sleepShowsWakeTime() {
        let sleep = Fixtures.run(
            "nap0000003", job: "nightlyReport", queue: "reports", status: .waiting, created: 90,
            wait: WaitCondition(step: "cool-off", until: Fixtures.later(540), since: Fixtures.ago(60)))
        let state = Self.state(width: 160, height: 48, waits: [sleep])
        let text = Self.panel(state).joined(separator: "\n")
        #expect(text.contains(" Sleeps     in step cool-off"))
        #expect(text.contains(" Since      11:59:00 (1m00s ago) · wakes at 12:09:00 (in 9m00s)"))
        #expect(text.contains(" Keys       w  why"))
        #expect(!text.contains("send") && !text.contains("CLI"), "no event wakes a sleep")
    }
}
