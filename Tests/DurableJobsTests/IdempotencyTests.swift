import DurableJobs
import Foundation
import JobStore
import Testing

@Suite("Idempotency")
struct IdempotencyTests {
    @Test("a start whose key is held returns the existing run and says it was deduplicated")
    func duplicateStartReusesRun() async throws {
        let engine = try TestEngine()
        let options = StartOptions(queue: "emails", idempotencyKey: "verify:user_123", idempotencyTTL: .days(30))
        let first = try await engine.stackshift.start(
            "sendVerificationEmail", payload: Item(id: "u1"), options: options)
        let second = try await engine.stackshift.start(
            "sendVerificationEmail", payload: Item(id: "u1"), options: options)
        #expect(!first.deduplicated)
        #expect(second.deduplicated)
        #expect(second.id == first.id)
        #expect(try await engine.stackshift.runs().count == 1)
        let timeline = try #require(try await engine.stackshift.run(first.id)).timeline
        #expect(timeline.contains { $0.kind == .deduplicated })
    }

    @Test("after the TTL a new run is created")
    func keyExpires() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let options = StartOptions(idempotencyKey: "stripe:evt_1", idempotencyTTL: .hours(1))
        let first = try await engine.stackshift.start("hook", payload: Item(id: "1"), options: options)
        clock.advance(by: 3599)
        #expect(try await engine.stackshift.start("hook", payload: Item(id: "1"), options: options).deduplicated)
        clock.advance(by: 2)
        let later = try await engine.stackshift.start("hook", payload: Item(id: "1"), options: options)
        #expect(!later.deduplicated)
        #expect(later.id != first.id)
    }

    @Test("8 concurrent tasks × 200 starts with one key create exactly one run")
    func concurrentDuplicateStarts() async throws {
        let engine = try TestEngine()
        let second = try engine.sibling()
        let ids = try await withThrowingTaskGroup(of: [RunID].self) { group in
            for task in 0..<8 {
                let client = task.isMultiple(of: 2) ? engine.stackshift : second
                group.addTask {
                    var ids: [RunID] = []
                    for _ in 0..<200 {
                        ids.append(
                            try await client.start(
                                "signup", payload: Item(id: "u"), options: StartOptions(idempotencyKey: "signup:u")
                            ).id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.count == 1600)
        #expect(Set(ids).count == 1)
        #expect(try await engine.stackshift.runs(RunQuery(limit: 10_000)).count == 1)
    }
}
