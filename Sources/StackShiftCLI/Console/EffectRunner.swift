import Console
import Foundation
import JobStore

/// Carries out the reducer's effects against the store, one at a time and in order, and reports each
/// result back as an action. An effect already waiting is not queued twice, so a slow store never
/// builds up a backlog of identical polls and loads.
actor EffectRunner {
    private let store: any JobStore
    private let send: @Sendable (ConsoleAction) -> Void
    private let copy: @Sendable (String) -> Void
    private var pending: [ConsoleEffect] = []
    private var isDraining = false
    /// Queue names of runs seen in the change feed, for the throughput sparklines.
    private var runQueues: [RunID: String] = [:]

    /// The most unknown runs looked up per poll to place finished runs in their queue's sparkline.
    static let queueLookupsPerPoll = 32

    init(
        store: any JobStore, send: @escaping @Sendable (ConsoleAction) -> Void,
        copy: @escaping @Sendable (String) -> Void
    ) {
        self.store = store
        self.send = send
        self.copy = copy
    }

    /// Queues effects; `.quit` is the session's to handle and is ignored here.
    func submit(_ effects: [ConsoleEffect]) {
        for effect in effects where effect != .quit && !pending.contains(effect) {
            pending.append(effect)
        }
        guard !isDraining, !pending.isEmpty else { return }
        isDraining = true
        Task { await drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            await perform(effect)
        }
        isDraining = false
    }

    private func perform(_ effect: ConsoleEffect) async {
        switch effect {
        case .loadQueues(let since):
            await load("queues") {
                .queuesLoaded(try await self.store.queueSummaries(QueueSummaryParams(finishedSince: since)), at: Date())
            }
        case .loadRuns(let query):
            await load("runs") { .runsLoaded(try await self.store.listRuns(query), query: query, at: Date()) }
        case .loadRunDetail(let id):
            await load("run \(id)") {
                .runDetailLoaded(try await self.store.runDetail(RunDetailParams(runId: id)), runId: id, at: Date())
            }
        case .pollChanges(let after):
            await load("the change feed") { try await self.poll(after: after) }
        case .retry(let id):
            do {
                send(.actionFinished(.retried(try await store.retryRun(RetryRunParams(runId: id, now: Date())))))
            } catch {
                send(.actionFinished(.failed(.retry(id), message: Self.describe(error))))
            }
        case .cancel(let id):
            do {
                let params = CancelRunParams(runId: id, reason: "canceled from the console", now: Date())
                send(.actionFinished(.canceled(try await store.cancelRun(params))))
            } catch {
                send(.actionFinished(.failed(.cancel(id), message: Self.describe(error))))
            }
        case .copyToClipboard(let text):
            copy(text)
        case .quit:
            break
        }
    }

    private func poll(after: Int64?) async throws -> ConsoleAction {
        guard let after else {
            return .changesArrived([], latestSequence: try await store.latestSequence(), runQueues: [:])
        }
        let entries = try await store.changes(ChangesParams(after: after, limit: ConsoleState.changesPageSize))
        var lookups = 0
        var found: [RunID: String] = [:]
        for entry in entries where entry.kind == .completed || entry.kind == .failed {
            if let queue = runQueues[entry.runId] {
                found[entry.runId] = queue
            } else if lookups < Self.queueLookupsPerPoll {
                lookups += 1
                if let detail = try await store.runDetail(RunDetailParams(runId: entry.runId, logLimit: 0)) {
                    runQueues[entry.runId] = detail.run.queue
                    found[entry.runId] = detail.run.queue
                }
            }
        }
        if runQueues.count > 20_000 { runQueues.removeAll(keepingCapacity: true) }
        return .changesArrived(entries, latestSequence: entries.last?.sequence ?? after, runQueues: found)
    }

    private func load(_ what: String, _ operation: () async throws -> ConsoleAction) async {
        do {
            send(try await operation())
        } catch {
            send(.loadFailed("Could not load \(what): \(Self.describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? JobStoreError)?.description ?? String(describing: error)
    }
}
