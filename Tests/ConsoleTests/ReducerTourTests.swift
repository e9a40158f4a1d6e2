import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: guided tour")
struct ReducerTourTests {
    /// Applies each action and checks the tour stays on its step.
    static func expectStays(
        _ state: inout ConsoleState, _ actions: [ConsoleAction], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let step = state.tour?.current
        for action in actions {
            _ = state.reduce(action)
            #expect(state.tour?.current == step, "\(action) must not advance the tour", sourceLocation: sourceLocation)
        }
    }

    /// Moves the runs view's cursor to a run from the top, giving up after the list's length.
    static func select(_ id: RunID, in state: inout ConsoleState) {
        state.press("g")
        for _ in 0..<state.visibleRuns.count where state.selectedRunId != id { state.press("j") }
        #expect(state.selectedRunId == id)
    }

    /// Whether each step is done: the first `count` of the shipped tour's.
    static func done(_ count: Int) -> [Bool] {
        (0..<Fixtures.tourSteps.count).map { $0 < count }
    }

    @Test("walking the whole tour: each goal's action advances it, unrelated actions do not")
    func walkTheTour() throws {
        var state = Fixtures.tourState()
        #expect(state.tour?.current == 0 && state.tour?.currentStep?.goal == .openedRun)

        // 1. Open a run.
        Self.expectStays(
            &state,
            [
                .tick(now: Fixtures.later(1)), .key(.character("j")), .key(.character("k")), .key(.character("y")),
                .runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now),
            ])
        let run = Fixtures.detail.run.id
        Self.select(run, in: &state)
        state.press(.enter)
        #expect(state.currentView == .run(run))
        #expect(state.tour?.current == 1 && state.tour?.done == Self.done(1))

        // 2. Read its timeline: data arriving and other sections do not count; coming back to it does.
        Self.expectStays(
            &state,
            [
                .runDetailLoaded(Fixtures.detail, runId: run, at: Fixtures.now), .tick(now: Fixtures.later(2)),
                .key(.character("l")), .key(.character("j")), .key(.character("p")), .key(.character("p")),
            ])
        #expect(state.runView.tab == .logs)
        state.press(.tab)
        #expect(state.runView.tab == .timeline)
        #expect(state.tour?.current == 2)

        // 3. Resume the paused queue: the resume is not enough; the queue drained is.
        state.press("2")
        _ = state.reduce(.queuesLoaded(Fixtures.queues, at: Fixtures.now))
        var resumed = try #require(Fixtures.queues.first { $0.queue.paused })
        resumed.queue.paused = false
        Self.expectStays(
            &state,
            [
                .actionFinished(.queuePauseChanged(resumed.queue)),
                .queuesLoaded(
                    Fixtures.queues.map { $0.queue.name == resumed.queue.name ? resumed : $0 }, at: Fixtures.now),
            ])
        #expect(state.tour?.awaiting == .queueDrained(resumed.queue.name))
        #expect(state.screen.contains("⧗ Resumed. Done when"), "the panel says what the step waits for")
        var drained = resumed
        drained.counts[.queued] = 0
        _ = state.reduce(
            .queuesLoaded(Fixtures.queues.map { $0.queue.name == drained.queue.name ? drained : $0 }, at: Fixtures.now))
        #expect(state.tour?.current == 3 && state.tour?.awaiting == nil)

        // 4. Find the stuck wait: the Waits view.
        Self.expectStays(&state, [.key(.character("j")), .key(.character("5")), .key(.character("1"))])
        state.press("4")
        #expect(state.currentView == .waits)
        #expect(state.tour?.current == 4)

        // 5. Ask why.
        Self.expectStays(
            &state,
            [
                .waitsLoaded(Fixtures.waits, unconsumed: Fixtures.unconsumedEvents, at: Fixtures.now),
                .key(.character("j")), .key(.character("?")), .key(.character("?")),
            ])
        for _ in Fixtures.waits where state.selectedWait?.id != Fixtures.waits[0].id { state.press("j") }
        #expect(state.press("w") == [.explain(Fixtures.waits[0].id)])
        #expect(state.tour?.current == 5)

