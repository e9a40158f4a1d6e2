import Console
import Foundation
import JobStore
import Testing

@Suite("Overview snapshots")
struct OverviewSnapshotTests {
    static let sizes = [(80, 24), (160, 48), (200, 60)]

    @Test(
        "the overview at each size: its text, and the style role of every cell in every built-in theme",
        arguments: sizes)
    func overview(width: Int, height: Int) {
        let state = Fixtures.overviewState(width: width, height: height)
        let frame = ConsoleRenderer.render(state)
        Snapshot.assertMatches(frame, named: "overview-\(width)x\(height)")
        // The roles are the same in every theme; what each theme makes of them (colours, and the monochrome
        // attributes that keep the chart's failures apart without colour) is in each map's legend.
        for theme in Theme.builtins {
            Snapshot.assertStylesMatch(
                frame, named: "overview-\(width)x\(height)-\(theme.name)", theme: theme,
                textFile: "overview-\(width)x\(height).txt")
        }
    }

    @Test("the overview's other states: all clear, loading, the latency panel focused on a day", arguments: sizes)
    func states(width: Int, height: Int) {
        let clear = Fixtures.overviewState(width: width, height: height, attention: [])
        Snapshot.assertMatches(ConsoleRenderer.render(clear), named: "overview-clear-\(width)x\(height)")
        let loading = ConsoleState(width: width, height: height, now: Fixtures.now)
        Snapshot.assertMatches(ConsoleRenderer.render(loading), named: "overview-loading-\(width)x\(height)")
        var day = Fixtures.overviewState(width: width, height: height)
        day.press(.tab)
        day.press(.tab)
        day.press("j")
        Snapshot.assertMatches(ConsoleRenderer.render(day), named: "overview-latency-\(width)x\(height)")
    }
}
