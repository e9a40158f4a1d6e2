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
        #expect(state.tour?.current == 1 && state.tour?.done == [true, false, false, false, false, false])

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

        // 3. Find the stuck wait: the Waits view.
        Self.expectStays(&state, [.key(.character("j")), .key(.escape), .key(.character("5")), .key(.character("1"))])
        state.press(":")
        state.type("waits")
        state.press(.enter)
        #expect(state.currentView == .waits)
        #expect(state.tour?.current == 3)

        // 4. Ask why.
        Self.expectStays(
            &state,
            [
                .waitsLoaded(Fixtures.waits, unconsumed: Fixtures.unconsumedEvents, at: Fixtures.now),
                .key(.character("j")), .key(.character("?")), .key(.character("?")),
            ])
        for _ in Fixtures.waits where state.selectedWait?.id != Fixtures.waits[0].id { state.press("j") }
        #expect(state.press("w") == [.explain(Fixtures.waits[0].id)])
        #expect(state.tour?.current == 4)

        // 5. Send the event: submitting the form is not enough, nor is a failure; the stored event is.
        Self.expectStays(&state, [.diagnosed(Fixtures.waitingDiagnosis), .key(.character("j"))])
        state.press("s")
        #expect(state.form != nil)
        #expect(state.tour?.current == 4)
        let effects = state.press(.enter)
        #expect(effects.count == 1)
        Self.expectStays(
            &state,
            [
                .actionFinished(
                    .failed(
                        .sendEvent(name: "payment.confirmed", key: "pay_123", payloadJSON: "{}"), message: "locked")),
                .actionFinished(.stateIncremented(key: "n", value: 2)),
            ])
        _ = state.reduce(.actionFinished(.eventSent(Fixtures.sentEvent)))
        #expect(state.tour?.current == 5)

        // 6. Retry the failed run: asking is not retrying; the outcome is.
        state.press("2")
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        state.press("F")
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: state.currentRunsQuery, at: Fixtures.now))
        let failed = Fixtures.runs[2].id
        Self.select(failed, in: &state)
        state.press("r")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.retry(failed))])
        Self.expectStays(&state, [.actionFinished(.failed(.retry(failed), message: "it is running"))])
        var retried = Fixtures.runs[2]
        retried.status = .queued
        _ = state.reduce(.actionFinished(.retried(retried)))

        let tour = try #require(state.tour)
        #expect(tour.isComplete)
        #expect(tour.currentStep == nil)
        #expect(tour.done == Array(repeating: true, count: 6))
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

    @Test("the why panel opened from the runs view, and a bulk retry, complete their steps")
    func otherRoutes() throws {
        var tour = Fixtures.tour
        tour.advance()
        tour.advance()
        tour.advance()
        var state = Fixtures.tourState(tour: tour)
        let waiting = try #require(Fixtures.runs.first { $0.status == .waiting })
        Self.select(waiting.id, in: &state)
        state.press("w")
        #expect(state.why?.runId == waiting.id)
        #expect(state.tour?.current == 4)
        _ = state.reduce(.actionFinished(.eventSent(Fixtures.sentEvent)))
        _ = state.reduce(.actionFinished(.bulkFinished(.retry, succeeded: 0, failed: 2, firstError: "gone")))
        #expect(state.tour?.current == 5)
        _ = state.reduce(.actionFinished(.bulkFinished(.cancel, succeeded: 2, failed: 0, firstError: nil)))
        #expect(state.tour?.current == 5)
        _ = state.reduce(.actionFinished(.bulkFinished(.retry, succeeded: 2, failed: 0, firstError: nil)))
        #expect(state.tour?.isComplete == true)
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
        #expect(state.screen.contains("Tour · step 2 of 6"))
    }

    @Test("narrow screens get a one-line bar above the hint bar, taking a row from the view")
    func compactBar() {
        let state = Fixtures.tourState(width: 80, height: 24)
        #expect(state.tourPlacement == .bar)
        #expect(state.layout.width == 80 && state.layout.height == 23)
        let lines = ConsoleRenderer.render(state).lines
        #expect(lines[22].contains("Tour 1/6") && lines[22].contains("Open a run"))
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
        #expect(touring.screen.contains("Show or hide the guided tour"))
    }
}
