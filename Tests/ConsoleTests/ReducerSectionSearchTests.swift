import Console
import Foundation
import JobStore
import Testing

/// `/` inside a run's sections, then `n` and `N`: it jumps as it is typed, wraps and says so, goes back on Esc,
/// opens folded JSON to show a match, highlights every occurrence, and belongs to the run it was typed in.
@Suite("Reducer: searching inside a run's sections")
struct ReducerSectionSearchTests {
    /// The fixture run with 60 log lines: `tick N`, and `checkpoint K reached` on lines 5, 15, … 55.
    static var longLogDetail: RunDetail {
        var detail = Fixtures.detail
        let runId = detail.run.id
        detail.logs = (0..<60).map { (index: Int) -> LogRecord in
            let message = index % 10 == 5 ? "checkpoint \(index / 10 + 1) reached" : "tick \(index)"
            let at = Fixtures.ago(200 - Double(index))
            return LogRecord(
                id: Int64(index + 1), runId: runId, attempt: 1, step: "poll", level: .info, message: message, at: at)
        }
        return detail
    }

    /// The run view on the long logs (14 section rows at 80×24), following them, as a session opens it.
    static func logsState(readOnly: Bool = false) -> ConsoleState {
        var state = Fixtures.runState(readOnly: readOnly)
        let detail = longLogDetail
        _ = state.reduce(.runDetailLoaded(detail, runId: detail.run.id, at: Fixtures.now))
        state.press("l")
        return state
    }

    /// Types a search and keeps it.
    static func search(_ text: String, in state: inout ConsoleState) {
        state.press("/")
        state.press(.control("u"))
        state.type(text)
        state.press(.enter)
    }

    /// The status line (the row above the hint bar).
    static func statusLine(_ state: ConsoleState) -> String {
        let lines = ConsoleRenderer.render(state).lines
        return lines[lines.count - 2]
    }

    @Test("typing jumps to the first match at or after the position, and back as characters are deleted")
    func typingJumps() {
        var state = Self.logsState()
        state.press("g")
        #expect(state.runView.followLogs == false)
        state.press("/")
        #expect(state.input?.purpose == .sectionSearch)
        state.type("checkpoint 3")
        #expect(state.runView.search.matchLine[.logs] == 25)
        #expect(state.screen.contains("checkpoint 3 reached"))
        #expect(Self.statusLine(state).contains("match 1 of 1 · searches the Logs section"))
        state.press(.backspace)
        state.press(.backspace)
        #expect(state.runView.search.matchLine[.logs] == 5, "back to the first checkpoint from the top")
        #expect(state.runView.scroll[.logs] == 0)
        state.press(.enter)
        #expect(state.runView.search.text == "checkpoint")
        #expect(state.flash?.message == "match 1 of 6 for “checkpoint” · n next · N previous")
    }

    @Test("typing in a JSON section puts the cursor on the first matching line")
    func typingMovesJSONCursor() {
        var state = Fixtures.runState()
        state.press(.tab)
        #expect(state.runView.tab == .payload)
        state.press("/")
        state.type("SEATS")
        #expect(state.runView.cursor[.payload] == 6, "the line `\"seats\": 12,`, matched ignoring case")
    }

    @Test("n and N cycle through the matching lines, wrapping at either end and saying so")
    func nextAndPrevious() {
        var state = Self.logsState()
        state.press("g")
        Self.search("checkpoint", in: &state)
        for number in 2...6 {
            state.press("n")
            #expect(state.flash?.message == "match \(number) of 6")
            #expect(state.runView.search.matchLine[.logs] == (number - 1) * 10 + 5)
        }
        #expect(state.screen.contains("checkpoint 6 reached"))
        state.press("n")
        #expect(state.flash?.message == "match 1 of 6 · wrapped to the top")
        #expect(state.runView.search.matchLine[.logs] == 5)
        #expect(state.screen.contains("checkpoint 1 reached"))
        state.press("N")
        #expect(state.flash?.message == "match 6 of 6 · wrapped to the bottom")
        state.press("N")
        #expect(state.flash?.message == "match 5 of 6")
        #expect(state.runView.search.matchLine[.logs] == 45)
    }

