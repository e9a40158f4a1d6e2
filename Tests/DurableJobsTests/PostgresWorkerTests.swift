import Foundation
import JobStore
import JobStoreTesting
import Testing

@testable import DurableJobs
@testable import PostgresJobStore

/// An in-process worker on PostgreSQL: what the engine hands the store, seen from the store's side.
@Suite(
    "A worker on PostgreSQL", .timeLimit(.minutes(2)),
    .enabled(if: PostgresTestEnvironment.enabled, PostgresTestEnvironment.skipReason))
struct PostgresWorkerTests {
    @Test("a worker ends each attempt from its claimed copy: written in a batch, nothing read first")
    func endsFromTheClaimedCopy() async throws {
        try await PostgresServer.withFreshSchema { url in
            let store = try await PostgresJobStore.connect(url: url)
            let stackshift = StackShift(store: store)
            stackshift.job("double") { (context: JobContext<Item>) in
                try await context.step.run("double") { context.payload.id + context.payload.id }
            }
            var ids: [RunID] = []
            for index in 0..<20 { ids.append(try await stackshift.start("double", payload: Item(id: "\(index)")).id) }
            let statuses = try await TestEngine.withWorker(stackshift, concurrency: 4) {
                var statuses: [RunStatus] = []
                for id in ids { statuses.append(try await stackshift.waitForRun(id, timeout: .testPatience).status) }
                return statuses
            }
            #expect(statuses == Array(repeating: .completed, count: ids.count))
            // Every end went out with the claimed copy (an end without it is never batched), and each copy
            // still agreed with its run: a run that had changed would have needed a second attempt or a read.
            #expect(store.attemptEnds.statistics.writes == ids.count)
            for id in ids {
                let detail = try #require(try await stackshift.run(id))
                #expect(detail.attempts.map(\.outcome) == [.completed])
                #expect(detail.timeline.last?.kind == .completed)
            }
            try await store.close()
        }
    }
}
