import Foundation
import JobStore
import Testing

@testable import DurableJobs

/// The operations API: the one path the console, the CLI and the server take for operator actions and reads.
@Suite("Operations")
struct OperationsTests {
    static let ada = Operator(name: "ada@laptop", channel: .console)

    @Test("a cancel's timeline names the operator and the reason")
    func cancelNamesOperator() async throws {
        let engine = try TestEngine(manualClock: true)
        let run = try await engine.stackshift.start("x", payload: Item(id: "a"))
        let result = try await engine.stackshift.operations.cancel(run.id, reason: "deploy rolled back", by: Self.ada)
        guard case .canceled = result else {
            Issue.record("expected an immediate cancel, got \(result)")
            return
        }
        let timeline = try #require(try await engine.stackshift.operations.run(run.id)).timeline
        #expect(
            timeline.last?.message == "canceled while queued: by ada@laptop via console: deploy rolled back")
    }

    @Test("an operator is never nameless, and reads as 'name via channel'")
    func operatorDescription() {
        #expect(Operator(name: "  ", channel: .cli).description == "unknown via cli")
        #expect(Operator(name: "key:stripe", channel: .http).description == "key:stripe via http")
        #expect(Operator.local(via: .console).description.hasSuffix(" via console"))
    }

    @Test("selecting runs pages newest first and says when more matched than the limit")
    func selectRunsTruncates() async throws {
        let engine = try TestEngine(manualClock: true)
        var ids: [RunID] = []
        for index in 0..<5 {
            ids.append(try await engine.stackshift.start("x", payload: Item(id: "\(index)")).id)
            engine.clock?.advance(by: 1)
        }
        let operations = engine.stackshift.operations
        let some = try await operations.selectRuns(RunQuery(statuses: [.queued]), limit: 3)
        #expect(some.ids == Array(ids.reversed().prefix(3)))
        #expect(some.truncated)
        let all = try await operations.selectRuns(RunQuery(statuses: [.queued]), limit: 10)
        #expect(all.ids == ids.reversed())
        #expect(!all.truncated)
    }

    @Test("a bulk cancel changes every run it can and reports the first it could not")
    func bulkCancelTally() async throws {
        let engine = try TestEngine(manualClock: true)
        let first = try await engine.stackshift.start("x", payload: Item(id: "1")).id
        let second = try await engine.stackshift.start("x", payload: Item(id: "2")).id
        var heard: [RunID] = []
        let tally = await engine.stackshift.operations.cancelEach(
            [first, "run_missing", second], by: Self.ada, report: { id, _ in heard.append(id) })
        #expect(tally.succeeded == 2)
        #expect(tally.failed == 1)
        #expect(tally.firstError?.hasPrefix("run_missing: ") == true)
        #expect(heard == [first, "run_missing", second])
        for id in [first, second] {
            #expect(try await engine.stackshift.operations.run(id)?.run.status == .canceled)
        }
    }

    @Test("a retried run keeps its completed steps unless retried fresh; the timeline names who retried")
    func retryFromStart() async throws {
        let engine = try TestEngine(manualClock: true)
        let run = try await engine.stackshift.start("x", payload: Item(id: "r"))
        try await engine.stackshift.operations.cancel(run.id, by: Self.ada)
        let kept = try await engine.stackshift.operations.retry(run.id, by: Self.ada)
        #expect(kept.status == .queued)
        let timeline = try #require(try await engine.stackshift.operations.run(run.id)).timeline
        #expect(timeline.last?.message == "retried after canceled by ada@laptop via console (completed steps kept)")
        try await engine.stackshift.operations.cancel(run.id, by: Self.ada)
        try await engine.stackshift.operations.retry(run.id, from: .fresh, by: Self.ada)
        let fresh = try #require(try await engine.stackshift.operations.run(run.id)).timeline
        #expect(fresh.last?.message == "retried after canceled by ada@laptop via console (steps cleared)")
    }

    @Test("releasing a lock: only as its holder, never one that changed hands, nil when none is held")
    func releaseLock() async throws {
        let engine = try TestEngine(manualClock: true)
        let store = engine.stackshift.store
        let now = engine.stackshift.clock.now()
        _ = try await store.acquireLock(
            AcquireLockParams(
                key: "search:rebuild", owner: "worker-a", expiresAt: now.addingTimeInterval(600), now: now))
        let operations = engine.stackshift.operations
        await #expect(throws: JobStoreError.self) {
            try await operations.releaseLock("search:rebuild", owner: "worker-b", by: Self.ada)
        }
        #expect(try await operations.locks().map(\.key) == ["search:rebuild"])
        // An owner that is no run cannot be checked: only --force releases its lock.
        do {
            try await operations.releaseLock("search:rebuild", by: Self.ada)
            Issue.record("a lock whose holder cannot be checked was released without force")
        } catch let error as JobStoreError {
            #expect(
                "\(error)".contains(
                    "held by worker-a, which is neither a run nor a registered worker StackShift can check"), "\(error)"
            )
            #expect("\(error)".contains("pass --force"), "\(error)")
        }
        let released = try await operations.releaseLock("search:rebuild", force: true, by: Self.ada)
        #expect(released?.owner == "worker-a")
        #expect(try await operations.locks().isEmpty)
        #expect(try await operations.releaseLock("search:rebuild", by: Self.ada) == nil)
    }

    @Test("a lock held by a run: refused while the run may still work, released without force once it ended")
    func releaseOrphanedLock() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let run = try await engine.stackshift.start("x", payload: Item(id: "a"))
        let now = engine.stackshift.clock.now()
        _ = try await engine.stackshift.store.acquireLock(
            AcquireLockParams(key: "search:rebuild", owner: run.id, expiresAt: now.addingTimeInterval(600), now: now))
        do {
            try await operations.releaseLock("search:rebuild", by: Self.ada)
            Issue.record("a lock held by a queued run was released without force")
        } catch let error as JobStoreError {
            #expect("\(error)".contains("held by run \(run.id), which is queued"), "\(error)")
        }
        #expect(try await operations.locks().count == 1, "nothing released")
        try await operations.cancel(run.id, by: Self.ada)
        #expect(try await operations.releaseLock("search:rebuild", by: Self.ada)?.owner == run.id, "orphaned now")
        #expect(try await operations.locks().isEmpty)
        // A run id with no run behind it (deleted) holds nothing either.
        _ = try await engine.stackshift.store.acquireLock(
            AcquireLockParams(key: "gone", owner: "run_deleted01", expiresAt: now.addingTimeInterval(600), now: now))
        #expect(try await operations.releaseLock("gone", by: Self.ada)?.owner == "run_deleted01")
    }

    @Test("forgetting a worker: a silent one with no runs goes; a live, unknown or run-holding one is refused")
    func forgetWorker() async throws {
        let engine = try TestEngine(manualClock: true)
        let store = engine.stackshift.store
        let now = engine.stackshift.clock.now()
        for (id, heardAt) in [("w-live", now), ("w-silent", now.addingTimeInterval(-61))] {
            let worker = WorkerRecord(
                id: id, host: "h", pid: 1, queues: ["default"], jobs: [], concurrency: 1, startedAt: heardAt,
                heartbeatAt: heardAt)
            _ = try await store.heartbeat(
                HeartbeatParams(worker: worker, leases: [], leaseExpiresAt: now, now: heardAt))
        }
        let operations = engine.stackshift.operations
        #expect(try await operations.workers().silent == ["w-silent"])
        await #expect(throws: JobStoreError.self) { try await operations.forgetWorker("w-live", by: Self.ada) }
        await #expect(throws: JobStoreError.self) { try await operations.forgetWorker("w-nope", by: Self.ada) }
        // Silent, but still holding a running run: its lease has to lapse first.
        _ = try await engine.stackshift.start("x", payload: Item(id: "held"))
        let claimed = try await store.claimRuns(
            ClaimRunsParams(
                workerId: "w-silent", queues: ["default"], jobs: ["x"], limit: 1,
                leaseExpiresAt: now.addingTimeInterval(600), now: now))
        #expect(claimed.count == 1)
        do {
            try await operations.forgetWorker("w-silent", by: Self.ada)
            Issue.record("a worker holding a running run was forgotten")
        } catch let error as JobStoreError {
            #expect("\(error)".contains("w-silent still holds 1 running run"), "\(error)")
        }
        try await operations.cancel(claimed[0].run.id, by: Self.ada)
        _ = try await store.finishAttempt(
            FinishAttemptParams(lease: claimed[0].lease, end: .canceled, now: now))
        try await operations.forgetWorker("w-silent", by: Self.ada)
        #expect(try await operations.workers().workers.map(\.id) == ["w-live"])
    }

    @Test("pausing or resuming a queue never seen is refused and creates nothing")
    func pauseUnknownQueue() async throws {
        let engine = try TestEngine(manualClock: true)
        _ = try await engine.stackshift.start("x", payload: Item(id: "q"), options: .init(queue: "emails"))
        let operations = engine.stackshift.operations
        await #expect(throws: JobStoreError.invalidInput("no queue named emials (queues: emails)")) {
            try await operations.pauseQueue("emials", by: Self.ada)
        }
        #expect(try await operations.queues().map(\.queue.name) == ["emails"])
        #expect(try await operations.pauseQueue("emails", by: Self.ada).paused)
        #expect(try await operations.resumeQueue("emails", by: Self.ada).paused == false)
    }

    @Test("events are kept for the engine's retention unless the sender asks for another")
    func eventRetentionHasOneSource() async throws {
        let engine = try TestEngine(manualClock: true)
        let client = StackShift(
            store: engine.stackshift.store, clock: engine.stackshift.clock,
            settings: EngineSettings(eventRetention: .hours(2)))
        let now = client.clock.now()
        let byDefault = try await client.operations.sendEvent("e", key: "k", payloadJSON: "{}", by: Self.ada)
        #expect(byDefault.event.expiresAt == now.addingTimeInterval(7200))
        let longer = try await client.operations.sendEvent(
            "e", key: "k2", payloadJSON: "{}", retention: .hours(48), by: Self.ada)
        #expect(longer.event.expiresAt == now.addingTimeInterval(48 * 3600))
        await #expect(throws: JobStoreError.self) {
            try await client.operations.sendEvent("e", key: "k3", payloadJSON: "{nope", by: Self.ada)
        }
        #expect(try await client.operations.events(key: "k3").isEmpty)
    }
}
