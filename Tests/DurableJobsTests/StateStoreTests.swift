import Foundation
import JobStore
import Synchronization
import Testing

@testable import DurableJobs

@Suite("State store")
struct StateStoreTests {
    struct Progress: Codable, Sendable, Hashable {
        var processed: Int
        var total: Int
    }

    @Test("get, set, delete and TTL, as in the documentation")
    func getSetDeleteTTL() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let state = engine.stackshift.state
        let progressKey = "imports:42:progress"
        try await state.set(progressKey, Progress(processed: 100, total: 500))
        #expect(try await state.get(progressKey, as: Progress.self) == Progress(processed: 100, total: 500))
        #expect(try await state.delete(progressKey))
        #expect(try await state.get(progressKey, as: Progress.self) == nil)

        try await state.set(
            "webhooks:stripe:evt_123", ["processed": true], expiresAt: clock.now().addingTimeInterval(60))
        #expect(try await state.get("webhooks:stripe:evt_123", as: [String: Bool].self) == ["processed": true])
        clock.advance(by: 60)
        #expect(
            try await state.get("webhooks:stripe:evt_123", as: [String: Bool].self) == nil,
            "expired values are invisible at once")
    }

    @Test("8 concurrent tasks × 500 increments end at 4000")
    func concurrentIncrements() async throws {
        let engine = try TestEngine()
        let other = try engine.sibling()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                let state = (task.isMultiple(of: 2) ? engine.stackshift : other).state
                group.addTask { for _ in 0..<500 { try await state.increment("imports:9:processed") } }
            }
            try await group.waitForAll()
        }
        #expect(try await engine.stackshift.state.get("imports:9:processed", as: Int.self) == 4000)
        #expect(try await engine.stackshift.state.increment("imports:9:processed", by: -4000) == 0)
    }

    @Test("compare-and-set with a stale version fails and changes nothing")
    func staleCompareAndSet() async throws {
        let engine = try TestEngine()
        let state = engine.stackshift.state
        let first = try await state.set("plan:cus_1", "free")
        let second = try await state.set("plan:cus_1", "pro", ifVersion: first.version)
        #expect(second.version == first.version + 1)
        await #expect(
            throws: JobStoreError.versionConflict(key: "plan:cus_1", expected: first.version, actual: second.version)
        ) {
            try await state.set("plan:cus_1", "enterprise", ifVersion: first.version)
        }
        let now = try #require(try await state.entry("plan:cus_1"))
        #expect(now.valueJSON == "\"pro\"")
        #expect(now.version == second.version)
        await #expect(throws: JobStoreError.self) { try await state.set("plan:cus_2", "x", ifVersion: 3) }
        #expect(try await state.set("plan:cus_2", "x", ifVersion: 0).version == 1, "version 0 means only if absent")
    }

    @Test("six runs contending for a lock never both hold it, and each is refused while another holds it")
    func lockExclusion() async throws {
        let engine = try TestEngine()
        let holders = Mutex((current: 0, peak: 0, entered: 0))
        let refused = Mutex(Set<String>())
        engine.stackshift.job("rebuild-index") { (ctx: JobContext<Item>) in
            // A hang guard only (the runs take milliseconds): generous, since a loaded machine may be slow.
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                do {
                    try await ctx.state.withLock("search-index", ttl: .seconds(300)) {
                        let first = holders.withLock {
                            $0.current += 1
                            $0.peak = max($0.peak, $0.current)
                            $0.entered += 1
                            return $0.entered == 1
                        }
                        // The first holder keeps the lock until every other run was refused it: contention is
                        // certain, not a matter of how the machine schedules the runs.
                        while first && refused.withLock({ $0.count }) < 5 {
                            guard ContinuousClock.now < deadline else {
                                throw JobError("only \(refused.withLock { $0.count }) of 5 runs were refused the lock")
                            }
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        holders.withLock { $0.current -= 1 }
                    }
                    return
                } catch is LockUnavailable {
                    refused.withLock { _ = $0.insert(ctx.payload.id) }
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            throw JobError("run \(ctx.payload.id) could not take the lock within 120 s")
        }
        var ids: [RunID] = []
        for index in 0..<6 {
            ids.append(try await engine.stackshift.start("rebuild-index", payload: Item(id: "\(index)")).id)
        }
        let finished = try await engine.withWorker(concurrency: 6) {
            var runs: [RunRecord] = []
            for id in ids { runs.append(try await engine.stackshift.waitForRun(id, timeout: .seconds(150))) }
            return runs
        }
        #expect(finished.allSatisfy { $0.status == .completed })
        #expect(holders.withLock { $0.peak } == 1)
        #expect(holders.withLock { $0.entered } == 6)
        #expect(refused.withLock { $0.count } == 5, "every run but the first was refused at least once")
    }

    @Test("an expired lock can be taken by another owner")
    func expiredLockTakeover() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let store = engine.stackshift.store
        let taken = try await store.acquireLock(
            AcquireLockParams(key: "l", owner: "run_a", expiresAt: clock.now().addingTimeInterval(10), now: clock.now())
        )
        #expect(taken?.owner == "run_a")
        #expect(
            try await store.acquireLock(
                AcquireLockParams(
                    key: "l", owner: "run_b", expiresAt: clock.now().addingTimeInterval(10), now: clock.now())) == nil)
        clock.advance(by: 10)
        let takeover = try await store.acquireLock(
            AcquireLockParams(key: "l", owner: "run_b", expiresAt: clock.now().addingTimeInterval(10), now: clock.now())
        )
        #expect(takeover?.owner == "run_b")
        #expect(try await store.releaseLock(ReleaseLockParams(key: "l", owner: "run_a", now: clock.now())) == false)
    }

    @Test("withLock renews the lock while the work outlives its ttl, then releases it")
    func lockRenewedWhileWorking() async throws {
        // The lock's TTL is clock time and the clock moves only here, so the test depends on renewals
        // happening, not on how promptly a loaded machine schedules them.
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let store = engine.stackshift.store
        @Sendable func contend() async throws -> LockRecord? {
            let now = clock.now()
            return try await store.acquireLock(
                AcquireLockParams(key: "report", owner: "run_other", expiresAt: now.addingTimeInterval(10), now: now))
        }
        @Sendable func expiry() async throws -> Date? {
            try await store.listLocks(LockQuery(prefix: "report", now: clock.now())).first?.expiresAt
        }
        let refusals = try await engine.stackshift.state.withLock("report", ttl: .milliseconds(300)) {
            // Move the clock ~1.5 s (five TTLs) in steps shorter than the TTL, waiting for a renewal after each:
            // without renewals the lock would lapse at the second step.
            var refusals = 0
            for _ in 0..<5 {
                // The expiry is read before the clock moves: a renewal between the move and the read would
                // otherwise be the expiry waited past, and no later renewal at the same clock time exceeds it.
                let before = try #require(try await expiry(), "the lock lapsed")
                clock.advance(by: 0.29)
                try await eventually("the lock is renewed") { (try await expiry() ?? .distantPast) > before }
                if try await contend() == nil { refusals += 1 } else { Issue.record("another owner took the lock") }
            }
            return refusals
        }
        #expect(refusals == 5)
        #expect(try await contend()?.owner == "run_other", "released once the work is done")
    }

    @Test(
        "a lock lost while the work runs cancels the work and throws LockLost", .timeLimit(.minutes(2)))
    func lockLostCancelsWork() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let store = engine.stackshift.store
        // Whether the work's wait ended by cancellation: proven by the work itself, not by a wall-clock bound.
        let cancelled = Mutex(false)
        await #expect(throws: LockLost.self) {
            try await engine.stackshift.state.withLock("report", ttl: .milliseconds(300)) {
                // The store "was unreachable" past the TTL: the lock lapsed and another owner took it.
                clock.advance(by: 1)
                let now = clock.now()
                let taken = try await store.acquireLock(
                    AcquireLockParams(
                        key: "report", owner: "run_other", expiresAt: now.addingTimeInterval(60), now: now))
                #expect(taken?.owner == "run_other")
                do {
                    // Only a cancel ends this within the test's time limit.
                    try await Task.sleep(for: .seconds(3600))
                } catch is CancellationError {
                    cancelled.withLock { $0 = true }
                    throw CancellationError()
                }
            }
        }
        #expect(cancelled.withLock { $0 }, "the work was cancelled, not waited for")
        let holder = try await store.listLocks(LockQuery(prefix: "report", now: clock.now())).first
        #expect(holder?.owner == "run_other", "the new owner's lock is untouched")
    }
}
