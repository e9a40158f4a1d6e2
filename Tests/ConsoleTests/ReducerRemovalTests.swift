import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: forgetting workers and deleting events")
struct ReducerRemovalTests {
    /// The workers view with the cursor on a worker.
    static func onWorker(_ id: WorkerID, runsInHand: [WorkerID: Int] = Fixtures.runsInHand) -> ConsoleState {
        var state = Fixtures.operationsState(.workers)
        _ = state.reduce(.workersLoaded(Fixtures.workers, runsInHand: runsInHand, liveness: 60, at: Fixtures.now))
        state.moveSelection(to: .listRow(.workers, id))
        return state
    }

    @Test("d forgets a silent worker that holds no runs, after a confirm naming it")
    func forgetsASilentWorker() throws {
        var state = Self.onWorker("w-api-91aa", runsInHand: [:])
        #expect(state.press("d").isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Forget worker w-api-91aa?")
        #expect(dialog.message.hasPrefix("Last heard from 4m10s ago on api-2 (pid 3310); it holds no runs."))
        #expect(dialog.focus == .dismiss)
        state.press(.tab)
        #expect(state.press(.enter) == [.write(.forgetWorker("w-api-91aa"))])
        _ = state.reduce(.actionFinished(.workerForgotten("w-api-91aa")))
        #expect(state.flash?.message == "Forgot worker w-api-91aa: it is gone from the registry")
    }

    @Test("d refuses a live worker, and a silent one still holding runs, saying what to do instead")
    func refusesOthers() {
        var live = Self.onWorker("w-hooks-3")
        live.press("d")
        #expect(live.dialog == nil)
        #expect(live.flash?.message.hasPrefix("w-hooks-3 is alive (heartbeat 1.0s ago): stop its process") == true)
        var holding = Self.onWorker("w-api-91aa")
        holding.press("d")
        #expect(holding.dialog == nil)
        #expect(holding.flash?.message.hasPrefix("w-api-91aa still holds 1 running run") == true)
    }

    @Test("d deletes the selected event after a confirm saying what that does; s re-sends it prefilled")
    func deletesAnEvent() throws {
        var state = Fixtures.operationsState(.events)
        let event = Fixtures.events[0]
        #expect(state.press("d").isEmpty)
        let dialog = try #require(state.dialog)
        #expect(dialog.title == "Delete event #\(event.id)?")
        #expect(dialog.message.contains("The 1 run it resumed keep what they received."), "\(dialog.message)")
        state.press(.tab)
        #expect(
            state.press(.enter) == [.write(.deleteEvent(id: event.id, name: event.name, key: event.key))])
        #expect(Fixtures.operationsState(.events).hintBar.contains(" d delete"))
        var resend = Fixtures.operationsState(.events)
        resend.press("s")
        #expect(resend.form != nil, "s opens the send form, prefilled from the selected event")
    }

    @Test("read-only: neither d is offered or acts")
    func readOnly() {
        for view in [ConsoleView.workers, .events] {
            var state = Fixtures.operationsState(view, readOnly: true)
            #expect(!state.hintBar.contains(" d forget") && !state.hintBar.contains(" d delete"), "\(state.hintBar)")
            state.press("d")
            #expect(state.dialog == nil && state.flash?.message.hasPrefix("read-only: d") == true)
        }
    }
}
