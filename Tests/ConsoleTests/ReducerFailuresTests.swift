import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: the failures view")
struct ReducerFailuresTests {
    static let day: TimeInterval = 86_400
    static let outage = Fixtures.failureGroups[0]

    @Test("9 and :failures open the view over the last 24 h; it lists causes largest first with their example")
    func opens() throws {
        var state = Fixtures.state()
        #expect(state.press("9") == [.loadFailures(since: Fixtures.ago(Self.day))])
        #expect(state.currentView == .failures)
        var typed = Fixtures.state()
        typed.press(":")
        typed.type("failures")
        #expect(typed.press(.enter) == [.loadFailures(since: Fixtures.ago(Self.day))])
        state = Fixtures.operationsState(.failures)
        #expect(state.visibleFailureGroups.map(\.failures) == [37, 9, 1])
        #expect(state.selectedFailureGroup == Self.outage)
        let screen = ConsoleRenderer.render(Fixtures.operationsState(.failures, width: 160, height: 48)).lines
            .joined(separator: "\n")
        #expect(screen.contains("provisionCustomer · provision-customer-resources · ProviderError"))
        #expect(screen.contains("Example: ProviderError: 502 Bad Gateway from prov_8Hq2"), "\(screen)")
        #expect(screen.contains("3 causes · 47 failures in the last 1d"), "\(screen)")
    }

