import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import DurableJobs

/// The audit trail the operations API writes: one entry per operator action, done or refused, naming who did
/// it; none for the engine's and the application's own work.
@Suite("Operations audit trail")
struct OperationsAuditTests {
    static let ada = Operator(name: "ada@laptop", channel: .console)

    /// Carries out `action` and expects it to leave exactly one new entry, which it returns.
    static func oneEntry(
        _ operations: Operations, sourceLocation: SourceLocation = #_sourceLocation,
        _ action: () async throws -> Void
    ) async throws -> AuditEntry {
        let before = try await operations.auditTrail(limit: 10_000)
        try await action()
        let after = try await operations.auditTrail(limit: 10_000)
        #expect(after.count == before.count + 1, "one new entry", sourceLocation: sourceLocation)
        return try #require(after.first, sourceLocation: sourceLocation)
    }

    /// Expects `action` to throw and to leave exactly one new entry, refused; returns it.
    static func refusal(
        _ operations: Operations, sourceLocation: SourceLocation = #_sourceLocation,
        _ action: () async throws -> Void
    ) async throws -> AuditEntry {
        try await oneEntry(operations, sourceLocation: sourceLocation) {
            await #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try await action() }
        }
    }

    /// A failed run whose steps `charge`, `ship` and `mail` completed before it failed, written at the clock's time.
    static func failedRun(_ engine: TestEngine) async throws -> RunID {
        let stackshift = engine.stackshift
        let run = try await stackshift.start("x", payload: Item(id: "f"), options: .init(retryPolicy: .never))
        let now = stackshift.clock.now()
        let claimed = try #require(try await stackshift.store.claimRuns(Fixtures.claim(jobs: ["x"], now: now)).first)
        for step in ["charge", "ship", "mail"] {
            _ = try await stackshift.store.saveStep(
                SaveStepParams(
                    lease: claimed.lease, name: step, status: .completed, resultJSON: "1", startedAt: now, now: now))
        }
        _ = try await stackshift.store.finishAttempt(
            FinishAttemptParams(lease: claimed.lease, end: .failed(Fixtures.error()), now: now))
        return run.id
    }

    @Test("each operator action leaves exactly one entry naming who, through what, the action and its target")
    func eachActionOneEntry() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let now = operations.now()
        let run = try await engine.stackshift.start("x", payload: Item(id: "a"), options: .init(queue: "emails"))

        var entries: [AuditEntry] = []
        entries.append(
            try await Self.oneEntry(operations) { try await operations.cancel(run.id, reason: " dup ", by: Self.ada) })
        entries.append(try await Self.oneEntry(operations) { try await operations.retry(run.id, by: Self.ada) })
        var eventId: Int64 = 0
        entries.append(
            try await Self.oneEntry(operations) {
                eventId = try await operations.sendEvent(
                    "paid", key: "pay_1", payloadJSON: #"{"ok":true}"#, by: Self.ada
                )
                .event.id
            })
        entries.append(try await Self.oneEntry(operations) { try await operations.deleteEvent(eventId, by: Self.ada) })
        entries.append(
            try await Self.oneEntry(operations) {
                try await operations.setState("k", valueJSON: "41", expectedVersion: 0, by: Self.ada)
            })
        entries.append(
            try await Self.oneEntry(operations) { try await operations.incrementState("k", by: 1, by: Self.ada) })
        entries.append(try await Self.oneEntry(operations) { try await operations.deleteState("k", by: Self.ada) })
        entries.append(try await Self.oneEntry(operations) { try await operations.pauseQueue("emails", by: Self.ada) })
        entries.append(try await Self.oneEntry(operations) { try await operations.resumeQueue("emails", by: Self.ada) })
        entries.append(
            try await Self.oneEntry(operations) {
                try await operations.configureQueue("emails", concurrencyLimit: 3, by: Self.ada)
            })
        let silent = WorkerRecord(
            id: "w-silent", host: "h", pid: 1, queues: ["emails"], jobs: [], concurrency: 1,
            startedAt: now.addingTimeInterval(-120), heartbeatAt: now.addingTimeInterval(-120))
        _ = try await engine.stackshift.store.heartbeat(
            HeartbeatParams(worker: silent, leases: [], leaseExpiresAt: now, now: silent.heartbeatAt))
        entries.append(
            try await Self.oneEntry(operations) { try await operations.forgetWorker("w-silent", by: Self.ada) })

