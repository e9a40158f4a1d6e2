import Console
import DurableJobs
import Foundation
import JobStore

/// Carries out the reducer's effects through the engine's operations, one at a time and in order, and reports each
/// result back as an action. A read already waiting is not queued twice, so a slow store never builds up
/// a backlog of identical polls and loads.
actor EffectRunner {
    /// Where effects read and write, and where "now" comes from (the demo's clock runs ahead of the wall clock).
    /// Replaced when the store is opened again on a database file put back in place.
    var operations: Operations
    /// Who the console's actions are recorded as.
    let actor: Operator
    /// Reports results to the session.
    let send: @Sendable (ConsoleAction) -> Void
    private let copy: @Sendable (String) -> Void
    /// Opens text in `$EDITOR` (curses suspended) and returns what was saved.
    let edit: @Sendable (_ text: String, _ name: String) async -> EditorOutcome
    private var pending: [ConsoleEffect] = []
    private var isDraining = false
    /// Queue names of runs seen in the change feed, for the throughput sparklines.
    private var runQueues: [RunID: String] = [:]
    /// The SQLite file the store reads, looked at before every read and write; nil watches nothing.
    var watch: DatabaseFileWatch?
    /// Opens the store again, after its file was replaced; nil leaves the console reporting the replacement.
    let reopen: (@Sendable () async throws -> Operations)?
    /// When the store was last opened again, and why that failed, so a failing file is tried once a second.
    var lastReopen: (at: ContinuousClock.Instant, failure: String?)?
    /// Whether the next change poll starts from the store's latest sequence rather than the one asked for:
    /// a file put back in place has sequences of its own.
    var restartsFeed = false

    /// The most unknown runs looked up per poll to place finished runs in their queue's sparkline.
    static let queueLookupsPerPoll = 32

    /// How long a load may take before the console says it is still waiting for the store.
    static let loadPatience: Duration = .seconds(10)
    init(
        operations: Operations, actor: Operator = .local(via: .console),
        send: @escaping @Sendable (ConsoleAction) -> Void, copy: @escaping @Sendable (String) -> Void,
        edit: @escaping @Sendable (String, String) async -> EditorOutcome = { _, _ in .failed("No editor") },
        watch: DatabaseFileWatch? = nil, reopen: (@Sendable () async throws -> Operations)? = nil
    ) {
        self.operations = operations
        self.actor = actor
        self.send = send
        self.copy = copy
        self.edit = edit
        self.watch = watch
        self.reopen = reopen
    }

    /// Queues effects; `.quit` is the session's to handle and is ignored here.
    func submit(_ effects: [ConsoleEffect]) {
        for effect in effects where effect != .quit && !(effect.isRead && pending.contains(effect)) {
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
        if Self.touchesStore(effect), let problem = await storeFileProblem() {
            refuse(effect, because: problem)
            return
        }
        switch effect {
        case .loadQueues(let since):
            await load("queues") {
                let queues = try await self.operations.queues(finishedSince: since)
                // The store's retention policy, for the queues that follow it.
                self.send(.retentionLoaded(try await self.operations.retention()))
                return .queuesLoaded(queues, at: self.operations.now())
            }
        case .loadRuns(let query):
            await load("runs") {
                .runsLoaded(try await self.operations.runs(query), query: query, at: self.operations.now())
            }
        case .loadRunDetail(let id):
            await load("run \(id)") {
                if let detail = try await self.operations.run(id) {
                    return .runDetailLoaded(detail, runId: id, at: self.operations.now())
                }
                // The prune history tells a run retention deleted from one that never was.
                self.send(.retentionLoaded(try await self.operations.retention()))
                return .runDetailLoaded(nil, runId: id, at: self.operations.now())
            }
        case .pollChanges(let after):
            await load("the change feed") { try await self.poll(after: after) }
        case .loadWaits, .loadEvents, .loadState, .loadLocks, .loadSchedules, .loadWorkers, .loadFailures,
            .loadAudit, .loadOverview, .loadActivity, .prepareBulk:
            await performLoad(effect)
        case .explain(let id):
            await explainRun(id)
        case .editState(let request):
            send(.editorFinished(request, await edit(request.text, request.key)))
        case .write(let write):
            await perform(write)
        case .copyToClipboard(let text):
            copy(text)
        case .quit:
            break
        }
    }

    private func poll(after: Int64?) async throws -> ConsoleAction {
        // Queue settings and state have no feed entries: their counters say when to read them again.
        send(.countersArrived(try await operations.changeCounters()))
        guard let after, !restartsFeed else {
            let latest = try await operations.latestSequence()
            restartsFeed = false
            return .changesArrived([], latestSequence: latest, runQueues: [:])
        }
        let entries = try await operations.changes(after: after, limit: ConsoleState.changesPageSize)
        var lookups = 0
        var found: [RunID: String] = [:]
        for entry in entries where entry.kind == .completed || entry.kind == .failed {
            if let queue = runQueues[entry.runId] {
                found[entry.runId] = queue
            } else if lookups < Self.queueLookupsPerPoll {
                lookups += 1
                if let detail = try await operations.run(entry.runId, logLimit: 0) {
                    runQueues[entry.runId] = detail.run.queue
                    found[entry.runId] = detail.run.queue
                }
            }
        }
        if runQueues.count > 20_000 { runQueues.removeAll(keepingCapacity: true) }
        return .changesArrived(entries, latestSequence: entries.last?.sequence ?? after, runQueues: found)
    }

    /// Runs a read and reports its action, or a load failure naming what could not be loaded.
    func load(_ what: String, _ operation: () async throws -> ConsoleAction) async {
        // A store that stops answering (a hung connection, a file locked for long) must not leave the screen
        // saying "Loading…" for ever: after a while it says so, and the answer still counts when it comes.
        let patience = Self.loadPatience
        let timer = Task { [send] in
            try await Task.sleep(for: patience)
            send(
                .loadFailed(
                    "Still loading \(what) after \(patience.components.seconds) s: the store is slow or unreachable"))
        }
        defer { timer.cancel() }
        do {
            send(try await operation())
        } catch {
            send(.loadFailed("Could not load \(what): \(Self.describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        Operations.describe(error)
    }
}