    @Test("Enter lists the selected cause's runs over the same window; the runs view is scoped to it")
    func enterListsTheGroupsRuns() throws {
        var state = Fixtures.operationsState(.failures, width: 160, height: 48)
        state.press("j")
        let effects = state.press(.enter)
        let match = FailureMatch(signature: Fixtures.failureGroups[1].signature, since: Fixtures.ago(Self.day))
        #expect(state.currentView == .runs(queue: nil, failure: match))
        #expect(effects == [.loadRuns(RunQuery(failure: match, limit: 500))])
        // Rows loaded for another scope are not this cause's runs: none is shown until its own arrive.
        _ = state.reduce(.runsLoaded(Fixtures.runs, query: RunQuery(limit: 500), at: Fixtures.now))
        #expect(state.visibleRuns.isEmpty)
        _ = state.reduce(.runsLoaded([Fixtures.runs[2]], query: state.currentRunsQuery, at: Fixtures.now))
        #expect(state.visibleRuns.map(\.id) == [Fixtures.runs[2].id])
        let screen = ConsoleRenderer.render(state).lines
        #expect(screen[0].contains("›  3 Runs · failing sendVerificationEmail · deliver"), "\(screen[0])")
        #expect(
            screen[46].contains("1 run · failed with sendVerificationEmail · deliver since Mar 13 12:00"),
            "\(screen[46])")
        // ^T in it retries the cause's runs, and says so.
        #expect(
            state.press(.control("t"))
                == [.prepareBulk(.retry, RunQuery(statuses: [.failed, .canceled], failure: match, limit: 10_000))])
        _ = state.reduce(.bulkPrepared(.retry, [Fixtures.runs[2].id], truncated: false))
        #expect(state.dialog?.message.contains("the filter (cause sendVerificationEmail · deliver)") == true)
        state.press(.escape)
        state.press(.escape)
        #expect(state.currentView == .failures, "Esc goes back to the causes")
    }

    @Test("r on a cause counts its failed and canceled runs and asks with the count; C its active runs")
    func bulkOnACause() throws {
        var state = Fixtures.operationsState(.failures)
        let match = FailureMatch(signature: Self.outage.signature, since: Fixtures.ago(Self.day))
        #expect(
            state.press("r") == [
                .prepareBulk(.retry, RunQuery(statuses: [.failed, .canceled], failure: match, limit: 10_000))
            ])
        let ids = (1...12).map { "run_outage\($0)" }
        _ = state.reduce(.bulkPrepared(.retry, ids, truncated: false))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Retry 12 runs?")
        #expect(
            dialog.message.hasPrefix(
                "12 failed or canceled runs match cause provisionCustomer · provision-customer-resources "
                    + "(ProviderError, last 1d)"), "\(dialog.message)")
        #expect(dialog.focus == .dismiss, "Cancel is the default")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.bulk(BulkAction(kind: .retry, runIds: ids)))])

        var cancel = Fixtures.operationsState(.failures)
        #expect(
            cancel.press("C")
                == [
                    .prepareBulk(
                        .cancel,
                        RunQuery(statuses: [.scheduled, .queued, .running, .waiting], failure: match, limit: 10_000))
                ])
        _ = cancel.reduce(.bulkPrepared(.cancel, [], truncated: false))
        #expect(cancel.dialog == nil)
        #expect(cancel.flash?.message.hasPrefix("No active runs match cause provisionCustomer") == true)

        var readOnly = Fixtures.operationsState(.failures, readOnly: true)
        #expect(readOnly.press("r").isEmpty)
        #expect(readOnly.dialog == nil && readOnly.flash?.message.hasPrefix("read-only: r") == true)
    }

    @Test("[ and ] step the window and reload over it; :failures 1h sets it; a bad window is refused")
    func window() throws {
        var state = Fixtures.operationsState(.failures)
        #expect(state.press("]") == [.loadFailures(since: Fixtures.ago(7 * Self.day))])
        state.press("]")
        #expect(state.flash?.message == "The failures window is already the longest: 7d")
        #expect(state.press("[") == [.loadFailures(since: Fixtures.ago(Self.day))])
        #expect(state.press("[") == [.loadFailures(since: Fixtures.ago(6 * 3600))])
        state.press(":")
        state.type("failures 30m")
        #expect(state.press(.enter) == [.loadFailures(since: Fixtures.ago(1800))])
        #expect(state.failureWindow == 1800)
        for bad in ["nan", "1e300s", "30d", "5s"] {
            state.press(":")
            state.type("failures \(bad)")
            #expect(state.press(.enter).isEmpty, "\(bad)")
            #expect(state.flash?.kind == .error && state.flash?.message.contains("failures window") == true, "\(bad)")
            #expect(state.failureWindow == 1800, "\(bad) leaves the window as it was")
        }
    }

    @Test("/ narrows causes by any text; a failure in the feed reloads them at most every 5 s, a completion never")
    func filterAndLiveReload() throws {
        var state = Fixtures.operationsState(.failures)
        state.press("/")
        state.type("smtp")
        state.press(.enter)
        #expect(state.visibleFailureGroups.map(\.job) == ["sendVerificationEmail"])
        state.press(.escape)
        #expect(state.visibleFailureGroups.count == 3)
        _ = state.reduce(.changesArrived([], latestSequence: 1, runQueues: [:]))
        func entry(_ kind: TimelineKind, _ sequence: Int64) -> TimelineEntry {
            TimelineEntry(
                sequence: sequence, runId: "run_x", at: Fixtures.now, kind: kind,
                status: kind == .completed ? .completed : .failed)
        }
        #expect(state.reduce(.changesArrived([entry(.completed, 2)], latestSequence: 2, runQueues: [:])).isEmpty)
        // A failure right after the view loaded waits for the next reload: grouping is not free.
        #expect(state.reduce(.changesArrived([entry(.failed, 3)], latestSequence: 3, runQueues: [:])).isEmpty)
        let later = Fixtures.now.addingTimeInterval(ConsoleState.failuresRefreshSeconds)
        #expect(!state.reduce(.tick(now: later)).contains(.loadFailures(since: later.addingTimeInterval(-Self.day))))
        #expect(
            state.reduce(.changesArrived([entry(.failed, 4)], latestSequence: 4, runQueues: [:]))
                == [.loadFailures(since: later.addingTimeInterval(-Self.day))])
        // With no failure arriving, the window still moves on, more slowly.
        let idle = later.addingTimeInterval(ConsoleState.failuresIdleRefreshSeconds)
        #expect(state.reduce(.tick(now: idle)).contains(.loadFailures(since: idle.addingTimeInterval(-Self.day))))
    }
}
