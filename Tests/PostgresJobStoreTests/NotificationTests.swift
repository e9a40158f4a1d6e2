import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import PostgresJobStore

/// Counts the wake-ups a change-notification stream delivers and lets a test wait for the n-th one.
actor WakeCounter {
    private(set) var count = 0
    private var waiters: [(count: Int, continuation: CheckedContinuation<Bool, Never>)] = []

    init(_ stream: AsyncStream<Void>) {
        Task { await self.consume(stream) }
    }

    private func consume(_ stream: AsyncStream<Void>) async {
        for await _ in stream {
            count += 1
            let ready = waiters.filter { $0.count <= count }
            waiters.removeAll { $0.count <= count }
            for waiter in ready { waiter.continuation.resume(returning: true) }
        }
        // The stream ended: nobody will be woken any more.
        for waiter in waiters { waiter.continuation.resume(returning: false) }
        waiters.removeAll()
        count = -1
    }

    /// Waits until `count` wake-ups have arrived. The deadline only turns a hang into a failure.
    func reach(_ target: Int, within deadline: Duration = .seconds(20)) async -> Bool {
        if count >= target { return true }
        if count < 0 { return false }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: deadline)
            await self?.expire(target)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiters.append((target, continuation))
        }
    }

    private func expire(_ target: Int) {
        let expired = waiters.filter { $0.count == target }
        waiters.removeAll { $0.count == target }
        for waiter in expired { waiter.continuation.resume(returning: false) }
    }

    /// Whether the stream has ended.
    var ended: Bool { count < 0 }
}

/// LISTEN/NOTIFY: commits in one store wake subscribers of another, across connection loss.
@Suite(
    "PostgreSQL change notifications", .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct NotificationTests {
    @Test("the store pushes changes and spans machines")
    func capabilities() async throws {
        try await PostgresTestServer.withStores(1) { stores in
            #expect(stores[0].capabilities == StoreCapabilities(pushesChanges: true, multiMachine: true))
        }
    }

    @Test("a commit in one store wakes another store's subscribers; close ends the stream")
    func commitWakesSubscribers() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let wakes = WakeCounter(try #require(stores[1].changeNotifications()))
            // The first wake-up comes once the listener is connected.
            #expect(await wakes.reach(1))
            _ = try await stores[0].createRun(Fixtures.createRun())
            #expect(await wakes.reach(2), "a new run wakes the other store")
            _ = try await stores[0].setQueuePaused(
                SetQueuePausedParams(name: "default", paused: false, now: Fixtures.at(1)))
            #expect(await wakes.reach(3), "a queue setting wakes it too")
            try await stores[1].close()
            #expect(await wakes.reach(Int.max) == false)
            #expect(await wakes.ended)
        }
    }

    @Test("claims and step saves wake consoles but not claimers; a new run and an ended attempt wake both")
    func claimNotifications() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let every = WakeCounter(try #require(stores[1].changeNotifications()))
            let claims = WakeCounter(try #require(stores[1].claimNotifications()))
            #expect(await every.reach(1))
            #expect(await claims.reach(1))
            _ = try await stores[0].createRun(Fixtures.createRun())
            #expect(await every.reach(2))
            #expect(await claims.reach(2), "a queued run may be claimed")
            let claimed = try await stores[0].claimRuns(Fixtures.claim(jobs: ["job"], now: Fixtures.at(1)))
            let lease = try #require(claimed.first?.lease)
            #expect(await every.reach(3))
            _ = try await stores[0].saveStep(
                SaveStepParams(
                    lease: lease, name: "charge", status: .completed, resultJSON: "1", startedAt: Fixtures.at(2),
                    now: Fixtures.at(2)))
            #expect(await every.reach(4))
            // The listener wakes both counters from one notification, in one call: this one's would have come.
            #expect(await claims.count == 2, "nothing became claimable: the run is still running")
            _ = try await stores[0].finishAttempt(
                FinishAttemptParams(lease: lease, end: .completed(resultJSON: "1"), now: Fixtures.at(3)))
            #expect(await every.reach(5))
            #expect(await claims.reach(3), "an attempt that ended frees a slot of its queue's limit")
            #expect(ChangeListener.wakesClaimers("12"))
            #expect(ChangeListener.wakesClaimers("queues"))
            #expect(!ChangeListener.wakesClaimers("12:running"))
            #expect(!ChangeListener.wakesClaimers("pruned"))
        }
    }

    @Test("the listener reconnects after its connection is killed, and wakes subscribers to re-read")
    func listenerReconnects() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            let wakes = WakeCounter(try #require(stores[1].changeNotifications()))
            #expect(await wakes.reach(1))
            let killed = try await stores[0].countForTesting(
                """
                SELECT count(pg_terminate_backend(pid)) AS count FROM pg_stat_activity
                WHERE application_name = 'stackshift/\(stores[0].schema)' AND query ILIKE 'LISTEN%'
                """)
            #expect(killed == 1)
            #expect(await wakes.reach(2), "reconnected: anything sent meanwhile must be read")
            _ = try await stores[0].createRun(Fixtures.createRun())
            #expect(await wakes.reach(3), "notifications flow again")
        }
    }
}
