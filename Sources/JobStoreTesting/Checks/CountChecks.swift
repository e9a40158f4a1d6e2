import Foundation
import JobStore
import Testing

/// Counting runs by job, queue and status.
enum CountChecks {
    static func count(
        _ store: any JobStore, statuses: Set<RunStatus> = [], job: String? = nil, queue: String? = nil
    ) async throws -> [RunCount] {
        try await store.countRuns(RunCountParams(statuses: statuses, job: job, queue: queue))
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("countRuns: grouped by job, queue and status; sorted by queue, job, lifecycle") { store in
            #expect(try await count(store).isEmpty, "an empty store has no groups")
            try await store.makeRun("email", queue: "emails", at: 0)
            try await store.makeRun("email", queue: "emails", at: 1)
            try await store.makeRun("email", queue: "emails", at: 2)
            try await store.makeRun("email", queue: "emails", at: 3, runAt: 100)
            try await store.makeRun("report", queue: "emails", at: 4)
            try await store.makeRun("email", queue: "bulk", at: 5)
            try await store.makeRun("import", queue: "imports", at: 6)
            let failing = try await store.claimOne(queues: ["imports"], jobs: ["import"], at: 7).lease
            try await store.finish(failing, .failed(Fixtures.error()), at: 8)
            let sending = try await store.claimOne(queues: ["emails"], jobs: ["email"], at: 9).lease
            try await store.finish(sending, .completed(resultJSON: "1"), at: 10)

            #expect(
                try await count(store) == [
                    RunCount(job: "email", queue: "bulk", status: .queued, count: 1),
                    RunCount(job: "email", queue: "emails", status: .scheduled, count: 1),
                    RunCount(job: "email", queue: "emails", status: .queued, count: 2),
                    RunCount(job: "email", queue: "emails", status: .completed, count: 1),
                    RunCount(job: "report", queue: "emails", status: .queued, count: 1),
                    RunCount(job: "import", queue: "imports", status: .failed, count: 1),
                ])
            #expect(try await count(store).map(\.count).reduce(0, +) == 7, "every run is in exactly one group")
        },
        ConformanceCheck("countRuns: filtered by statuses, job and queue like listRuns") { store in
            try await store.makeRun("email", queue: "emails", at: 0)
            try await store.makeRun("email", queue: "emails", at: 1)
            try await store.makeRun("email", queue: "emails", at: 2, runAt: 100)
            try await store.makeRun("report", queue: "emails", at: 3)
            try await store.makeRun("email", queue: "bulk", at: 4)
            let lease = try await store.claimOne(queues: ["bulk"], jobs: ["email"], at: 5).lease
            try await store.finish(lease, .failed(Fixtures.error()), at: 6)

            let queued = try await count(store, statuses: [.queued])
            #expect(
                queued == [
                    RunCount(job: "email", queue: "emails", status: .queued, count: 2),
                    RunCount(job: "report", queue: "emails", status: .queued, count: 1),
                ])
            let some = try await count(store, statuses: [.scheduled, .failed])
            #expect(
                some == [
                    RunCount(job: "email", queue: "bulk", status: .failed, count: 1),
                    RunCount(job: "email", queue: "emails", status: .scheduled, count: 1),
                ])
            #expect(try await count(store, job: "email").map(\.queue) == ["bulk", "emails", "emails"])
            #expect(try await count(store, queue: "emails").map(\.job) == ["email", "email", "report"])
            #expect(
                try await count(store, statuses: [.queued], job: "email", queue: "emails") == [
                    RunCount(job: "email", queue: "emails", status: .queued, count: 2)
                ])
            #expect(try await count(store, job: "report", queue: "bulk").isEmpty)
            #expect(try await count(store, statuses: [.running]).isEmpty)
            #expect(try await count(store, job: "nope").isEmpty)

            // The same filter counts exactly the runs listRuns returns.
            let filters: [(Set<RunStatus>, String?, String?)] = [
                ([], nil, nil), ([.queued], nil, nil), ([.queued, .failed], "email", nil), ([], nil, "emails"),
                ([.scheduled], "email", "emails"),
            ]
            for (statuses, job, queue) in filters {
                let listed = try await store.listRuns(RunQuery(statuses: statuses, job: job, queue: queue))
                let counted = try await count(store, statuses: statuses, job: job, queue: queue)
                #expect(counted.map(\.count).reduce(0, +) == listed.count, "\(statuses) \(job ?? "-") \(queue ?? "-")")
            }
        },
    ]
}
