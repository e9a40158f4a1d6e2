import Console
import Foundation
import JobStore
import Testing

@Suite("Reducer: a store that cannot be read shows in the header until a load works again")
struct ReducerStoreOutageTests {
    static let deleted = "the database file /data/jobs.sqlite was deleted"

    /// The header row as text.
    static func header(_ state: ConsoleState) -> String { ConsoleRenderer.render(state).lines[0] }

    @Test("a failed load puts the error in the header in place of the live indicator, and it stays")
    func failureStays() throws {
        var state = Fixtures.state(width: 160, height: 40)
        #expect(Self.header(state).contains("●"), "live before")
        #expect(state.reduce(.loadFailed(Self.deleted)).isEmpty)
        let outage = try #require(state.storeOutage)
        #expect(outage.message == Self.deleted && outage.since == Fixtures.now)
        let header = Self.header(state)
        #expect(header.contains("✘ the database file /data/jobs.sqlite was deleted (since 12:00:00)"))
        #expect(!header.contains("●") && !header.contains("#48,213"), "the live indicator stops")
        #expect(state.flash?.message == Self.deleted, "announced once in the status line")

        // Long after the flash is gone, and through repeated failures, the header still says so.
        _ = state.reduce(.tick(now: Fixtures.later(30)))
        #expect(state.flash == nil)
        _ = state.reduce(.loadFailed(Self.deleted))
        #expect(state.flash == nil, "the same failure again is not announced again")
        #expect(state.storeOutage?.since == Fixtures.now, "the outage keeps its start")
        #expect(Self.header(state).contains("✘ the database file"))

        _ = state.reduce(.loadFailed("Could not load queues: connection refused"))
        #expect(state.flash?.message == "Could not load queues: connection refused", "a new reason is announced")
        #expect(state.storeOutage?.message == "Could not load queues: connection refused")
    }

    @Test("the next load that works clears the error and reloads the view")
    func recovery() {
        var state = Fixtures.state(width: 160, height: 40)
        _ = state.reduce(.loadFailed(Self.deleted))
        let effects = state.reduce(.queuesLoaded(Fixtures.queues, at: Fixtures.now))
        #expect(state.storeOutage == nil)
        #expect(
            effects == [.loadQueues(finishedSince: Fixtures.ago(3600)), .loadActivity(state.queueActivityQuery)],
            "what was shown may be stale: reload the queues and their charts")
        #expect(Self.header(state).contains("●") && !Self.header(state).contains("✘"))
        #expect(state.reduce(.queuesLoaded(Fixtures.queues, at: Fixtures.now)).isEmpty, "no reload without an outage")
    }

    @Test("after an outage the change feed restarts from the store's sequence, even a lower one")
    func feedRestarts() {
        var state = Fixtures.state()
        #expect(state.lastSequence == 48_213)
        _ = state.reduce(.loadFailed(Self.deleted))
        let effects = state.reduce(.changesArrived([], latestSequence: 120, runQueues: [:]))
        #expect(state.lastSequence == 120, "another file put in place has its own sequence")
        #expect(state.storeOutage == nil && effects.contains(.loadQueues(finishedSince: Fixtures.ago(3600))))
        _ = state.reduce(.changesArrived([], latestSequence: 90, runQueues: [:]))
        #expect(state.lastSequence == 120, "without an outage the sequence never goes back")
    }

    @Test("every kind of load ends an outage; a diagnosis or an action outcome does not")
    func whatEndsAnOutage() {
        let loads: [ConsoleAction] = [
            .runsLoaded(Fixtures.runs, query: RunQuery(), at: Fixtures.now),
            .runDetailLoaded(nil, runId: "run_x", at: Fixtures.now),
            .eventsLoaded(Fixtures.events, at: Fixtures.now),
            .workersLoaded([], runsInHand: [:], liveness: 60, at: Fixtures.now),
        ]
        for load in loads {
            var state = Fixtures.state()
            _ = state.reduce(.loadFailed(Self.deleted))
            _ = state.reduce(load)
            #expect(state.storeOutage == nil, "\(load)")
        }
        var state = Fixtures.state()
        _ = state.reduce(.loadFailed(Self.deleted))
        _ = state.reduce(.diagnosisFailed("run_x", message: "no such run"))
        #expect(state.storeOutage != nil)
    }
}