        #expect(
            entries.map(\.action) == [
                "cancel", "retry", "send-event", "delete-event", "set-state", "increment-state", "delete-state",
                "pause-queue", "resume-queue", "configure-queue", "forget-worker",
            ])
        #expect(
            entries.map(\.target) == [
                run.id, run.id, "paid", "\(eventId)", "k", "k", "k", "emails", "emails", "emails", "w-silent",
            ])
        #expect(entries.allSatisfy { $0.actor == "ada@laptop" && $0.channel == "console" && $0.outcome == "done" })
        #expect(entries.allSatisfy { $0.at == now })
        #expect(entries.map(\.runId) == [run.id, run.id] as [RunID?] + Array(repeating: nil, count: 9))
        #expect(entries[0].detail == "dup", "the cancel's reason, trimmed")
        #expect(entries[1].detail == "after canceled (completed steps kept)")
        #expect(entries[2].detail == #"key pay_1, payload {"ok":true}"#)
        #expect(entries[3].detail == #"paid key pay_1, payload {"ok":true}"#, "what the deleted event was")
        #expect(entries[4].detail == "value 41, only if absent")
        #expect(entries[5].detail == "by 1")
        #expect(entries[9].detail == "concurrency limit 3, no retry policy")
        #expect(try await operations.auditTrail(runId: run.id).map(\.action) == ["retry", "cancel"])
    }

    @Test("a refused action leaves one refused entry saying why, and changes nothing")
    func refusedActions() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let run = try await engine.stackshift.start("x", payload: Item(id: "q"), options: .init(queue: "emails"))

        let retry = try await Self.refusal(operations) { try await operations.retry(run.id, by: Self.ada) }
        #expect(retry.action == "retry" && retry.target == run.id && retry.runId == run.id)
        #expect(retry.outcome == "refused: run \(run.id) is queued and cannot become queued")
        #expect(retry.detail == "keeping completed steps", "a refused retry records what was asked")
        let pause = try await Self.refusal(operations) { try await operations.pauseQueue("emials", by: Self.ada) }
        #expect(pause.outcome == "refused: no queue named emials (queues: emails)" && pause.target == "emials")
        let delete = try await Self.refusal(operations) { try await operations.deleteEvent(42, by: Self.ada) }
        #expect(delete.action == "delete-event" && delete.target == "42")
        #expect(delete.outcome.hasPrefix("refused: no event with id 42 (it may have expired or been deleted"))
        _ = try await operations.setState("k", valueJSON: "1", by: Self.ada)
        let conflict = try await Self.refusal(operations) {
            try await operations.setState("k", valueJSON: "2", expectedVersion: 5, by: Self.ada)
        }
        #expect(conflict.outcome.hasPrefix("refused: state key k is at version 1, not 5"))
        var existed = true
        let absent = try await Self.oneEntry(operations) {
            existed = try await operations.deleteState("gone", by: Self.ada)
        }
        #expect(!existed)
        #expect(absent.outcome == "refused: state key gone holds no live value; nothing deleted")
        let worker = try await Self.refusal(operations) { try await operations.forgetWorker("w-nope", by: Self.ada) }
        #expect(worker.outcome == "refused: no worker w-nope is registered")

        #expect(try await operations.run(run.id)?.run.status == .queued)
        #expect(try await operations.stateValue("k")?.valueJSON == "1")
        #expect(try await operations.queues().map(\.queue.name) == ["emails"])
        #expect(try await operations.auditTrail().allSatisfy { $0.refused || $0.action == "set-state" })
    }

    @Test("a retry from a step names the operator on the timeline and records what it cleared")
    func retryFromStepNamesOperator() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let id = try await Self.failedRun(engine)
        let entry = try await Self.oneEntry(operations) {
            try await operations.retry(id, from: .fromStep("ship"), by: Self.ada)
        }
        let message = try #require(try await operations.run(id)?.timeline.last?.message)
        #expect(
            message == "retried after failed by ada@laptop via console (failure budget raised to 2, "
                + "from step ship: 2 steps cleared, 1 kept)")
        #expect(entry.detail == "after failed (failure budget raised to 2, from step ship: 2 steps cleared, 1 kept)")
        let refused = try await Self.refusal(operations) {
            try await operations.retry(id, from: .fromStep("nope"), by: Self.ada)
        }
        #expect(refused.detail == "from step nope" && refused.outcome.hasPrefix("refused: run \(id) is queued"))
    }

    @Test("bulk actions leave one entry per run, refused ones included")
    func bulkEntries() async throws {
        let engine = try TestEngine(manualClock: true)
        let operations = engine.stackshift.operations
        let first = try await engine.stackshift.start("x", payload: Item(id: "1")).id
        let second = try await engine.stackshift.start("x", payload: Item(id: "2")).id
        let tally = await operations.cancelEach([first, "run_missing", second], reason: "bulk cancel", by: Self.ada)
        #expect(tally.succeeded == 2 && tally.failed == 1)
        let entries = try await operations.auditTrail()
        #expect(entries.map(\.target) == [second, "run_missing", first])
        #expect(
            entries.map(\.outcome) == [
                "done",
                "refused: no run with id run_missing (list runs with "
                    + "`stackshift runs list`)", "done",
            ])
    }

    @Test("the application's calls are recorded as the application; the engine's own work is not recorded")
    func applicationAndEngine() async throws {
        let engine = try TestEngine(manualClock: true)
        let stackshift = engine.stackshift
        let run = try await stackshift.start("x", payload: Item(id: "e"), options: .init(queue: "emails"))
        _ = try await stackshift.state.set("k", 1)
        _ = try await stackshift.state.increment("n")
        _ = try await stackshift.sendEvent("paid", key: "k", payloadJSON: "{}")
        _ = try await stackshift.queue("emails").pause()
        _ = try await stackshift.queue("emails").configure(concurrencyLimit: 2)
        #expect(try await stackshift.operations.auditTrail().isEmpty, "the application's own engine calls")

        try await stackshift.cancel(run.id)
        let entry = try #require(try await stackshift.operations.auditTrail().first)
        #expect(entry.action == "cancel" && entry.channel == "api" && entry.actor == Operator.application.name)
    }

    @Test("the trail lists newest first, by time window and run, and pages by id")
    func trailFilters() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let operations = engine.stackshift.operations
        for index in 0..<4 {
            _ = try await operations.setState("k\(index)", valueJSON: "\(index)", by: Self.ada)
            clock.advance(by: 60)
        }
        let all = try await operations.auditTrail()
        #expect(all.map(\.target) == ["k3", "k2", "k1", "k0"])
        #expect(
            try await operations.auditTrail(since: clock.now().addingTimeInterval(-150)).map(\.target) == ["k3", "k2"])
        #expect(try await operations.auditTrail(beforeId: all[1].id, limit: 1).map(\.target) == ["k1"])
        await #expect(throws: JobStoreError.self) { _ = try await operations.auditTrail(limit: 0) }
    }
}
