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

    static func release(
        _ store: any JobStore, _ key: String, owner: String, at seconds: TimeInterval
    ) async throws -> Bool {
        try await store.releaseLock(ReleaseLockParams(key: key, owner: owner, now: at(seconds)))
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
            #expect(try await release(store, "import:42", owner: "run_a", at: 51) == false)
            #expect(try await store.listLocks(LockQuery(now: at(51))).map(\.owner) == ["run_b"])
            #expect(try await release(store, "import:42", owner: "run_b", at: 51))
            #expect(try await store.listLocks(LockQuery(now: at(51))).isEmpty)
            #expect(try await acquire(store, "import:42", owner: "run_c", until: 90, at: 52)?.owner == "run_c")
        },
        ConformanceCheck("locks: the owner renews before expiry, keeping acquiredAt; others stay out until then") {
            store in
            let taken = try await acquire(store, "lease:1", owner: "w1", until: 10, at: 0)
            #expect(taken == LockRecord(key: "lease:1", owner: "w1", acquiredAt: at(0), expiresAt: at(10)))
            let renewed = try await acquire(store, "lease:1", owner: "w1", until: 20, at: 9)
            #expect(renewed == LockRecord(key: "lease:1", owner: "w1", acquiredAt: at(0), expiresAt: at(20)))
            #expect(try await acquire(store, "lease:1", owner: "w2", until: 30, at: 10) == nil, "old expiry is moot")
            #expect(try await acquire(store, "lease:1", owner: "w2", until: 30, at: 19) == nil)
            let again = try await acquire(store, "lease:1", owner: "w1", until: 40, at: 19)
            #expect(again == LockRecord(key: "lease:1", owner: "w1", acquiredAt: at(0), expiresAt: at(40)))
            #expect(try await store.listLocks(LockQuery(now: at(39))) == [again])
            // Renewing at the expiry is too late: the lock had lapsed, so the owner takes it afresh.
            let lapsed = try await acquire(store, "lease:1", owner: "w1", until: 70, at: 40)
            #expect(lapsed == LockRecord(key: "lease:1", owner: "w1", acquiredAt: at(40), expiresAt: at(70)))
            #expect(try await acquire(store, "lease:1", owner: "w2", until: 100, at: 70)?.owner == "w2")
            #expect(try await acquire(store, "lease:1", owner: "w1", until: 110, at: 71) == nil, "w1 lost it")
        },
        ConformanceCheck("locks: releasing an expired lock returns false and changes nothing") { store in
            _ = try await acquire(store, "k", owner: "run_a", until: 30, at: 0)
            #expect(try await release(store, "k", owner: "run_a", at: 30) == false, "expiry equal to now is expired")
            #expect(try await store.sweepExpired(SweepParams(now: at(30))).locks == 1, "the row was left alone")
            _ = try await acquire(store, "k", owner: "run_a", until: 60, at: 30)
            #expect(try await release(store, "k", owner: "run_a", at: 59), "a live lock is released")
            #expect(try await store.listLocks(LockQuery(now: at(59))).isEmpty)
            _ = try await acquire(store, "k", owner: "run_a", until: 90, at: 60)
            #expect(try await acquire(store, "k", owner: "run_b", until: 120, at: 95)?.owner == "run_b")
            #expect(try await release(store, "k", owner: "run_a", at: 96) == false, "run_b's lock stays")
            #expect(try await store.listLocks(LockQuery(now: at(96))).map(\.owner) == ["run_b"])
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
            // The "edge" ones expire exactly at the sweep's `now`: expired.
            _ = try await StateChecks.set(store, "old", "1", expiresAt: 10)
            _ = try await StateChecks.set(store, "edge", "1", expiresAt: 100)
            _ = try await StateChecks.set(store, "live", "1", expiresAt: 1000)
            _ = try await StateChecks.set(store, "forever", "1")
            _ = try await acquire(store, "old-lock", owner: "o", until: 10, at: 0)
            _ = try await acquire(store, "edge-lock", owner: "o", until: 100, at: 0)
            _ = try await acquire(store, "live-lock", owner: "o", until: 1000, at: 0)
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 0).lease
            _ = try await store.wait("w", key: "k", lease: lease, at: 0)
            try await store.send(key: "k", at: 1, retention: 10)
            try await store.send(key: "k2", at: 1, retention: 1000)
            try await store.send(key: "edge", at: 1, retention: 99)
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "old-key", idempotencyExpiresAt: at(10)))
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "edge-key", idempotencyExpiresAt: at(100)))
            _ = try await store.createRun(
                Fixtures.createRun(idempotencyKey: "live-key", idempotencyExpiresAt: at(1000)))
            _ = try await store.createRun(Fixtures.createRun(idempotencyKey: "forever-key"))

            let swept = try await store.sweepExpired(SweepParams(now: at(100)))
            #expect(swept == SweepResult(stateValues: 2, locks: 2, events: 2, idempotencyKeys: 2))
            #expect(try await store.listState(StateQuery(now: at(0))).map(\.key) == ["forever", "live"])
            #expect(try await store.listLocks(LockQuery(now: at(0))).map(\.key) == ["live-lock"])
            #expect(try await store.listEvents(EventQuery(now: at(0))).map(\.key) == ["k2"])
            #expect(try await store.record(run.id).status == .queued, "sweeping never touches runs")
            let again = try await store.createRun(Fixtures.createRun(idempotencyKey: "live-key", now: at(101)))
            #expect(again.deduplicated)
            #expect(
                try await store.createRun(Fixtures.createRun(idempotencyKey: "forever-key", now: at(101))).deduplicated)
            #expect(try await store.sweepExpired(SweepParams(now: at(100))) == SweepResult())
        },
    ]
}
