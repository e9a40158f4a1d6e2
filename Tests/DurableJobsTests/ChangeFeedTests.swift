import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import DurableJobs

@Suite("Change feed")
struct ChangeFeedTests {
    @Test("every change to a run appends to its timeline with a global, monotonic sequence")
    func changesSince() async throws {
        let engine = try TestEngine()
        engine.stackshift.job("two-steps") { (ctx: JobContext<Item>) in
            try await ctx.step.run("a") {}
            try await ctx.step.run("b") {}
        }
        let before = try await engine.stackshift.store.latestSequence()
        let first = try await engine.stackshift.start("two-steps", payload: Item(id: "1"))
        let second = try await engine.stackshift.start("two-steps", payload: Item(id: "2"))
        try await engine.withWorker {
            try await engine.stackshift.waitForRun(first.id, timeout: .testPatience)
            try await engine.stackshift.waitForRun(second.id, timeout: .testPatience)
        }
        let changes = try await engine.stackshift.changes(after: before)
        let sequences = changes.map(\.sequence)
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
        #expect(Set(changes.map(\.runId)) == [first.id, second.id])
        for id in [first.id, second.id] {
            let kinds = changes.filter { $0.runId == id }.map(\.kind)
            #expect(kinds == [.created, .started, .stepCompleted, .stepCompleted, .completed])
        }
        let midpoint = try #require(changes.dropFirst(3).first).sequence
        #expect(
            try await engine.stackshift.changes(after: midpoint).map(\.sequence) == sequences.filter { $0 > midpoint })
        #expect(try await engine.stackshift.store.latestSequence() == sequences.last)
    }
}
