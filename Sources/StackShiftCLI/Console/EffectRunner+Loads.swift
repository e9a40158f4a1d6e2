import Console
import DurableJobs
import Foundation
import JobStore

extension EffectRunner {
    /// The most waiting runs, events and state values a list view loads.
    static let listLimit = 1000
    /// The most recent events the events and waits views load.
    static let eventLimit = 200
    /// The most rejected webhook deliveries the events view loads, newest first.
    static let rejectedWebhookLimit = 200
    /// The most schedules whose last run is looked up for its status.
    static let scheduleRunLookups = 100

    /// Loads the data of the list views, and the run ids of a bulk action.
    func performLoad(_ effect: ConsoleEffect) async {
        switch effect {
        case .loadWaits:
            await load("waiting runs") {
                let now = self.operations.now()
                let runs = try await self.operations.runs(RunQuery(statuses: [.waiting], limit: Self.listLimit))
                let events = try await self.operations.events(unconsumedOnly: true, limit: Self.eventLimit)
                return .waitsLoaded(runs, unconsumed: events, at: now)
            }
        case .loadEvents:
            await load("events") {
                let now = self.operations.now()
                return .eventsLoaded(try await self.operations.events(limit: Self.eventLimit), at: now)
            }
            // Loaded on its own, so the events still show should this read fail.
            await load("rejected webhook deliveries") {
                let now = self.operations.now()
                let deliveries = try await self.operations.rejectedWebhooks(limit: Self.rejectedWebhookLimit)
                return .rejectedWebhooksLoaded(deliveries, at: now)
            }
        case .loadState(let prefix):
            await load("state") {
                let now = self.operations.now()
                let entries = try await self.operations.stateValues(prefix: prefix, limit: Self.listLimit)
                return .stateLoaded(entries, prefix: prefix, at: now)
            }
        case .loadLocks(let prefix):
            await load("locks") {
                let now = self.operations.now()
                return .locksLoaded(try await self.operations.locks(prefix: prefix), prefix: prefix, at: now)
            }
        case .loadSchedules:
            await load("schedules") { try await self.loadSchedules() }
        case .loadWorkers:
            await load("workers") { try await self.loadWorkers() }
        case .loadAudit:
            await load("the audit trail") {
                let now = self.operations.now()
                return .auditLoaded(try await self.operations.auditTrail(limit: ConsoleState.auditLimit), at: now)
            }
        case .loadFailures(let since):
            await load("failures") {
                let now = self.operations.now()
                return .failuresLoaded(try await self.operations.failureGroups(since: since), since: since, at: now)
            }
        case .loadOverview(let query):
            await load("the overview") { try await self.loadOverview(query) }
        case .loadActivity(let query):
            await load("run activity") {
                .activityLoaded(try await self.operations.runActivity(query), query: query, at: self.operations.now())
            }
        case .prepareBulk(let kind, let query):
            await load("the runs to \(kind.verb)") { try await self.collectRuns(kind, query: query) }
        default:
            break
        }
    }

    /// Schedules, with the status of the run each last started (looked up by id, at most a hundred).
    private func loadSchedules() async throws -> ConsoleAction {
        let now = operations.now()
        let schedules = try await operations.schedules()
        var lastRuns: [RunID: RunRecord] = [:]
        for id in schedules.compactMap(\.lastRunId).prefix(Self.scheduleRunLookups) {
            if let detail = try await operations.run(id, logLimit: 0) {
                lastRuns[id] = detail.run
            }
        }
        return .schedulesLoaded(schedules, lastRuns: lastRuns, at: now)
    }

    /// The overview's panels, one read each: the activity of its window, what needs attention, queues and
    /// workers.
    private func loadOverview(_ query: RunActivityQuery) async throws -> ConsoleAction {
        let now = operations.now()
        let overview = try await operations.overview(query)
        let data = OverviewData(
            activity: overview.activity, query: query, attention: overview.attention, queues: overview.queues,
            workers: overview.workers.workers, runsInHand: overview.workers.runsInHand,
            workerLiveness: operations.settings.workerLiveness.timeInterval)
        return .overviewLoaded(data, at: now)
    }

    /// Workers, and how many running runs each holds a lease on.
    private func loadWorkers() async throws -> ConsoleAction {
        let now = operations.now()
        let activity = try await operations.workers()
        return .workersLoaded(
            activity.workers, runsInHand: activity.runsInHand,
            liveness: operations.settings.workerLiveness.timeInterval, at: now)
    }

    /// The ids of the runs a bulk action applies to, newest first, up to ``ConsoleState/bulkLimit``.
    private func collectRuns(_ kind: BulkKind, query: RunQuery) async throws -> ConsoleAction {
        let selected = try await operations.selectRuns(query, limit: ConsoleState.bulkLimit)
        return .bulkPrepared(kind, selected.ids, truncated: selected.truncated)
    }

    /// Asks the engine why a run is not moving.
    func explainRun(_ id: RunID) async {
        do {
            send(.diagnosed(try await operations.why(id)))
        } catch JobStoreError.runPruned(let pruned) {
            send(.runPruned(pruned))
        } catch {
            send(.diagnosisFailed(id, message: Self.describe(error)))
        }
    }
}
