import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: waits, events, state, schedules and workers views")
struct ReducerListViewsTests {
    @Test("number keys 4–8 open the views and load what they show")
    func numberKeys() {
        var state = Fixtures.state()
        #expect(state.press("4") == [.loadWaits])
        #expect(state.viewStack == [.waits])
        #expect(state.press("5") == [.loadEvents])
        #expect(state.press("6") == [.loadState(prefix: ""), .loadLocks(prefix: "")])
        #expect(state.press("7") == [.loadSchedules])
        #expect(state.press("8") == [.loadWorkers])
        #expect(state.currentView == .workers)
        #expect(state.press(.escape) == [.loadSchedules], "Esc goes back to the view shown before")
        for view in [ConsoleView.state, .events, .waits] {
            state.press(.escape)
            #expect(state.currentView == view)
        }
        #expect(
            state.press(.escape).contains(.loadQueues(finishedSince: Fixtures.ago(3600))),
            "and at last to the queues, where it started")
        #expect(state.currentView == .queues && state.viewHistory.isEmpty)
        #expect(state.press(.escape) == [.loadOverview(state.overviewQuery)], "with nothing before, Esc goes home")
        #expect(state.currentView == .overview)
        #expect(state.press(.escape).isEmpty, "and home has nothing before it")
    }

    @Test(": commands open the views, with completion; :state takes a prefix")
    func commands() {
        var state = Fixtures.state()
        state.press(":")
        state.press("w")
        state.press(.tab)
        #expect(state.input?.completions == ["waits", "workers", "why"])
        state.type("ai")
        state.press(.tab)
        #expect(state.input?.value.text == "waits")
        #expect(state.press(.enter) == [.loadWaits])
        state.press(":")
        state.type("state imports:")
        #expect(state.press(.enter) == [.loadState(prefix: "imports:"), .loadLocks(prefix: "imports:")])
        #expect(state.filterText == "imports:")
        for (command, view) in [("events", ConsoleView.events), ("schedules", .schedules), ("workers", .workers)] {
            state.press(":")
            state.type(command)
            state.press(.enter)
            #expect(state.currentView == view)
        }
    }

    @Test("waits group by event name and key, longest stuck first, sleeps last; near misses and early events found")
    func waitGroups() {
        let state = Fixtures.operationsState(.waits)
        let groups = state.waitGroups
        #expect(groups.map { $0.eventKey ?? "sleep" } == ["user_8812", "imp_42", "pay_123", "sleep"])
        #expect(groups[2].runs.map(\.id) == [Fixtures.waits[0].id, Fixtures.waits[1].id])
        #expect(groups[2].nearMisses.map(\.kind) == [.oneCharacter, .letterCase])
        #expect(groups[0].nearMisses.map(\.kind) == [.whitespace])
        #expect(groups[1].tooEarly.map(\.id) == [38])
        #expect(state.flag(for: Fixtures.unconsumedEvents[0]) == .unwanted)
        #expect(state.flag(for: Fixtures.unconsumedEvents[2]) == .nearMiss(.letterCase, waitKey: "pay_123"))
        #expect(state.flag(for: Fixtures.unconsumedEvents[4]) == .tooEarly(Fixtures.waits[3].id))
        #expect(state.screen.contains("≈ 2 near misses"))
    }

    @Test("the waits cursor skips group headings, stays on its run when data reloads, and Enter opens the run")
    func waitsCursor() {
        var state = Fixtures.operationsState(.waits)
        #expect(state.selectedWait?.id == Fixtures.waits[2].id)
        state.press("j")
        #expect(state.selectedWait?.id == Fixtures.waits[3].id)
        state.press("j")
        #expect(state.selectedWait?.id == Fixtures.waits[0].id)
        _ = state.reduce(.waitsLoaded(Array(Fixtures.waits.reversed()), unconsumed: [], at: Fixtures.now))
        #expect(state.selectedWait?.id == Fixtures.waits[0].id)
        #expect(state.press(.enter) == [.loadRunDetail(Fixtures.waits[0].id)])
        #expect(state.viewStack == [.waits, .run(Fixtures.waits[0].id)])
        #expect(state.press(.escape) == [.loadWaits])
        #expect(state.selectedWait?.id == Fixtures.waits[0].id)
        state.press("G")
        #expect(state.selectedWait?.id == Fixtures.waits[4].id)
    }

    @Test("/ narrows waits and events as you type")
    func filters() {
        var waits = Fixtures.operationsState(.waits)
        waits.press("/")
        waits.type("payment")
        #expect(waits.waitGroups.map(\.eventKey) == ["pay_123"])
        var events = Fixtures.operationsState(.events)
        events.press("/")
        events.type("PAY_")
        #expect(events.visibleEvents.map(\.id) == [44, 43, 41])
    }

    @Test("Enter on an event opens the run it resumed; on a schedule, the run it last started")
    func openFromLists() {
        var events = Fixtures.operationsState(.events)
        #expect(events.press(.enter) == [.loadRunDetail(Fixtures.runs[0].id)])
        var unconsumed = Fixtures.operationsState(.events)
        unconsumed.press("j")
        #expect(unconsumed.press(.enter).isEmpty)
        #expect(unconsumed.flash?.message == "No run consumed event #47 yet")
        var schedules = Fixtures.operationsState(.schedules)
        #expect(schedules.press(.enter) == [.loadRunDetail(Fixtures.runs[6].id)])
    }

    @Test("y copies the selected id in every view, and says what it copied")
    func copy() {
        var waits = Fixtures.operationsState(.waits)
        #expect(waits.press("y") == [.copyToClipboard(Fixtures.waits[2].id)])
        #expect(waits.flash?.message == "Copied \(Fixtures.waits[2].id) to the clipboard")
        var state = Fixtures.operationsState(.state)
        #expect(state.press("y") == [.copyToClipboard("feature-flags")])
        #expect(state.flash?.message == "Copied key feature-flags to the clipboard")
        var events = Fixtures.operationsState(.events)
        #expect(events.press("y") == [.copyToClipboard("ord_77")])
        var workers = Fixtures.operationsState(.workers)
        #expect(workers.press("y") == [.copyToClipboard("w-hooks-3")])
        var queues = Fixtures.state()
        #expect(queues.press("y") == [.copyToClipboard("emails")])
        #expect(queues.flash?.message == "Copied queue emails to the clipboard")
    }

    @Test("list views reload every two seconds, and waits also on changes")
    func liveReload() {
        var state = Fixtures.operationsState(.workers)
        #expect(state.reduce(.tick(now: Fixtures.later(1))) == [.pollChanges(after: 48_213)])
        _ = state.reduce(.changesArrived([], latestSequence: 48_213, runQueues: [:]))
        #expect(state.reduce(.tick(now: Fixtures.later(2.5))) == [.pollChanges(after: 48_213), .loadWorkers])
        var waits = Fixtures.operationsState(.waits)
        let entry = TimelineEntry(
            sequence: 48_214, runId: Fixtures.waits[0].id, at: Fixtures.now, kind: .eventReceived, status: .queued)
        _ = waits.reduce(.tick(now: Fixtures.later(0.25)))
        #expect(waits.reduce(.changesArrived([entry], latestSequence: 48_214, runQueues: [:])) == [.loadWaits])
    }

    @Test("a lock's expiry is shown whole, up to a day away, at both sizes", arguments: [(80, 24), (160, 48)])
    func lockExpiryWhole(width: Int, height: Int) {
        var state = Fixtures.operationsState(.state, width: width, height: height)
        let lock = LockRecord(
            key: "search-index:rebuild", owner: Fixtures.runs[11].id, acquiredAt: Fixtures.ago(60),
            expiresAt: Fixtures.now.addingTimeInterval(86_340))
        _ = state.reduce(.locksLoaded([lock], prefix: "", at: Fixtures.now))
        let screen = ConsoleRenderer.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("in 23h59m"), "\(screen)")
        #expect(screen.contains("search-index:rebuild "), "the key whole too: \(screen)")
    }

    @Test("workers: silent ones sort last and are flagged; runs in hand are counted per worker")
    func workers() {
        let state = Fixtures.operationsState(.workers)
        #expect(state.visibleWorkers.map(\.id) == ["w-hooks-3", "w-api-7f3c", "w-cron-01", "w-api-91aa"])
        let screen = state.screen
        #expect(screen.contains("8/8"))
        #expect(screen.contains("· silent") || screen.contains("○ 4m10s ago"))
        #expect(screen.contains("3 live workers · 1 silent"))
    }

    @Test("paused, a list opened after pausing still gets its first rows, then holds still")
    func pausedLists() {
        var state = Fixtures.state()
        state.press("p")
        state.press("6")
        _ = state.reduce(.stateLoaded(Fixtures.stateEntries, prefix: "", at: Fixtures.now))
        #expect(state.shown.stateEntries?.count == Fixtures.stateEntries.count)
        _ = state.reduce(.stateLoaded([], prefix: "", at: Fixtures.now))
        #expect(state.shown.stateEntries?.count == Fixtures.stateEntries.count, "the display holds still")
        #expect(state.live.stateEntries?.isEmpty == true)
    }
}