    @Test("Esc cancels the search being typed and puts the section back where it stood, with the search before")
    func escapeRestores() {
        var state = Self.logsState()
        #expect(state.runView.followLogs)
        let before = state.screen
        state.press("/")
        state.type("checkpoint 1")
        #expect(!state.runView.followLogs)
        #expect(state.screen.contains("checkpoint 1 reached"))
        state.press(.escape)
        #expect(state.input == nil)
        #expect(state.runView.followLogs, "following again, as before the search")
        #expect(state.runView.search.text.isEmpty)
        #expect(state.screen == before)

        // In JSON the cursor, scroll and folds go back, and a kept search stays kept.
        var json = Fixtures.runState()
        json.press(.tab)
        json.press("z")
        Self.search("EUR", in: &json)
        let kept = json.runView
        json.press("/")
        json.press(.control("u"))
        json.type("beta")
        #expect(json.runView.folded[.payload] != kept.folded[.payload])
        json.press(.escape)
        #expect(json.runView == kept)
    }

    @Test("a search in the logs stops following them, so the match stays in view as lines arrive")
    func logsStopFollowing() {
        var state = Self.logsState()
        Self.search("checkpoint 2", in: &state)
        #expect(!state.runView.followLogs)
        #expect(state.runView.search.matchLine[.logs] == 15)
        #expect(state.screen.contains("checkpoint 2 reached"))
        _ = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(ConsoleState.flashSeconds + 1)))
        #expect(Self.statusLine(state).contains("not following"))
        var longer = Self.longLogDetail
        longer.logs += longer.logs.map {
            LogRecord(runId: $0.runId, attempt: 2, level: .info, message: "later", at: $0.at)
        }
        _ = state.reduce(.runDetailLoaded(longer, runId: longer.run.id, at: Fixtures.now))
        #expect(state.screen.contains("checkpoint 2 reached"))
    }

    @Test("a match inside folded JSON opens the containers around it, and only those")
    func unfoldsToShowMatch() throws {
        var state = Fixtures.runState()
        state.press(.tab)
        state.press("z")
        let folded = try #require(state.runView.folded[.payload])
        #expect(folded.isSuperset(of: ["$.customer", "$.customer.tags", "$.amount"]))
        #expect(!state.screen.contains("\"beta\""))
        Self.search("beta", in: &state)
        #expect(state.screen.contains("\"beta\""))
        let now = try #require(state.runView.folded[.payload])
        #expect(!now.contains("$.customer") && !now.contains("$.customer.tags"))
        #expect(now.contains("$.amount"), "containers without the match stay folded")
        let cursor = try #require(state.runView.cursor[.payload])
        let lines = JSONLines.lines(for: Fixtures.detail.run.payloadJSON, folded: now)
        #expect(lines[cursor].plainText.contains("\"beta\""))
        #expect(state.flash?.message == "match 1 of 1 for “beta” · n next · N previous")
    }

    @Test("every occurrence on screen is drawn in the match role, whatever its case")
    func highlightsMatches() throws {
        var state = Self.logsState()
        state.press("g")
        Self.search("TICK 1", in: &state)
        let frame = ConsoleRenderer.render(state)
        let row = try #require(frame.lines.firstIndex { $0.contains("tick 10") })
        let line = frame.lines[row]
        let start = line.distance(from: line.startIndex, to: try #require(line.range(of: "tick 1")).lowerBound)
        for x in start..<(start + 6) { #expect(frame[x, row].style.role == .ui(.match)) }
        #expect(frame[start + 6, row].style.role != .ui(.match), "the `0` of `tick 10` is not part of the match")
        #expect(frame[start - 1, row].style.role != .ui(.match))
        let matched = (0..<frame.height).filter { y in
            (0..<frame.width).contains { frame[$0, y].style.role == .ui(.match) }
        }
        let expected = frame.lines.indices.filter { frame.lines[$0].lowercased().contains("tick 1") }
        #expect(matched == expected.filter { $0 < frame.height - 2 }, "the section's matching lines and no others")
    }

    @Test("a search that matches nothing says so, while typing, on Enter and on n")
    func noMatch() {
        var state = Self.logsState()
        let before = state.runView
        state.press("/")
        state.type("zebra")
        #expect(Self.statusLine(state).contains("no match · searches the Logs section"))
        #expect(state.runView.scroll == before.scroll && state.runView.followLogs == before.followLogs)
        state.press(.enter)
        #expect(state.flash?.message == "no match for “zebra” in the Logs section")
        #expect(state.flash?.kind == .error)
        _ = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(ConsoleState.flashSeconds + 1)))
        state.press("n")
        #expect(state.flash?.message == "no match for “zebra” in the Logs section")
    }

    @Test("n without a search says how to start one; an empty search clears the kept one")
    func emptySearch() {
        var state = Self.logsState()
        state.press("n")
        #expect(state.flash?.message == "No search yet: / searches this section")
        Self.search("tick", in: &state)
        #expect(state.runView.search.text == "tick")
        Self.search("", in: &state)
        #expect(state.runView.search.text.isEmpty)
        #expect(state.flash?.message == "Search cleared")
    }

    @Test("the search survives a reload of the run and a change of section, where n searches the new one")
    func survivesReloadAndTabs() {
        var state = Fixtures.runState()
        state.press("l")
        Self.search("pay_123", in: &state)
        #expect(state.runView.search.matchLine[.logs] == 0)
        _ = state.reduce(.runDetailLoaded(Fixtures.detail, runId: Fixtures.detail.run.id, at: Fixtures.now))
        #expect(state.runView.search.text == "pay_123")
        state.press("n")
        #expect(state.flash?.message == "match 2 of 2")
        state.press(.tab)
        #expect(state.runView.tab == .timeline)
        state.press(.tab)
        #expect(state.runView.tab == .payload)
        #expect(state.runView.search.text == "pay_123")
        state.press("n")
        #expect(state.runView.cursor[.payload] == 1, "the line `\"paymentId\": \"pay_123\",`")
        #expect(state.flash?.message == "match 1 of 1")
    }

    @Test("another run's view starts without the search; going back to the same run keeps it")
    func searchBelongsToItsRun() throws {
        var state = Fixtures.runState()
        state.press("l")
        Self.search("workspace", in: &state)
        // Leaving by a view key keeps the search (Esc would clear it first, as it clears a filter).
        state.press("3")
        #expect(state.currentView.scope == .runs)
        state.press(.enter)
        #expect(state.runView.search.text == "workspace", "the same run again: its view is as it was")
        state.press("3")
        state.moveSelection(to: .run(Fixtures.runs[2].id))
        state.press(.enter)
        #expect(state.currentView == .run(Fixtures.runs[2].id))
        #expect(state.runView.search.text.isEmpty)
        #expect(state.runView.search.matchLine.isEmpty)
        var other = Fixtures.detail
        other.run = Fixtures.runs[2]
        _ = state.reduce(.runDetailLoaded(other, runId: other.run.id, at: Fixtures.now))
        state.press("l")
        let frame = ConsoleRenderer.render(state)
        let highlighted = (0..<frame.height).contains { y in
            (0..<frame.width).contains { frame[$0, y].style.role == .ui(.match) }
        }
        #expect(!highlighted)
    }

    @Test("a read-only console searches too: it writes nothing")
    func readOnlySearches() {
        var state = Self.logsState(readOnly: true)
        Self.search("checkpoint", in: &state)
        #expect(state.runView.search.text == "checkpoint")
        state.press("n")
        #expect(state.flash?.message.hasPrefix("match") == true)
    }

    @Test("/, n and N are in the help and the hint bar; n shows once there is a search")
    func keysAreListed() {
        var state = Fixtures.runState(width: 160, height: 48)
        state.press("l")
        #expect(state.hintBar.contains("/ search"))
        #expect(!state.hintBar.contains("n next match"))
        Self.search("workspace", in: &state)
        #expect(state.hintBar.contains("n next match"))
        _ = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(ConsoleState.flashSeconds + 1)))
        #expect(Self.statusLine(state).contains("search “workspace”: match 1 of 3 (n/N)"))
        let run = state.keymap.helpSections(readOnly: false, first: .run).first { $0.scope == .run }
        let commands = run?.bindings.map(\.command) ?? []
        #expect(commands.contains(.view(.startSearch)))
        #expect(commands.contains(.view(.nextMatch)) && commands.contains(.view(.previousMatch)))
        #expect(state.keymap.binding(for: .character("N"), in: [.run, .global])?.command == .view(.previousMatch))
    }

    @Test("the search line takes the store's search limit and says when a paste was cut")
    func inputLimit() throws {
        var state = Self.logsState()
        state.press("/")
        state.type(String(repeating: "x", count: 1_100))
        let input = try #require(state.input)
        #expect(input.limit == .sectionSearch)
        #expect(input.value.text.utf8.count == InputLimit.search.bytes)
        #expect(Self.statusLine(state).contains("search text cut at its limit"))
    }

    @Test("snapshot: the logs with every match highlighted and the match moved to marked")
    func snapshot() {
        var state = Fixtures.runState(width: 120, height: 30)
        state.press("l")
        Self.search("workspace", in: &state)
        Snapshot.assertMatchesWithStyles(ConsoleRenderer.render(state), named: "run-logs-search-120x30")
    }
}
