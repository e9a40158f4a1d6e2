import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: the overview")
struct ReducerOverviewTests {
    /// Sixty whole minutes, the last one holding now.
    static let hour = RunActivityQuery(since: Fixtures.ago(3540), now: Fixtures.now, bucketSeconds: 60)

    @Test("the console starts on the overview and loads its panels over the last hour, a minute per bucket")
    func startsOnTheOverview() {
        var state = ConsoleState(width: 80, height: 24, now: Fixtures.now)
        #expect(state.currentView == .overview)
        let effects = state.reduce(.started)
        #expect(effects.contains(.loadOverview(Self.hour)))
        #expect(state.overviewFocus == .attention)
    }

    @Test("1 opens the overview from anywhere; 2 is Queues and 3 is Runs; Esc from a root view comes home")
    func numberKeys() {
        var state = Fixtures.state()
        #expect(state.press("3").contains(.loadRuns(RunQuery(limit: 500))))
        #expect(state.currentView == .runs(queue: nil))
        state.press("2")
        #expect(state.currentView == .queues)
        #expect(state.press("1") == [.loadOverview(Self.hour)])
        #expect(state.currentView == .overview)
        var rooted = ConsoleState(width: 80, height: 24, now: Fixtures.now, firstView: .workers)
        rooted.press(.escape)
        #expect(rooted.currentView == .overview)
        // Home has nowhere further back to go.
        #expect(rooted.press(.escape).isEmpty)
        #expect(rooted.currentView == .overview)
    }

    @Test("[ and ] step the window from 15 minutes to a day, with buckets that fit the chart's columns")
    func windowKeys() {
        var state = Fixtures.overviewState()
        let six = state.press("]")
        #expect(state.overviewWindow == 6 * 3600)
        // 360 minutes do not fit 72 columns a minute each, nor two; five-minute buckets do.
        let sixHours = RunActivityQuery(since: Fixtures.ago(6 * 3600 - 300), now: Fixtures.now, bucketSeconds: 300)
        #expect(six == [.loadOverview(sixHours)])
        state.press("]")
        #expect(state.overviewWindow == 86_400)
        #expect(state.overviewBucketSeconds == 1800)
        #expect(state.press("]").isEmpty)
        #expect(state.flash?.message == "The overview's window is already the longest: 1d")
        for _ in 0..<3 { state.press("[") }
        #expect(state.overviewWindow == 900)
        #expect(state.overviewBucketSeconds == 60)
        #expect(state.press("[").isEmpty)
        // Wider, the day fits in shorter buckets.
        let wide = Fixtures.overviewState(width: 200, height: 60)
        #expect(wide.overviewBucketSeconds == 60)
    }

