import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: navigation, selection and live data")
struct ReducerNavigationTests {
    @Test("starting loads the first view and asks for the change feed's position")
    func startLoadsQueues() {
        var state = ConsoleState(now: Fixtures.now, firstView: .queues)
        let effects = state.reduce(.started)
        #expect(effects.contains(.pollChanges(after: nil)))
        #expect(effects.contains(.loadQueues(finishedSince: Fixtures.ago(3600))))
        #expect(state.currentView == .queues)
    }

    @Test("j/k move the queue cursor; Enter opens that queue's runs; Esc comes back to the same queue")
    func drillIntoQueue() {
        var state = Fixtures.state()
        _ = state.reduce(.key(.character("j")))
        #expect(state.selectedQueue == "imports")
        _ = state.reduce(.key(.down))
        #expect(state.selectedQueue == "payments")
        _ = state.reduce(.key(.character("k")))
        #expect(state.selectedQueue == "imports")
        let effects = state.reduce(.key(.enter))
        #expect(state.currentView == .runs(queue: "imports"))
        #expect(effects == [.loadRuns(RunQuery(queue: "imports", limit: 500))])
        let back = state.reduce(.key(.escape))
        #expect(state.currentView == .queues)
        #expect(state.selectedQueue == "imports")
        #expect(back.contains(.loadQueues(finishedSince: Fixtures.ago(3600))))
    }