        // 6. Send the event: a failure, or an event no run took, is not enough; a run resumed by it is.
        Self.expectStays(&state, [.diagnosed(Fixtures.waitingDiagnosis), .key(.character("j"))])
        state.press("s")
        #expect(state.form != nil)
        let effects = state.press(.enter)
        #expect(effects.count == 1)
        var unwanted = Fixtures.sentEvent
        unwanted.resumed = []
        Self.expectStays(
            &state,
            [
                .actionFinished(
                    .failed(
                        .sendEvent(name: "payment.confirmed", key: "pay_123", payloadJSON: "{}"), message: "locked")),
                .actionFinished(.eventSent(unwanted)),
            ])
        _ = state.reduce(.actionFinished(.eventSent(Fixtures.sentEvent)))
        #expect(state.tour?.current == 6)

        // 7. See what a dead worker left: a run's Attempts section with a crashed attempt.
        state.press("3")
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        Self.select(run, in: &state)
        state.press(.enter)
        Self.expectStays(&state, [.runDetailLoaded(Fixtures.detail, runId: run, at: Fixtures.now)])
        while state.runView.tab != .attempts { state.press(.tab) }
        #expect(Fixtures.detail.attempts.contains { $0.outcome == .crashed })
        #expect(state.tour?.current == 7)

        // 8. Release the orphaned lock: the dialog is not enough, nor a lock that changed hands; the release is.
        state.press("6")
        _ = state.reduce(.stateLoaded(Fixtures.stateEntries, prefix: "", at: Fixtures.now))
        _ = state.reduce(.locksLoaded(Fixtures.locks, prefix: "", at: Fixtures.now))
        state.press(.tab)
        #expect(state.stateFocus == .locks)
        let lock = try #require(state.selectedLock)
        state.press("u")
        #expect(state.dialog?.title == "Release lock \(lock.key)?")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.releaseLock(key: lock.key, owner: lock.owner))])
        Self.expectStays(&state, [.actionFinished(.lockReleased(key: lock.key, owner: lock.owner, released: nil))])
        _ = state.reduce(.actionFinished(.lockReleased(key: lock.key, owner: lock.owner, released: lock)))
        #expect(state.tour?.current == 8)