    @Test(":overview takes a window; one outside 5 minutes to a day is refused with its reason")
    func commandLine() {
        var state = Fixtures.state()
        state.press(":")
        state.type("overview 6h")
        #expect(state.press(.enter).contains { if case .loadOverview = $0 { true } else { false } })
        #expect(state.currentView == .overview)
        #expect(state.overviewWindow == 6 * 3600)
        state.press(":")
        state.type("overview 3d")
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.kind == .error)
        #expect(state.overviewWindow == 6 * 3600)
    }

    @Test("Tab moves the focus through the panels and back; the cursor keys move in the focused one")
    func focusAndCursor() {
        var state = Fixtures.overviewState()
        #expect(state.selectedAttentionItem == Fixtures.attention[0])
        state.press("j")
        state.press("j")
        #expect(state.selectedAttentionItem == Fixtures.attention[2])
        state.press(.tab)
        #expect(state.overviewFocus == .activity)
        state.press(.tab)
        #expect(state.overviewFocus == .latency)
        #expect(state.latencyRows.map(\.job) == ["sendVerificationEmail", "syncCRM", "provisionCustomer"])
        state.press("j")
        #expect(state.selectedOverviewIndex(.latency) == 1)
        // The attention list kept its row while another panel had the focus.
        state.press(.backTab)
        state.press(.backTab)
        #expect(state.overviewFocus == .attention)
        #expect(state.selectedAttentionItem == Fixtures.attention[2])
        state.press("G")
        #expect(state.selectedAttentionItem == Fixtures.attention.last)
    }

    @Test("Enter opens each problem where it is fixed")
    func enterOpensEachKind() throws {
        func opened(_ index: Int) -> ConsoleState {
            var state = Fixtures.overviewState()
            for _ in 0..<index { state.press("j") }
            state.press(.enter)
            return state
        }
        let failure = opened(0)
        let match = FailureMatch(signature: Fixtures.attention[0].target, since: Fixtures.ago(3600))
        #expect(failure.currentView == .runs(queue: nil, failure: match))
        // The list views select the problem's row once their rows arrive.
        let now = Fixtures.now
        var lock = opened(1)
        #expect(lock.currentView == .state)
        #expect(lock.stateFocus == .locks)
        _ = lock.reduce(.locksLoaded(Fixtures.locks, prefix: "", at: now))
        #expect(lock.selectedListId(.locks) == "imports:42")
        #expect(opened(2).currentView == .run(Fixtures.runs[0].id))
        let paused = opened(3)
        #expect(paused.currentView == .queues)
        #expect(paused.selectedQueue == "imports")
        var wait = opened(4)
        #expect(wait.currentView == .waits)
        _ = wait.reduce(.waitsLoaded(Fixtures.waits, unconsumed: [], at: now))
        #expect(wait.selectedListId(.waits) == Fixtures.runs[1].id)
        #expect(opened(5).selectedQueue == "emails")
        var worker = opened(6)
        #expect(worker.currentView == .workers)
        _ = worker.reduce(.workersLoaded(Fixtures.workers, runsInHand: Fixtures.runsInHand, liveness: 60, at: now))
        #expect(worker.selectedListId(.workers) == "w-api-91aa")
        // Esc comes back to the overview, its cursor where it was.
        var back = opened(6)
        back.press(.escape)
        #expect(back.currentView == .overview)
        #expect(back.selectedAttentionItem == Fixtures.attention[6])
    }

    @Test("Enter on a panel opens its full view: the runs, a job's runs, a queue's runs")
    func enterOpensPanels() {
        var chart = Fixtures.overviewState()
        chart.press(.tab)
        chart.press(.enter)
        #expect(chart.currentView == .runs(queue: nil))
        var latency = Fixtures.overviewState()
        latency.press(.tab)
        latency.press(.tab)
        latency.press("j")
        latency.press(.enter)
        #expect(latency.currentView == .runs(queue: nil))
        #expect(latency.filterText == "syncCRM")
        var queues = Fixtures.overviewState()
        queues.press(.backTab)
        #expect(queues.overviewFocus == .queues)
        queues.press("j")
        queues.press(.enter)
        #expect(queues.currentView == .runs(queue: Fixtures.queues[1].queue.name))
    }

    @Test("w explains the problem's run; a problem no run stands for says what it is and where Enter fixes it")
    func whyOnProblems() {
        var state = Fixtures.overviewState()
        state.press("j")
        #expect(state.press("w") == [.explain(Fixtures.runs[11].id)])
        #expect(state.why?.runId == Fixtures.runs[11].id)
        var paused = Fixtures.overviewState()
        for _ in 0..<3 { paused.press("j") }
        #expect(paused.press("w").isEmpty)
        #expect(paused.why == nil)
        #expect(paused.flash?.message.contains("queue imports is paused with 37 runs queued") == true)
        #expect(paused.flash?.message.contains("P resumes it") == true)
        var chart = Fixtures.overviewState()
        chart.press(.tab)
        #expect(chart.press("w").isEmpty)
        #expect(chart.flash?.message.contains("Select a problem") == true)
    }

    @Test("it reloads every 2 s, and on changes at most once a second; a paused display keeps its copy")
    func refresh() {
        var state = Fixtures.overviewState()
        let later = Fixtures.now.addingTimeInterval(1)
        #expect(!state.reduce(.tick(now: later)).contains { if case .loadOverview = $0 { true } else { false } })
        let twoLater = Fixtures.now.addingTimeInterval(2)
        #expect(state.reduce(.tick(now: twoLater)).contains { if case .loadOverview = $0 { true } else { false } })
        let entry = TimelineEntry(sequence: 48_214, runId: "run_x", at: twoLater, kind: .completed, status: .completed)
        #expect(
            !state.reduce(.changesArrived([entry], latestSequence: 48_214, runQueues: [:])).contains {
                if case .loadOverview = $0 { true } else { false }
            })
        state.press("p")
        _ = state.reduce(.overviewLoaded(Fixtures.overviewData(attention: []), at: twoLater))
        #expect(state.attentionItems == Fixtures.attention)
        state.press("p")
        #expect(state.attentionItems.isEmpty)
    }

    @Test("latency reads p50 and p95 per job from the histograms, and a trend across the window")
    func latency() throws {
        let state = Fixtures.overviewState()
        let crm = try #require(state.latencyRows.first { $0.job == "syncCRM" })
        #expect(crm.completed == 12 * 60)
        // Every completion took 40 ms: within the 25–50 ms bucket.
        #expect((0.025...0.05).contains(crm.p50 ?? 0))
        let provisioning = try #require(state.latencyRows.first { $0.job == "provisionCustomer" })
        #expect(provisioning.failed == 30)
        #expect(provisioning.trend.count == 12)
        // The outage's slow completions raise the p95 of the slices it covers above the others.
        #expect((provisioning.trend.max() ?? 0) >= 30_000)
        #expect((provisioning.trend.min() ?? 0) <= 2_500)
    }

    @Test("the chart's series has one zero-filled column per bucket and the window's totals")
    func series() throws {
        let buckets = [
            ActivityBucket(start: Fixtures.minute(3), job: "a", queue: "q", started: 2, completed: 1),
            ActivityBucket(start: Fixtures.minute(3), job: "b", queue: "q", failed: 4, retried: 1),
            ActivityBucket(start: Fixtures.minute(0), job: "a", queue: "q", completed: 5),
        ]
        let query = RunActivityQuery(since: Fixtures.ago(600), now: Fixtures.now, bucketSeconds: 60)
        let series = ActivitySeries(buckets, query: query)
        #expect(series.points.count == 11)
        #expect(series.points[7].completed == 1)
        #expect(series.points[7].failed == 4)
        #expect(series.points[10].completed == 5)
        #expect(
            series.points.enumerated().filter { ![7, 10].contains($0.offset) }.allSatisfy { $0.element.completed == 0 })
        #expect(series.totals.completed == 6)
        #expect(series.totals.started == 2)
        #expect(series.totals.retried == 1)
        // Times far outside the window (a damaged row) are counted in the totals but drawn nowhere, and never trap.
        let far = [
            ActivityBucket(start: Date(timeIntervalSince1970: -1e300), job: "a", queue: "q", completed: 1),
            ActivityBucket(start: Date(timeIntervalSince1970: 1e300), job: "a", queue: "q", completed: 1),
            ActivityBucket(start: Date(timeIntervalSince1970: .nan), job: "a", queue: "q", completed: 1),
        ]
        let damaged = ActivitySeries(buckets + far, query: query)
        #expect(damaged.points == series.points)
        #expect(damaged.totals.completed == 9)
    }

    @Test("nothing needs attention: the panel says so plainly, and the status line too")
    func allClear() {
        let state = Fixtures.overviewState(width: 160, height: 48, attention: [])
        let screen = ConsoleRenderer.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Nothing needs attention"))
        #expect(screen.contains("all clear"))
    }

    @Test("a click focuses a panel and selects a row; a second click on it opens it")
    func clicks() {
        var state = Fixtures.overviewState(width: 160, height: 48)
        let areas = state.overviewLayout
        // The third problem's row: under the heading and the column titles.
        _ = state.reduce(.clicked(x: areas.attention.x + 5, y: areas.attention.y + 4))
        #expect(state.selectedAttentionItem == Fixtures.attention[2])
        _ = state.reduce(.clicked(x: areas.latency.x + 5, y: areas.latency.y + 3))
        #expect(state.overviewFocus == .latency)
        #expect(state.selectedOverviewIndex(.latency) == 1)
        _ = state.reduce(.clicked(x: areas.latency.x + 5, y: areas.latency.y + 3))
        #expect(state.currentView == .runs(queue: nil))
    }
}
