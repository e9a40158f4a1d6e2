import Foundation
import JobStore
import Testing

/// Locks and the sweep of expired data.
enum LockChecks {
    static func acquire(
        _ store: any JobStore, _ key: String, owner: String, until: TimeInterval, at seconds: TimeInterval
    ) async throws -> LockRecord? {
        try await store.acquireLock(AcquireLockParams(key: key, owner: owner, expiresAt: at(until), now: at(seconds)))
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("locks: one owner at a time; the owner extends; expiry lets another take over") { store in
            let taken = try await acquire(store, "import:42", owner: "run_a", until: 30, at: 0)
            #expect(taken == LockRecord(key: "import:42", owner: "run_a", acquiredAt: at(0), expiresAt: at(30)))
            #expect(try await acquire(store, "import:42", owner: "run_b", until: 60, at: 10) == nil)
            let extended = try await acquire(store, "import:42", owner: "run_a", until: 50, at: 20)
            #expect(extended == LockRecord(key: "import:42", owner: "run_a", acquiredAt: at(0), expiresAt: at(50)))
            #expect(try await acquire(store, "import:42", owner: "run_b", until: 60, at: 49) == nil)
            let takeover = try await acquire(store, "import:42", owner: "run_b", until: 80, at: 50)
            #expect(takeover == LockRecord(key: "import:42", owner: "run_b", acquiredAt: at(50), expiresAt: at(80)))
            #expect(try await store.releaseLock(ReleaseLockParams(key: "import:42", owner: "run_a")) == false)
            #expect(try await store.listLocks(LockQuery(now: at(51))).map(\.owner) == ["run_b"])
            #expect(try await store.releaseLock(ReleaseLockParams(key: "import:42", owner: "run_b")))
            #expect(try await store.listLocks(LockQuery(now: at(51))).isEmpty)
            #expect(try await acquire(store, "import:42", owner: "run_c", until: 90, at: 52)?.owner == "run_c")
        },
        ConformanceCheck("locks: only one of many concurrent contenders wins") { store in
            let winners = try await withThrowingTaskGroup(of: LockRecord?.self) { group in
                for index in 0..<16 {
                    group.addTask { try await acquire(store, "leader", owner: "owner-\(index)", until: 30, at: 0) }
                }
                return try await group.reduce(into: [LockRecord]()) { if let lock = $1 { $0.append(lock) } }
            }
            #expect(winners.count == 1)
            #expect(try await store.listLocks(LockQuery(now: at(1))).map(\.owner) == winners.map(\.owner))
        },
        ConformanceCheck("locks: listed unexpired, by prefix, in key order") { store in
            _ = try await acquire(store, "b:1", owner: "o", until: 100, at: 0)
            _ = try await acquire(store, "a:2", owner: "o", until: 100, at: 0)
            _ = try await acquire(store, "a:1", owner: "o", until: 100, at: 0)
            _ = try await acquire(store, "a:3", owner: "o", until: 10, at: 0)
            #expect(try await store.listLocks(LockQuery(prefix: "a:", now: at(5))).map(\.key) == ["a:1", "a:2", "a:3"])
            #expect(try await store.listLocks(LockQuery(prefix: "a:", now: at(10))).map(\.key) == ["a:1", "a:2"])
            #expect(try await store.listLocks(LockQuery(now: at(10))).map(\.key) == ["a:1", "a:2", "b:1"])
        },
        ConformanceCheck("sweepExpired: deletes expired state, locks, events and idempotency keys only") { store in
            _ = try await StateChecks.set(store, "old", "1", expiresAt: 10)
            _ = try await StateChecks.set(store, "live", "1", expiresAt: 1000)
            _ = try await StateChecks.set(store, "forever", "1")
            _ = try await acquire(store, "old-lock", owner: "o", until: 10, at: 0)
            _ = try await acquire(store, "live-lock", owner: "o", until: 1000, at: 0)
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 0).lease
            _ = try await store.wait("w", key: "k", lease: lease, at: 0)
            try await store.send(key: "k", at: 1, retention: 10)
            try await store.send(key: "k2", at: 1, retention: 1000)
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "old-key", idempotencyExpiresAt: at(10)))
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "live-key", idempotencyExpiresAt: at(1000)))
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "forever-key"))

            let swept = try await store.sweepExpired(SweepParams(now: at(100)))
            #expect(swept == SweepResult(stateValues: 1, locks: 1, events: 1, idempotencyKeys: 1))
            #expect(try await store.listState(StateQuery(now: at(0))).map(\.key) == ["forever", "live"])
            #expect(try await store.listLocks(LockQuery(now: at(0))).map(\.key) == ["live-lock"])
            #expect(try await store.listEvents(EventQuery(now: at(0))).map(\.key) == ["k2"])
            #expect(try await store.record(run.id).status == .queued, "sweeping never touches runs")
            let again = try await store.createRun(Fixtures.createRun(idempotencyKey: "live-key", now: at(101)))
            #expect(again.deduplicated)
            #expect(try await store.createRun(Fixtures.createRun(idempotencyKey: "forever-key", now: at(101))).deduplicated)
            #expect(try await store.sweepExpired(SweepParams(now: at(100))) == SweepResult())
        },
    ]
}
