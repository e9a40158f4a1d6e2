import Console
import Foundation
import JobStore
import Testing

/// Retention deletes finished runs: the lists notice, a pruned run is said to be pruned (never an error), and
/// the queues view says how long each queue keeps its runs.
@Suite("Reducer: retention")
struct ReducerRetentionTests {
    /// A run created 40 days ago, before the newest run ``history`` pruned.
    static let prunedId = Fixtures.runId(Fixtures.ago(40 * 86_400), "q7dbd0a2kx")
    /// A run created yesterday, after the newest run ``history`` pruned.
    static let recentId = Fixtures.runId(Fixtures.ago(86_400), "m3x0f7c2hv")
    /// Retention has deleted runs created up to 31 days ago.
    static let history = PruneHistory(
        runs: 1_200, newestCreatedAt: Fixtures.ago(31 * 86_400), lastPrunedAt: Fixtures.now)

    /// The runs list with the run view open on `id` (typed on the command line, as for a run not in the list).
    static func opened(_ id: RunID) -> ConsoleState {
        var state = Fixtures.runsState()
        state.press(":")
        state.type("run \(id)")
        #expect(state.press(.enter) == [.loadRunDetail(id)])
        return state
    }

    @Test("a prune moves the counter: the runs list, the open run and the queue counts load again, and only then")
    func prunedCounterReloadsRunLists() {
        var runs = Fixtures.runsState()
        #expect(runs.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 10))).isEmpty, "first read")
        #expect(runs.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 10))).isEmpty, "no move")
        #expect(
            runs.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 12)))
                == [.loadRuns(runs.currentRunsQuery)])

        var run = Fixtures.runState()
        _ = run.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 0)))
        #expect(
            run.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 1)))
                == [.loadRunDetail(Fixtures.detail.run.id)])

        var queues = Fixtures.state()
        _ = queues.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 0)))
        #expect(
            queues.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 500)))
                == [.loadQueues(finishedSince: Fixtures.ago(3600)), .loadActivity(queues.queueActivityQuery)])

        var overview = Fixtures.overviewState()
        _ = overview.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 0)))
        #expect(
            overview.reduce(.countersArrived(ChangeCounters(queues: 4, state: 9, pruned: 2)))
                == [.loadOverview(overview.overviewQuery)])

        // The state view holds no runs: a prune is nothing to it.
        var state = Fixtures.operationsState(.state)
        _ = state.reduce(.countersArrived(ChangeCounters(queues: 1, state: 1, pruned: 0)))
        #expect(state.reduce(.countersArrived(ChangeCounters(queues: 1, state: 1, pruned: 3))).isEmpty)
    }

    @Test("a run the store says was pruned: the run view says so plainly, with no error and no outage")
    func prunedRunView() {
        var state = Self.opened(Self.prunedId)
        #expect(state.reduce(.runPruned(Self.prunedId)).isEmpty)
        #expect(state.prunedRunId == Self.prunedId)
        // The sentence wraps: read the screen as one line of words.
        let words = state.screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains(ConsoleState.prunedRunText(Self.prunedId)))
        #expect(words.contains("Esc goes back"))
        // Nothing is left to fold, retry or explain: the keys say so too.
        let hints = state.hintBar
        #expect(hints.contains("Esc back") && !hints.contains("retry") && !hints.contains("why"), "\(hints)")
        #expect(state.screen.contains("Pruned · Esc goes back"), "the status line")
        #expect(state.flash?.kind != .error && state.storeOutage == nil, "retention at work is no error")
        state.press(.escape)
        #expect(state.currentView == .runs(queue: nil))
    }

    @Test("a run not found that the prune history covers was pruned; one it does not cover is not there")
    func missingRunsAgainstTheHistory() {
        var pruned = Self.opened(Self.prunedId)
        _ = pruned.reduce(.retentionLoaded(RetentionSettings(history: Self.history)))
        _ = pruned.reduce(.runDetailLoaded(nil, runId: Self.prunedId, at: Fixtures.now))
        #expect(pruned.prunedRunId == Self.prunedId)
        #expect(pruned.screen.contains("was pruned: it had finished"))
        #expect(pruned.flash == nil, "no \"no such run\" error")

        var missing = Self.opened(Self.recentId)
        _ = missing.reduce(.retentionLoaded(RetentionSettings(history: Self.history)))
        _ = missing.reduce(.runDetailLoaded(nil, runId: Self.recentId, at: Fixtures.now))
        #expect(missing.prunedRunId == nil)
        #expect(missing.screen.contains("No run \(Self.recentId) in this database"))
        #expect(missing.flash?.kind == .error)
    }

    @Test("the history arriving after the run's answer still turns \"no such run\" into \"pruned\"")
    func historyAfterTheAnswer() {
        var state = Self.opened(Self.prunedId)
        _ = state.reduce(.runDetailLoaded(nil, runId: Self.prunedId, at: Fixtures.now))
        #expect(state.flash?.kind == .error)
        _ = state.reduce(.retentionLoaded(RetentionSettings(history: Self.history)))
        #expect(state.prunedRunId == Self.prunedId)
        #expect(state.screen.contains("was pruned: it had finished"))
        #expect(state.flash?.kind == .info && state.flash?.message == "Run \(Self.prunedId) was pruned")
    }

    @Test("w on a run pruned meanwhile: the why panel says it was pruned, not that explaining failed")
    func prunedRunInTheWhyPanel() throws {
        var state = Fixtures.runsState()
        let run = Fixtures.runs[6]
        state.moveSelection(to: .run(run.id))
        #expect(state.press("w") == [.explain(run.id)])
        _ = state.reduce(.runPruned("run_someotherrun"))
        #expect(state.why?.isPruned == false, "an answer about another run is dropped")
        _ = state.reduce(.runPruned(run.id))
        let panel = try #require(state.why)
        #expect(panel.isPruned && panel.error == nil)
        let screen = state.screen
        #expect(screen.contains("What happened to \(run.id)?"))
        #expect(screen.contains("was pruned: it had finished"))
        #expect(!screen.contains("Could not explain"))
        #expect(!state.hintBar.contains("open"), "no run left to open")
        #expect(state.flash?.kind != .error && state.storeOutage == nil)
    }

    @Test("the stored id is shown escaped: a control character in it is written out, never sent to the terminal")
    func prunedTextIsEscaped() {
        #expect(ConsoleState.prunedRunText("run_\u{1B}]0;x\u{07}").hasPrefix("Run run_\\u{1B}]0;x\\u{7} was pruned"))
    }
}
