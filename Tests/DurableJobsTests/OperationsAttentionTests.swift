import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import DurableJobs

/// What needs attention: the list the Overview and `stackshift status` show, ranked.
@Suite("Operations: what needs attention")
struct OperationsAttentionTests {
    @Test("a healthy system needs no attention")
    func healthy() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        stackshift.job("ok") { (ctx: JobContext<Item>) -> String in ctx.payload.id }
        let run = try await stackshift.start("ok", payload: Item(id: "a"))
        _ = try await engine.withWorker {
            try await stackshift.waitForRun(run.id, toBe: [.completed], timeout: .testPatience)
        }
        #expect(try await stackshift.operations.attention().isEmpty)
    }

    @Test("a failing cause, an orphaned lock, a paused queue with work and a near-miss wait are listed, ranked")
    func problemsRanked() async throws {
        let engine = try TestEngine()
        let stackshift = engine.stackshift
        stackshift.job("provision", options: JobOptions(retryPolicy: .never)) { (ctx: JobContext<Item>) -> String? in
            if ctx.payload.id.hasPrefix("fail") { throw JobError("502 Bad Gateway for cus_\(ctx.payload.id)9") }
            let confirmation: String? = try await ctx.step.waitForEvent(
                "await", event: "payment.confirmed", key: ctx.payload.id)
            return confirmation
        }
        let failing = try await stackshift.start("provision", payload: Item(id: "fail1"))
        let waiting = try await stackshift.start("provision", payload: Item(id: "pay_123"))
        _ = try await engine.withWorker {
            try await stackshift.waitForRun(failing.id, toBe: [.failed], timeout: .testPatience)
            return try await stackshift.waitForRun(waiting.id, toBe: [.waiting], timeout: .testPatience)
        }
        try await stackshift.sendEvent("payment.confirmed", key: "PAY_123", payload: "wrong key")
        // A lock left by a run that ended.
        let now = stackshift.clock.now()
        _ = try await stackshift.store.acquireLock(
            AcquireLockParams(
                key: "search-index:rebuild", owner: failing.id, expiresAt: now.addingTimeInterval(3600), now: now))
        // A paused queue with a run in it.
        try await stackshift.queue("emails").pause()
        _ = try await stackshift.queue("emails").enqueue("provision", payload: Item(id: "held"))

        let items = try await stackshift.operations.attention()
        #expect(items.map(\.kind) == [.failures, .orphanedLock, .pausedQueue, .nearMissWait], "\(items)")
        #expect(items[0].summary.contains("JobError: <n> Bad Gateway for <id>: 1 failure in 1 run in the last hour"))
        #expect(items[1].target == "search-index:rebuild" && items[1].summary.contains("held by run \(failing.id)"))
        #expect(items[2].summary == "queue emails is paused with 1 run queued")
        #expect(items[3].runId == waiting.id && items[3].summary.contains("an event with key PAY_123 nearly matches"))
    }

    @Test("a silent worker is listed with how long it has been silent, and since its last heartbeat")
    func silentWorker() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func worker(_ id: String, beat seconds: TimeInterval) -> WorkerRecord {
            WorkerRecord(
                id: id, host: "h", pid: 1, queues: ["default"], jobs: [], concurrency: 4,
                startedAt: now.addingTimeInterval(-3600), heartbeatAt: now.addingTimeInterval(-seconds))
        }
        let activity = WorkerActivity(
            workers: [worker("w-live", beat: 2), worker("w-9", beat: 250)], runsInHand: [:], silent: ["w-9"])
        let items = Operations.attentionItems(queues: [], workers: activity, now: now)
        #expect(items.map(\.summary) == ["worker w-9 has sent no heartbeat for 4m10s"])
        #expect(items.first?.since == now.addingTimeInterval(-250), "the Overview's FOR column counts from it")
    }

    @Test("ranked breadth first: the first of each kind, most urgent first, then the second of each")
    func breadthFirst() {
        func item(_ kind: AttentionItem.Kind, _ target: String) -> AttentionItem {
            AttentionItem(kind: kind, summary: target, target: target)
        }
        let found = [
            item(.failures, "a"), item(.failures, "b"), item(.failures, "c"), item(.silentWorker, "w"),
            item(.orphanedLock, "l"), item(.pausedQueue, "q"), item(.orphanedLock, "m"),
        ]
        #expect(Operations.ranked(found).map(\.target) == ["a", "l", "q", "w", "b", "m", "c"])
    }
}
