import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Synchronization
import Testing

/// Several store instances on one schema behave like processes on several machines: separate pools,
/// one database. Limits, exclusivity, idempotency, schedule fires and the change feed hold across them.
@Suite(
    "Stores sharing one PostgreSQL schema", .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct MultiStoreTests {
    @Test("claiming from 3 stores never exceeds a queue's concurrency limit (replayed from the change feed)")
    func concurrencyLimitAcrossStores() async throws {
        try await PostgresTestServer.withStores(3) { stores in
            try await SharedStoreChecks.concurrencyLimitHolds(across: stores, runs: 60, rounds: 80)
        }
    }

    @Test("4 stores claiming at once never claim one run twice (FOR UPDATE SKIP LOCKED)")
    func exclusiveClaims() async throws {
        try await PostgresTestServer.withStores(4) { stores in
            for index in 0..<200 {
                _ = try await stores[0].createRun(Fixtures.createRun(now: Fixtures.at(Double(index) / 1000)))
            }
            let claimed = try await withThrowingTaskGroup(of: [RunID].self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        var ids: [RunID] = []
                        // 200 runs take at most 200 claims; more would mean claims that never run dry.
                        for _ in 0...200 {
                            let batch = try await store.claimRuns(
                                Fixtures.claim(workerId: "worker-\(index)", limit: 5, now: Fixtures.at(1)))
                            if batch.isEmpty { return ids }
                            ids += batch.map(\.run.id)
                        }
                        Issue.record("store \(index) was still claiming after 201 claims of 200 runs")
                        return ids
                    }
                }
                return try await group.reduce(into: [RunID]()) { $0 += $1 }
            }
            #expect(claimed.count == 200)
            #expect(Set(claimed).count == 200)
            let attempts = try await stores[3].listRuns(RunQuery(statuses: [.running], limit: 1000)).map(\.attempt)
            #expect(attempts.count == 200 && attempts.allSatisfy { $0 == 1 })
        }
    }

    @Test("concurrent starts with one key through 2 stores create exactly one run")
    func idempotencyAcrossStores() async throws {
        try await PostgresTestServer.withStores(2) { stores in
            try await SharedStoreChecks.oneRunPerKey(across: stores, tasks: 6)
        }
    }

    @Test("a schedule's fire time creates one run when 3 stores fire it at once")
    func scheduleFiresOnceAcrossStores() async throws {
        try await PostgresTestServer.withStores(3) { stores in
            _ = try await stores[0].upsertSchedule(
                UpsertScheduleParams(
                    name: "nightly", cron: "0 3 * * *", timeZone: "UTC", job: "report", payloadJSON: "{}",
                    queue: "reports", nextFireAt: Fixtures.at(100), now: Fixtures.at(0)))
            let fired = try await withThrowingTaskGroup(of: RunRecord?.self) { group in
                for store in stores {
                    group.addTask {
                        try await store.fireSchedule(
                            FireScheduleParams(
                                name: "nightly", expectedNextFireAt: Fixtures.at(100), fireAt: Fixtures.at(100),
                                nextFireAt: Fixtures.at(200),
                                run: Fixtures.createRun(job: "report", queue: "reports", now: Fixtures.at(100))))
                    }
                }
                return try await group.reduce(into: [RunRecord]()) { if let run = $1 { $0.append(run) } }
            }
            #expect(fired.count == 1)
            #expect(try await stores[2].listRuns(RunQuery()).map(\.id) == fired.map(\.id))
        }
    }

    @Test("a consumer following the change feed during concurrent writes never misses an entry")
    func changeFeedFollowerMissesNothing() async throws {
        try await PostgresTestServer.withStores(3) { stores in
            let writersDone = Flag()
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { writers in
                        for task in 0..<6 {
                            let store = stores[task % 2]
                            writers.addTask {
                                for index in 0..<60 {
                                    let now = Fixtures.at(Double(task * 60 + index) / 1000)
                                    _ = try await store.createRun(Fixtures.createRun(queue: "q\(task)", now: now))
                                }
                            }
                        }
                        try await writers.waitForAll()
                    }
                    writersDone.set()
                    return []
                }
                group.addTask {
                    // Reads in small pages while the writers commit; after they are done, one last drain.
                    var cursor: Int64 = 0
                    var sequences: [Int64] = []
                    let deadline = ContinuousClock.now + .seconds(120)
                    while ContinuousClock.now < deadline {
                        let finished = writersDone.isSet
                        let page = try await stores[2].changes(ChangesParams(after: cursor, limit: 25))
                        sequences += page.map(\.sequence)
                        cursor = page.last?.sequence ?? cursor
                        if finished && page.isEmpty { return sequences }
                    }
                    Issue.record("timed out: the writers did not finish, or the feed kept growing, within 120 s")
                    return sequences
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            let all = try await stores[0].changes(ChangesParams(after: 0, limit: 100_000)).map(\.sequence)
            #expect(all.count == 360)
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 }, "the feed only moves forward")
            let missed = Set(all).subtracting(seen).sorted()
            #expect(missed.isEmpty, "the follower missed \(missed.count) entries: \(missed.prefix(10))")
            #expect(Set(seen).isSubset(of: Set(all)))
        }
    }
}

/// A flag one task raises and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
