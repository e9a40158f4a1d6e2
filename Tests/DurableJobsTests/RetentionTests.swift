import DurableJobs
import Foundation
import JobStore
import JobStoreTesting
import Synchronization
import Testing

/// Retention through the engine: workers delete finished runs past their policy in the background, never a
/// live one, and a late duplicate start is still deduplicated after its run is gone.
@Suite("Retention", .timeLimit(.minutes(3)))
struct RetentionTests {
    @Test("workers delete finished runs past their retention; queued, waiting and scheduled runs stay")
    func workersPrune() async throws {
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let client = engine.stackshift
        client.job("quick") { (_: JobContext<Item>) in }
        client.job("approval") { (ctx: JobContext<Item>) in
            let _: String? = try await ctx.step.waitForEvent("approved", event: "approval", key: ctx.payload.id)
        }
        try await client.configure(retention: RetentionPolicy(all: 60))
        let keyed = try await client.start(
            "quick", payload: Item(id: "k"), options: StartOptions(idempotencyKey: "order-9", idempotencyTTL: .days(1)))
        var quick: [RunID] = [keyed.id]
        for index in 0..<4 { quick.append(try await client.start("quick", payload: Item(id: "q\(index)")).id) }
        let waiting = try await client.start("approval", payload: Item(id: "w"))
        let later = try await client.start("quick", payload: Item(id: "s"), options: StartOptions(delay: .hours(1)))
        try await engine.withWorker {
            for id in quick { #expect(try await client.waitForRun(id, timeout: .testPatience).status == .completed) }
            _ = try await client.waitForRun(waiting.id, toBe: [.waiting], timeout: .testPatience)
            _ = clock.advance(by: 61)
            try await eventually("the completed runs are pruned") {
                try await client.operations.runs(RunQuery(limit: 100)).count == 2
            }
        }
        let left = try await client.operations.runs(RunQuery(limit: 100))
        #expect(Set(left.map(\.id)) == [waiting.id, later.id])
        #expect(try await client.operations.wasPruned(quick[0]))
        await #expect(throws: JobStoreError.runPruned(quick[1])) { try await client.waitForRun(quick[1]) }

        let duplicate = try await client.start(
            "quick", payload: Item(id: "k"), options: StartOptions(idempotencyKey: "order-9", idempotencyTTL: .days(1)))
        #expect(duplicate.deduplicated && duplicate.id == keyed.id && duplicate.run == nil)
        #expect(try await client.operations.runs(RunQuery(limit: 100)).count == 2, "nothing new was created")
    }

    @Test("a retention pass beside busy workers deletes only finished runs and loses no live one")
    func passBesideWorkers() async throws {
        let engine = try TestEngine()
        let client = engine.stackshift
        let finished = Mutex<[String: Int]>([:])
        client.job("step") { (ctx: JobContext<Item>) in
            _ = try await ctx.step.run("one") { ctx.payload.id }
            _ = try await ctx.step.run("two") { ctx.payload.id }
            finished.withLock { $0[ctx.payload.id, default: 0] += 1 }
        }
        client.job("approval") { (ctx: JobContext<Item>) in
            let _: String? = try await ctx.step.waitForEvent("approved", event: "approval", key: ctx.payload.id)
            finished.withLock { $0[ctx.payload.id, default: 0] += 1 }
        }
        var waiting: [RunID] = []
        for index in 0..<20 { waiting.append(try await client.start("approval", payload: Item(id: "w\(index)")).id) }
        try await engine.withWorker(concurrency: 8) {
            let pruner = Task {
                // Every finished run is old enough: only the rule that a live run is never deleted keeps one.
                while !Task.isCancelled {
                    _ = try await client.operations.pruneRuns(olderThan: 0, by: Operator(name: "test", channel: .api))
                    await Task.yield()
                }
            }
            for index in 0..<300 { _ = try await client.start("step", payload: Item(id: "b\(index)")) }
            try await eventually("every busy run finished and was pruned") {
                try await client.operations.runs(RunQuery(limit: 1000)).count == waiting.count
            }
            pruner.cancel()
            _ = await pruner.result
            let left = try await client.operations.runs(RunQuery(limit: 1000))
            #expect(Set(left.map(\.id)) == Set(waiting), "every waiting run is still there")
            #expect(left.allSatisfy { $0.status == .waiting })
            for index in 0..<20 { _ = try await client.sendEvent("approval", key: "w\(index)", payload: "yes") }
            for id in waiting {
                #expect(try await client.waitForRun(id, timeout: .testPatience).status == .completed)
            }
        }
        let counts = finished.withLock { $0 }
        #expect(counts.count == 320, "every run's handler finished")
        #expect(counts.values.allSatisfy { $0 == 1 }, "and each once: no run was deleted and run again")
    }
}
