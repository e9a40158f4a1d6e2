import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: queue pause and bulk actions")
struct ReducerBulkTests {
    @Test("^T counts the failed and canceled runs matching the filter, then asks with the count")
    func bulkRetry() throws {
        var state = Fixtures.runsState()
        state.press("/")
        state.type("card")
        state.press(.enter)
        let effects = state.press(.control("t"))
        #expect(
            effects == [.prepareBulk(.retry, RunQuery(statuses: [.failed, .canceled], text: "card", limit: 10_000))])
        #expect(state.dialog == nil, "no dialog before the count is known")
        let ids = [Fixtures.runs[2].id]
        _ = state.reduce(.bulkPrepared(.retry, ids, truncated: false))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Retry 1 run?")
        #expect(dialog.message.hasPrefix("1 failed or canceled run matches the filter (text \"card\")"))
        #expect(dialog.confirmLabel == "Retry 1 run")
        #expect(dialog.focus == .dismiss)
        #expect(state.press(.enter).isEmpty)
        _ = state.reduce(.bulkPrepared(.retry, ids, truncated: false))
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.bulk(BulkAction(kind: .retry, runIds: ids)))])
        _ = state.reduce(.actionFinished(.bulkFinished(.retry, changed: ids, failed: 0, firstError: nil)))
        #expect(state.flash?.message == "Retried 1 run")
    }

    @Test("^X cancels the active runs of the filter; a filter of only finished runs has none")
    func bulkCancel() throws {
        var state = Fixtures.runsState()
        state.press("F")
        state.press("R")
        #expect(state.press(.control("x")) == [.prepareBulk(.cancel, RunQuery(statuses: [.running], limit: 10_000))])
        _ = state.reduce(.bulkPrepared(.cancel, [Fixtures.runs[0].id, Fixtures.runs[8].id], truncated: true))
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Cancel 2 runs?")
        #expect(dialog.message.contains("2 running runs match the filter (running/failed)"))
        #expect(dialog.message.contains("only the newest 2 are included"))
        var finished = Fixtures.runsState()
        finished.press("D")
        #expect(finished.press(.control("x")).isEmpty)
        #expect(finished.flash?.message == "The filter shows only completed runs: none can be canceled")
        _ = finished.reduce(.bulkPrepared(.cancel, [], truncated: false))
        #expect(finished.dialog == nil)
    }

    @Test("P asks before pausing or resuming the selected queue")
    func queuePause() throws {
        var state = Fixtures.state()
        #expect(state.press("P").isEmpty)
        #expect(state.dialog?.title == "Pause queue emails?")
        #expect(state.dialog?.message.contains("12 queued runs will wait") == true)
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.setQueuePaused("emails", paused: true))])
        state.press("j")
        #expect(state.selectedQueue == "imports")
        state.press("P")
        #expect(state.dialog?.title == "Resume queue imports?")
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.setQueuePaused("imports", paused: false))])
        var paused = Fixtures.queues[2].queue
        paused.paused = false
        _ = state.reduce(.actionFinished(.queuePauseChanged(paused)))
        #expect(state.flash?.message == "Resumed queue imports: workers claim its runs again")
    }
}
