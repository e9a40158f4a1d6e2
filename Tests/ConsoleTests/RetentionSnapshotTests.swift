import Console
import Foundation
import JobStore
import Testing

/// What retention looks like on screen: each queue's policy in the queues view, and a pruned run.
@Suite("Retention snapshots")
struct RetentionSnapshotTests {
    /// emails keeps its runs by a policy of its own; the other queues follow the store's.
    static let own = RetentionPolicy(completed: 86_400, failed: 14 * 86_400, canceled: 3600)

    /// The queues view with emails on its own policy and the store's policy loaded.
    static func queuesState(width: Int, height: Int) -> ConsoleState {
        var state = Fixtures.state(width: width, height: height)
        var queues = Fixtures.queues
        queues[0].queue.retention = own
        _ = state.reduce(.queuesLoaded(queues, at: Fixtures.now))
        _ = state.reduce(.retentionLoaded(RetentionSettings(policy: .standard, isSet: true)))
        return state
    }

    @Test("queues: the selected queue's retention under the table; the RETAIN column where it fits")
    func queues() {
        let narrow = Self.queuesState(width: 80, height: 24)
        Snapshot.assertMatches(ConsoleRenderer.render(narrow), named: "queues-retention-80x24")
        var store = narrow
        store.press("j")
        Snapshot.assertMatches(ConsoleRenderer.render(store), named: "queues-retention-store-80x24")
        Snapshot.assertMatchesWithStyles(
            ConsoleRenderer.render(Self.queuesState(width: 160, height: 48)), named: "queues-retention-160x48")
    }

    @Test("RETAIN: a queue's own policy in the text style, one that follows the store's dim")
    func retainColumnStyles() throws {
        var state = Self.queuesState(width: 160, height: 48)
        // Off the selection bar, so each cell shows its own style.
        state.press("j")
        #expect(state.selectedQueue == "imports")
        let frame = ConsoleRenderer.render(state)
        func cell(_ queue: String, _ text: String) throws -> Cell {
            let y = try #require(frame.lines.firstIndex { $0.hasPrefix(" \(queue) ") })
            let line = frame.lines[y]
            let start = try #require(line.range(of: text, options: .backwards)?.lowerBound, "\(text) in \(line)")
            return frame[DisplayWidth.of(String(line[..<start])), y]
        }
        #expect(frame.lines[1].contains("RETAIN"), "the column fits at 160 columns")
        #expect(try cell("emails", "1d/14d/1h").style.role == CellStyle.text.role, "the queue's own")
        #expect(try cell("payments", "7d/30d/7d").style.role == .ui(.dim), "the store's")
        #expect(!ConsoleRenderer.render(Self.queuesState(width: 80, height: 24)).lines[1].contains("RETAIN"))
    }

    @Test("a pruned run's view, and the why panel on a run pruned meanwhile")
    func prunedRun() {
        var view = ReducerRetentionTests.opened(ReducerRetentionTests.prunedId)
        _ = view.reduce(.runPruned(ReducerRetentionTests.prunedId))
        Snapshot.assertMatchesWithStyles(ConsoleRenderer.render(view), named: "run-pruned-80x24")
        var why = Fixtures.runsState()
        why.moveSelection(to: .run(Fixtures.runs[6].id))
        why.press("w")
        _ = why.reduce(.runPruned(Fixtures.runs[6].id))
        Snapshot.assertMatchesWithStyles(ConsoleRenderer.render(why), named: "why-pruned-80x24")
    }
}
