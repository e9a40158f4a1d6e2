import Foundation
import JobStore

extension ConsoleState {
    /// Stores a list view's data. While paused the display keeps its frozen copy, except that a list opened
    /// after pausing still gets its first rows.
    mutating func listLoaded(_ action: ConsoleAction) {
        switch action {
        case .waitsLoaded(let runs, let unconsumed, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.waits != nil) {
                $0.waits = runs
                $0.unconsumedEvents = unconsumed
            }
            for run in runs { runQueues[run.id] = run.queue }
        case .eventsLoaded(let events, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.events != nil) { $0.events = events }
        case .stateLoaded(let entries, let prefix, let at):
            // An answer for a prefix no longer shown is dropped.
            guard prefix == statePrefix else { return }
            live.capturedAt = at
            store(frozenHas: frozenHasState(prefix)) {
                $0.stateEntries = entries
                $0.statePrefix = prefix
            }
        case .locksLoaded(let locks, let prefix, let at):
            guard prefix == statePrefix else { return }
            live.capturedAt = at
            store(frozenHas: frozenHasState(prefix)) { $0.locks = locks }
        case .schedulesLoaded(let schedules, let lastRuns, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.schedules != nil) {
                $0.schedules = schedules
                $0.scheduleRuns = lastRuns
            }
        case .workersLoaded(let workers, let runsInHand, let at):
            live.capturedAt = at
            store(frozenHas: frozen?.workers != nil) {
                $0.workers = workers
                $0.runsInHand = runsInHand
            }
        default:
            return
        }
        keepSelectionInView()
    }

    /// Whether the frozen copy already shows state values under a prefix.
    private func frozenHasState(_ prefix: String) -> Bool {
        frozen?.stateEntries != nil && frozen?.statePrefix == prefix
    }

    /// Applies a change to the live data, and to the frozen copy unless it has loaded this list already.
    private mutating func store(frozenHas: Bool, _ change: (inout ConsoleData) -> Void) {
        change(&live)
        if isPaused, !frozenHas, var data = frozen {
            change(&data)
            frozen = data
        }
    }
}
