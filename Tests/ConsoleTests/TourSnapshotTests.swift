import Console
import Foundation
import JobStore
import Testing

@Suite("Tour snapshots")
struct TourSnapshotTests {
    /// The run view with the first step done: the tour teaches the timeline next.
    static func onTimeline(width: Int, height: Int) -> ConsoleState {
        var state = Fixtures.tourState(width: width, height: height)
        let run = Fixtures.detail.run.id
        state.moveSelection(to: .run(run))
        _ = state.reduce(.key(.enter))
        _ = state.reduce(.runDetailLoaded(Fixtures.detail, runId: run, at: Fixtures.now))
        return state
    }

    @Test("the side panel at 160×48 and the bar at 80×24")
    func snapshots() {
        for (width, height) in [(160, 48), (80, 24)] {
            Snapshot.assertMatches(
                ConsoleRenderer.render(Self.onTimeline(width: width, height: height)),
                named: "tour-run-\(width)x\(height)")
        }
        var runs = Fixtures.tourState(width: 80, height: 24)
        _ = runs.reduce(.tick(now: Fixtures.now))
        Snapshot.assertMatches(ConsoleRenderer.render(runs), named: "tour-runs-80x24")
        var finished = Fixtures.tour
        for _ in Fixtures.tourSteps { finished.advance() }
        let complete = Fixtures.tourState(width: 160, height: 48, tour: finished)
        Snapshot.assertMatches(ConsoleRenderer.render(complete), named: "tour-complete-160x48")
    }
}