    @Test("Enter on a run opens its detail, Esc returns to the list with the cursor on that run")
    func drillIntoRun() throws {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("G")))
        let last = try #require(state.visibleRuns.last?.id)
        #expect(state.selectedRunId == last)
        let effects = state.reduce(.key(.enter))
        #expect(state.currentView == .run(last))
        #expect(effects == [.loadRunDetail(last)])
        _ = state.reduce(.key(.escape))
        #expect(state.currentView == .runs(queue: nil))
        #expect(state.selectedRunId == last)
        _ = state.reduce(.key(.character("g")))
        #expect(state.selectedRunIndex == 0)
    }

    @Test("the cursor stays on the same run when new rows arrive above it and rows reorder")
    func cursorFollowsRunId() throws {
        var state = Fixtures.runsState()
        for _ in 0..<3 { _ = state.reduce(.key(.character("j"))) }
        let chosen = state.selectedRunId
        #expect(state.selectedRunIndex == 3)
        // Two new runs arrive on top, and the list comes back in another order.
        var newer = Fixtures.runs[0]
        newer.id = "run_zzzzzzzzzzzzzzzzzzzz"
        var newest = Fixtures.runs[0]
        newest.id = "run_zzzzzzzzzzzzzzzzzzzy"
        let reloaded = [newer, newest] + Fixtures.runs.reversed()
        _ = state.reduce(.runsLoaded(reloaded, query: state.currentRunsQuery, at: Fixtures.now))
        #expect(state.selectedRunId == chosen)
        #expect(state.selectedRunIndex == 5)
        let index = try #require(state.selectedRunIndex)
        #expect(state.visibleRuns[index].id == chosen)
    }

    @Test("when the selected run leaves the list, the cursor keeps its row")
    func cursorKeepsRowWhenRunVanishes() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("j")))
        _ = state.reduce(.key(.character("j")))
        let gone = state.selectedRunId
        let remaining = Fixtures.runs.filter { $0.id != gone }
        _ = state.reduce(.runsLoaded(remaining, query: state.currentRunsQuery, at: Fixtures.now))
        #expect(state.selectedRunIndex == 2)
        #expect(state.selectedRunId != gone)
    }

    @Test("an answer to an outdated query is ignored")
    func staleRunsIgnored() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("F")))
        let stale = RunQuery(limit: 500)
        _ = state.reduce(.runsLoaded([Fixtures.runs[0]], query: stale, at: Fixtures.now))
        #expect(state.shown.runs.count == Fixtures.runs.count)
    }

    @Test("number keys switch views: 1 the overview, 2 the queues, 3 the runs; :run opens the selected run")
    func numberKeys() {
        var state = Fixtures.state()
        _ = state.reduce(.key(.character("3")))
        #expect(state.currentView == .runs(queue: nil))
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        state.press(":")
        state.type("run")
        let effects = state.press(.enter)
        #expect(state.currentView == .run(Fixtures.runs[0].id))
        #expect(effects == [.loadRunDetail(Fixtures.runs[0].id)])
        _ = state.reduce(.key(.character("2")))
        #expect(state.viewStack == [.queues])
        _ = state.reduce(.key(.character("1")))
        #expect(state.viewStack == [.overview])
    }

    @Test("ticks poll the change feed without piling polls up; changes reload the view")
    func liveFollowsChangeFeed() {
        var state = Fixtures.runsState()
        let first = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(0.25)))
        #expect(first == [.pollChanges(after: 48_213)])
        let second = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(0.5)))
        #expect(second.isEmpty, "a poll is still out")
        let quiet = state.reduce(.changesArrived([], latestSequence: 48_213, runQueues: [:]))
        #expect(quiet.isEmpty)
        _ = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(0.75)))
        let entry = TimelineEntry(
            sequence: 48_214, runId: Fixtures.runs[4].id, at: Fixtures.now, kind: .completed, status: .completed)
        let reload = state.reduce(.changesArrived([entry], latestSequence: 48_214, runQueues: [:]))
        #expect(reload == [.loadRuns(state.currentRunsQuery)])
        #expect(state.lastSequence == 48_214)
        #expect(
            state.throughput.series(queue: "imports", now: Fixtures.now, length: 1) == [1],
            "finished runs feed the sparkline")
    }

    @Test("p freezes the display with a FROZEN banner while loading continues; p again shows the new data")
    func pauseFreezesDisplay() {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("p")))
        #expect(state.isPaused)
        #expect(ConsoleRenderer.render(state).lines[0].contains("FROZEN · p goes live"))
        #expect(!ConsoleRenderer.render(state).lines[0].contains("⏸"), "⏸ and PAUSED name a paused queue")
        let effects = state.reduce(.tick(now: Fixtures.now.addingTimeInterval(1)))
        #expect(effects.contains(.pollChanges(after: 48_213)), "loading continues while paused")
        var changed = Fixtures.runs
        changed[0].status = .completed
        _ = state.reduce(.runsLoaded(changed, query: state.currentRunsQuery, at: Fixtures.now))
        #expect(state.shown.runs[0].status == .running, "the display holds still")
        #expect(state.live.runs[0].status == .completed)
        _ = state.reduce(.key(.character("p")))
        #expect(!state.isPaused)
        #expect(state.shown.runs[0].status == .completed)
        #expect(!ConsoleRenderer.render(state).lines[0].contains("FROZEN"))
    }

    @Test("resizing changes the layout and keeps the cursor in view")
    func resizeKeepsCursorVisible() throws {
        var state = Fixtures.runsState()
        _ = state.reduce(.key(.character("G")))
        _ = state.reduce(.resized(width: 80, height: 8))
        let rows = state.layout.tableRows
        let index = try #require(state.selectedRunIndex)
        #expect(index >= state.runsScroll && index < state.runsScroll + rows)
        #expect(ConsoleRenderer.render(state).height == 8)
    }

    @Test("Enter with no row to open says why: the list is still loading, or it shows no rows")
    func enterWithNothingSelected() {
        var loading = Fixtures.state()
        _ = loading.press("3")
        #expect(loading.press(.enter).isEmpty)
        #expect(loading.currentView == .runs(queue: nil))
        #expect(loading.flash?.message == "Still loading: Enter opens the selected row once the list shows")

        var empty = Fixtures.state()
        _ = empty.press("3")
        _ = empty.reduce(.runsLoaded([], query: empty.currentRunsQuery, at: Fixtures.now))
        #expect(empty.press(.enter).isEmpty)
        #expect(empty.flash?.message == "Nothing to open: this list shows no rows")

        var events = Fixtures.operationsState(.events)
        _ = events.reduce(.eventsLoaded([], at: Fixtures.now))
        #expect(events.press(.enter).isEmpty)
        #expect(events.flash?.message == "Nothing to open: this list shows no rows")
    }

    @Test("the Queues view says it is loading until its first answer, then that there are no queues")
    func queuesBeforeTheirFirstLoad() {
        var state = ConsoleState(
            width: 80, height: 24, now: Fixtures.now, readOnly: false, themeName: "default", themeNames: ["default"],
            storeLabel: "jobs.sqlite", tour: nil, firstView: .queues)
        _ = state.reduce(.started)
        #expect(state.currentView == .queues)
        #expect(state.screen.contains("Loading queues…") && !state.screen.contains("No queues yet"))
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.message == "Still loading: Enter opens the selected row once the list shows")

        _ = state.reduce(.queuesLoaded([], at: Fixtures.now))
        #expect(state.screen.contains("No queues yet") && !state.screen.contains("Loading queues…"))
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.message == "Nothing to open: this list shows no rows")
    }
}
