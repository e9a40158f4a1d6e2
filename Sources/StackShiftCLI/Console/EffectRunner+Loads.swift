import Console
import Foundation
import JobStore

extension EffectRunner {
    /// The most waiting runs, events and state values a list view loads.
    static let listLimit = 1000
    /// The most recent events the events and waits views load.
    static let eventLimit = 200
    /// The most schedules whose last run is looked up for its status.
    static let scheduleRunLookups = 100

    /// Loads the data of the list views, and the run ids of a bulk action.
    func performLoad(_ effect: ConsoleEffect) async {
        switch effect {
        case .loadWaits:
            await load("waiting runs") {
                let now = self.clock.now()
                let runs = try await self.store.listRuns(RunQuery(statuses: [.waiting], limit: Self.listLimit))
                let events = try await self.store.listEvents(
                    EventQuery(unconsumedOnly: true, limit: Self.eventLimit, now: now))
                return .waitsLoaded(runs, unconsumed: events, at: now)
            }
        case .loadEvents:
            await load("events") {
                let now = self.clock.now()
                return .eventsLoaded(
                    try await self.store.listEvents(EventQuery(limit: Self.eventLimit, now: now)), at: now)
            }
        case .loadState(let prefix):
            await load("state") {
                let now = self.clock.now()
                let entries = try await self.store.listState(
                    StateQuery(prefix: prefix, limit: Self.listLimit, now: now))
                return .stateLoaded(entries, prefix: prefix, at: now)
            }
        case .loadLocks(let prefix):
            await load("locks") {
                let now = self.clock.now()
                return .locksLoaded(
                    try await self.store.listLocks(LockQuery(prefix: prefix, now: now)), prefix: prefix, at: now)
            }
        case .loadSchedules:
            await load("schedules") { try await self.loadSchedules() }
        case .loadWorkers:
            await load("workers") { try await self.loadWorkers() }
        case .prepareBulk(let kind, let query):
            await load("the runs to \(kind.verb)") { try await self.collectRuns(kind, query: query) }
        default:
            break
        }
    }

    /// Schedules, with the status of the run each last started (looked up by id, at most a hundred).
    private func loadSchedules() async throws -> ConsoleAction {
        let now = self.clock.now()
        let schedules = try await store.listSchedules()
        var lastRuns: [RunID: RunRecord] = [:]
        for id in schedules.compactMap(\.lastRunId).prefix(Self.scheduleRunLookups) {
            if let detail = try await store.runDetail(RunDetailParams(runId: id, logLimit: 0)) {
                lastRuns[id] = detail.run
            }
        }
        return .schedulesLoaded(schedules, lastRuns: lastRuns, at: now)
    }

    /// Workers, and how many running runs each holds a lease on.
    private func loadWorkers() async throws -> ConsoleAction {
        let now = self.clock.now()
        let activity = try await WorkerActivity.load(from: store)
        return .workersLoaded(activity.workers, runsInHand: activity.runsInHand, at: now)
    }

    /// The ids of the runs a bulk action applies to, newest first, up to ``ConsoleState/bulkLimit``.
    private func collectRuns(_ kind: BulkKind, query: RunQuery) async throws -> ConsoleAction {
        let selected = try await BulkRunChange(store: store, clock: clock).selectRuns(
            query, limit: ConsoleState.bulkLimit)
        return .bulkPrepared(kind, selected.ids, truncated: selected.truncated)
    }

    /// Asks the engine why a run is not moving.
    func explainRun(_ id: RunID) async {
        guard let explain else {
            send(
                .diagnosisFailed(
                    id,
                    message: "this console was started without the engine's diagnosis; "
                        + "run `stackshift runs why \(id)`"))
            return
        }
        do {
            send(.diagnosed(try await explain(id)))
        } catch {
            send(.diagnosisFailed(id, message: Self.describe(error)))
        }
    }
}