        // 9. Retry what the outage failed (here one run, with r): the retry is not enough, nor the run failing again; the run completing is.
        state.press("3")
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        state.press("F")
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        let failed = Fixtures.runs[2].id
        Self.select(failed, in: &state)
        state.press("r")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.retry(failed))])
        var retried = Fixtures.runs[2]
        retried.status = .queued
        func entry(_ kind: TimelineKind, _ status: RunStatus, _ sequence: Int64) -> ConsoleAction {
            .changesArrived(
                [TimelineEntry(sequence: sequence, runId: failed, at: Fixtures.now, kind: kind, status: status)],
                latestSequence: sequence, runQueues: [:])
        }
        Self.expectStays(
            &state,
            [
                .actionFinished(.failed(.retry(failed), message: "it is running")),
                .actionFinished(.retried(retried)), entry(.started, .running, 48_214), entry(.failed, .failed, 48_215),
            ])
        #expect(state.tour?.awaiting == nil, "it failed again: the step needs another retry")
        #expect(state.flash?.message.contains("failed again") == true)
        Self.expectStays(&state, [.actionFinished(.retried(retried)), entry(.started, .running, 48_216)])
        #expect(state.tour?.awaiting == .runCompleted(failed))
        _ = state.reduce(entry(.completed, .completed, 48_217))

        let tour = try #require(state.tour)
        #expect(tour.isComplete)
        #expect(tour.currentStep == nil)
        #expect(tour.done == Self.done(Fixtures.tourSteps.count))
        #expect(state.screen.contains("Tour complete"))
        _ = state.reduce(.actionFinished(.retried(retried)))
        #expect(state.tour == tour, "a complete tour stays complete")
    }

    @Test("steps are done in order: a later step's action does not count early")
    func inOrder() {
        var state = Fixtures.tourState()
        state.press("4")
        #expect(state.currentView == .waits)
        _ = state.reduce(.actionFinished(.eventSent(Fixtures.sentEvent)))
        #expect(state.tour?.current == 0)
        #expect(state.tour?.done.contains(true) == false)
    }

    @Test("moving through the timeline counts; moving in the why panel or help over it does not")
    func timelineMoves() {
        var state = Fixtures.tourState()
        let run = Fixtures.detail.run
        Self.select(run.id, in: &state)
        state.press(.enter)
        _ = state.reduce(.runDetailLoaded(Fixtures.detail, runId: run.id, at: Fixtures.now))
        #expect(state.tour?.current == 1)
        var help = state
        help.press("?")
        help.press("j")
        #expect(help.tour?.current == 1, "j scrolls help, not the timeline")
        state.press("j")
        #expect(state.tour?.current == 2)
    }

    @Test("the why panel opened from the runs view completes its step; a bulk retry's step waits for one of its runs")
    func otherRoutes() throws {
        var tour = Fixtures.tour
        for _ in 0..<4 { tour.advance() }
        #expect(tour.currentStep?.goal == .askedWhy)
        var state = Fixtures.tourState(tour: tour)
        let waiting = try #require(Fixtures.runs.first { $0.status == .waiting })
        Self.select(waiting.id, in: &state)
        state.press("w")
        #expect(state.why?.runId == waiting.id)
        #expect(state.tour?.current == 5)

        var retrying = Fixtures.tour
        while retrying.currentStep?.goal != .retriedRun { retrying.advance() }
        var bulk = Fixtures.tourState(tour: retrying)
        Self.expectStays(&bulk, [.actionFinished(.bulkFinished(.retry, changed: [], failed: 2, firstError: "x"))])
        #expect(bulk.tour?.awaiting == nil, "a bulk retry that retried nothing waits for nothing")
        let step = bulk.tour?.current
        Self.expectStays(
            &bulk, [.actionFinished(.bulkFinished(.retry, changed: ["run_a", "run_b"], failed: 0, firstError: nil))])
        #expect(bulk.tour?.awaiting == .anyRunCompleted(["run_a", "run_b"]))
        func entry(_ id: String, _ kind: TimelineKind) -> TimelineEntry {
            TimelineEntry(sequence: 1, runId: id, at: Fixtures.now, kind: kind, status: .completed)
        }
        _ = bulk.reduce(.changesArrived([entry("run_other", .completed)], latestSequence: 1, runQueues: [:]))
        #expect(bulk.tour?.current == step, "another run completing is not this fix")
        _ = bulk.reduce(.changesArrived([entry("run_b", .completed)], latestSequence: 2, runQueues: [:]))
        #expect(bulk.tour?.current != step, "one of the retried runs completed: the step is done")
    }

    @Test("i hides and shows the panel, which gives its columns back; the tour goes on while hidden")
    func toggle() {
        var state = Fixtures.tourState()
        #expect(state.tourPlacement == .side)
        #expect(state.layout.width == 160 - TourPlacement.panelWidth)
        #expect(state.hintBar.contains("i tour"))
        state.press("i")
        #expect(state.tour?.isVisible == false)
        #expect(state.tourPlacement == .hidden)
        #expect(state.layout.width == 160)
        #expect(!state.screen.contains("Tour · step"))
        let run = Fixtures.detail.run.id
        Self.select(run, in: &state)
        state.press(.enter)
        #expect(state.tour?.current == 1, "the tour advances while hidden")
        state.press("i")
        #expect(state.tourPlacement == .side)
        #expect(state.screen.contains("Tour · step 2 of \(Fixtures.tourSteps.count)"))
    }

    @Test("narrow screens get a one-line bar above the hint bar, taking a row from the view")
    func compactBar() {
        let state = Fixtures.tourState(width: 80, height: 24)
        #expect(state.tourPlacement == .bar)
        #expect(state.layout.width == 80 && state.layout.height == 23)
        let lines = ConsoleRenderer.render(state).lines
        #expect(lines[22].contains("Tour 1/\(Fixtures.tourSteps.count)") && lines[22].contains("Open a run"))
        #expect(lines[23].contains("? help"), "the hint bar stays on the last row")
    }

    @Test("without a tour, i only says how to start one, and help does not list it")
    func noTour() {
        var state = Fixtures.runsState(width: 160, height: 48)
        #expect(!state.hintBar.contains("tour"))
        state.press("i")
        #expect(state.flash?.message.contains("stackshift demo --tour") == true)
        state.press("?")
        #expect(!state.screen.contains("guided tour"))
        var touring = Fixtures.tourState()
        touring.press("?")
        // Help scrolls: read every page of it.
        var pages = [touring.screen]
        for _ in 0..<10 {
            touring.press(.pageDown)
            pages.append(touring.screen)
        }
        #expect(pages.contains { $0.contains("Show or hide the guided tour") })
    }
}
