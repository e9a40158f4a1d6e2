import Foundation
import JobStore
import Testing

/// Reads: run detail, run lists, queue summaries and settings, the change feed.
enum ReadChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("runDetail: the latest logs oldest first; nil for an unknown run") { store in
            let run = try await store.makeRun(at: 0)
            let other = try await store.makeRun(at: 0)
            let lines = (0..<10).map { index in
                Fixtures.log(
                    "line \(index)", runId: run.id, step: index.isMultiple(of: 2) ? "fetch" : nil,
                    level: index == 9 ? .error : .info, at: at(Double(index)))
            }
            try await store.appendLogs(AppendLogsParams(lines: lines))
            try await store.appendLogs(AppendLogsParams(lines: [Fixtures.log("elsewhere", runId: other.id)]))
            try await store.appendLogs(AppendLogsParams(lines: []))
            let detail = try #require(try await store.runDetail(RunDetailParams(runId: run.id, logLimit: 3)))
            #expect(detail.logs.map(\.message) == ["line 7", "line 8", "line 9"])
            #expect(
                detail.logs.last?.level == .error && detail.logs.first?.step == nil && detail.logs[1].step == "fetch")
            #expect(detail.logs.map(\.at) == [at(7), at(8), at(9)])
            #expect(zip(detail.logs, detail.logs.dropFirst()).allSatisfy { $0.id < $1.id } && detail.logs[0].id > 0)
            #expect(try await store.detail(run.id).logs.count == 10)
            #expect(try await store.runDetail(RunDetailParams(runId: "run_nope")) == nil)
        },
        ConformanceCheck("listRuns: newest first, filtered by status, job, queue and text, paged") { store in
            let a = try await store.makeRun("send-email", queue: "emails", at: 0)
            let b = try await store.makeRun("import-file", queue: "imports", at: 1)
            let c = try await store.createdRun(
                Fixtures.createRun(job: "send-email", queue: "emails", idempotencyKey: "Verify:USER_42", now: at(2))
            )
            let d = try await store.makeRun("report_100%", queue: "emails", at: 3)
            let lease = try await store.claimOne(queues: ["imports"], jobs: ["import-file"], at: 4).lease
            try await store.finish(lease, .failed(Fixtures.error("Bucket NOT found")), at: 5)

            #expect(try await store.allRuns().map(\.id) == [d.id, c.id, b.id, a.id])
            #expect(try await store.listRuns(RunQuery(statuses: [.failed])).map(\.id) == [b.id])
            #expect(try await store.listRuns(RunQuery(statuses: [.failed, .queued])).count == 4)
            #expect(try await store.listRuns(RunQuery(job: "send-email")).map(\.id) == [c.id, a.id])
            #expect(try await store.listRuns(RunQuery(queue: "emails")).map(\.id) == [d.id, c.id, a.id])
            #expect(try await store.listRuns(RunQuery(job: "send-email", queue: "imports")).isEmpty)
            #expect(try await store.listRuns(RunQuery(text: "verify:user")).map(\.id) == [c.id], "idempotency key")
            #expect(try await store.listRuns(RunQuery(text: "bucket not")).map(\.id) == [b.id], "error message")
            #expect(try await store.listRuns(RunQuery(text: "IMPORT")).map(\.id) == [b.id], "job name")
            #expect(try await store.listRuns(RunQuery(text: String(a.id.suffix(12)))).map(\.id) == [a.id], "id")
            #expect(try await store.listRuns(RunQuery(text: "100%")).map(\.id) == [d.id])
            #expect(try await store.listRuns(RunQuery(text: "%")).map(\.id) == [d.id], "wildcards are literal")
            #expect(try await store.listRuns(RunQuery(text: "t_1")).map(\.id) == [d.id], "underscore is literal")
            let page = try await store.listRuns(RunQuery(limit: 2))
            #expect(page.map(\.id) == [d.id, c.id])
            let next = try await store.listRuns(RunQuery(beforeId: page.last?.id, limit: 2))
            #expect(next.map(\.id) == [b.id, a.id])
        },
        ConformanceCheck("listRuns text: every field RunSearch names is searched, exactly as RunSearch.matches says") {
            store in
            // One run per field, each field holding a token no other text of any run contains.
            let plain = try await store.makeRun("alpha-job", queue: "alpha-queue", at: 0)
            let keyed = try await store.createdRun(
                Fixtures.createRun(job: "beta-job", queue: "beta-queue", idempotencyKey: "Order:KeyToken", now: at(1))
            )
            try await store.makeRun("gamma-job", queue: "stepping", at: 2)
            let stepping = try await store.claimOne(queues: ["stepping"], jobs: ["gamma-job"], at: 3)
            _ = try await store.heartbeat(
                HeartbeatParams(
                    worker: Fixtures.worker(queues: ["stepping"], jobs: ["gamma-job"], now: at(3)),
                    leases: [HeldLease(lease: stepping.lease, currentStep: "render-StepToken")],
                    leaseExpiresAt: at(60), now: at(3)))
            try await store.makeRun("delta-job", queue: "waiting", at: 4)
            let waiting = try await store.claimOne(queues: ["waiting"], jobs: ["delta-job"], at: 5)
            _ = try await store.wait(
                "await-WaitStep", event: "payment.EventToken", key: "pay_KeyOfEvent", lease: waiting.lease, at: 6)
            try await store.makeRun("epsilon-job", queue: "failing", at: 7)
            let failing = try await store.claimOne(queues: ["failing"], jobs: ["epsilon-job"], at: 8)
            try await store.finish(
                failing.lease,
                .failed(ErrorDetail(type: "ProviderError", message: "502 upstream", location: "charge-LocToken")),
                at: 9)
            let all = try await store.allRuns()
            let expected: [(String, RunID)] = [
                (String(plain.id.suffix(10)), plain.id), ("ALPHA-JOB", plain.id), ("alpha-QUEUE", plain.id),
                ("order:keytoken", keyed.id), ("steptoken", stepping.lease.runId), ("waitstep", waiting.lease.runId),
                ("eventtoken", waiting.lease.runId), ("keyofevent", waiting.lease.runId),
                ("ProviderError: 502", failing.lease.runId), ("loctoken", failing.lease.runId),
            ]
            for (token, id) in expected {
                let found = try await store.listRuns(RunQuery(text: token)).map(\.id)
                #expect(found == [id], "the store's search for \(token)")
                #expect(all.filter { RunSearch.matches($0, text: token) }.map(\.id) == [id], "RunSearch for \(token)")
            }
            // A status word finds the runs in that status (the row shows it), as it does in RunSearch.
            let failed = try await store.listRuns(RunQuery(text: "FAILED")).map(\.id)
            #expect(failed == [failing.lease.runId])
            #expect(all.filter { RunSearch.matches($0, text: "FAILED") }.map(\.id) == failed)
            #expect(RunSearch.texts(of: try await store.record(failing.lease.runId)).count <= RunSearch.fields.count)
        },
        ConformanceCheck("changeCounters: every change to queue settings, state values and locks counts; reads do not")
        {
            store in
            let start = try await store.changeCounters()
            _ = try await store.configureQueue(ConfigureQueueParams(name: "api", concurrencyLimit: 2, now: at(0)))
            let configured = try await store.changeCounters()
            #expect(configured.queues > start.queues && configured.state == start.state, "configure")
            _ = try await store.setQueuePaused(SetQueuePausedParams(name: "api", paused: true, now: at(1)))
            let paused = try await store.changeCounters()
            #expect(paused.queues > configured.queues, "pause")
            // A run on a queue already known, and reads: no queue setting changed.
            try await store.makeRun(queue: "api", at: 2)
            _ = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(0)))
            _ = try await store.listRuns(RunQuery())
            #expect(try await store.changeCounters() == paused, "a run and reads change no counter")

            var last = paused
            func expectStateCounted(_ what: String, _ change: () async throws -> Void) async throws {
                try await change()
                let now = try await store.changeCounters()
                #expect(now.state > last.state && now.queues == last.queues, "\(what) counts as a state change")
                last = now
            }
            try await expectStateCounted("set") {
                _ = try await store.setState(SetStateParams(key: "plan", valueJSON: "1", now: at(3)))
            }
            try await expectStateCounted("increment") {
                _ = try await store.incrementState(IncrementStateParams(key: "count", now: at(4)))
            }
            try await expectStateCounted("delete") {
                _ = try await store.deleteState(DeleteStateParams(key: "plan", now: at(5)))
            }
            try await expectStateCounted("lock") {
                _ = try await store.acquireLock(
                    AcquireLockParams(key: "index", owner: "run_a", expiresAt: at(60), now: at(6)))
            }
            try await expectStateCounted("unlock") {
                _ = try await store.releaseLock(ReleaseLockParams(key: "index", owner: "run_a", now: at(7)))
            }
            _ = try await store.listState(StateQuery(prefix: "", now: at(8)))
            #expect(try await store.changeCounters() == last, "reading state changes nothing")
        },
        ConformanceCheck("queueSummaries: depth by status, recent terminal runs, oldest queued, settings") { store in
            _ = try await store.configureQueue(
                ConfigureQueueParams(name: "empty", concurrencyLimit: 3, retryPolicy: RetryPolicy.never, now: at(0)))
            try await store.makeRun(queue: "work", at: 0)
            try await store.makeRun(queue: "work", at: 1)
            try await store.makeRun(queue: "work", at: 2)
            try await store.makeRun(queue: "work", at: 3, runAt: 1000)
            let old = try await store.claimOne(queues: ["work"], at: 4).lease
            try await store.finish(old, .completed(resultJSON: "1"), at: 5)
            let recent = try await store.claimOne(queues: ["work"], at: 6).lease
            try await store.finish(recent, .failed(Fixtures.error()), at: 100)
            _ = try await store.setQueuePaused(SetQueuePausedParams(name: "work", paused: true, now: at(101)))

            let summaries = try await store.queueSummaries(QueueSummaryParams(finishedSince: at(50)))
            #expect(summaries.map(\.queue.name) == ["empty", "work"])
            let empty = summaries[0]
            #expect(empty.counts.values.allSatisfy { $0 == 0 })
            #expect(
                empty.queue.concurrencyLimit == 3 && empty.queue.retryPolicy == RetryPolicy.never && !empty.queue.paused
            )
            #expect(empty.oldestQueuedAt == nil)
            let work = summaries[1]
            #expect(work.queue.paused)
            #expect(work.count(.queued) == 1 && work.count(.scheduled) == 1)
            #expect(work.count(.failed) == 1 && work.count(.completed) == 0, "only terminal runs since finishedSince")
            #expect(work.oldestQueuedAt == at(2))
        },
        ConformanceCheck("queues: configure and pause keep each other's settings") { store in
            let configured = try await store.configureQueue(
                ConfigureQueueParams(
                    name: "q", concurrencyLimit: 5, retryPolicy: RetryPolicy(maxAttempts: 9), now: at(0)))
            #expect(configured.concurrencyLimit == 5 && configured.retryPolicy?.maxAttempts == 9 && !configured.paused)
            let paused = try await store.setQueuePaused(SetQueuePausedParams(name: "q", paused: true, now: at(1)))
            #expect(paused.paused && paused.concurrencyLimit == 5 && paused.updatedAt == at(1))
            let reconfigured = try await store.configureQueue(
                ConfigureQueueParams(name: "q", concurrencyLimit: 1, now: at(2)))
            #expect(reconfigured.paused && reconfigured.concurrencyLimit == 1 && reconfigured.retryPolicy == nil)
            let created = try await store.setQueuePaused(SetQueuePausedParams(name: "new", paused: true, now: at(3)))
            #expect(created.paused && created.concurrencyLimit == nil)
        },
        ConformanceCheck("changes: a global, strictly increasing feed; latestSequence is its end") { store in
            #expect(try await store.latestSequence() == 0)
            #expect(try await store.changes(ChangesParams(after: 0)).isEmpty)
            let a = try await store.makeRun(at: 0)
            let b = try await store.makeRun(at: 1)
            let lease = try await store.claimOne(at: 2).lease
            try await store.complete("s", lease: lease, at: 3)
            _ = try await store.cancelRun(CancelRunParams(runId: b.id, now: at(4)))
            let all = try await store.changes(ChangesParams(after: 0))
            #expect(all.map(\.kind) == [.created, .created, .started, .stepCompleted, .canceled])
            #expect(all.map(\.runId) == [a.id, b.id, a.id, a.id, b.id])
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            #expect(try await store.latestSequence() == all.last?.sequence)
            let detailEntries = try await store.detail(a.id).timeline + store.detail(b.id).timeline
            #expect(Set(detailEntries.map(\.sequence)) == Set(all.map(\.sequence)))
            let cursor = all[1].sequence
            let page = try await store.changes(ChangesParams(after: cursor, limit: 2))
            #expect(page == Array(all[2..<4]))
            #expect(try await store.changes(ChangesParams(after: try #require(all.last).sequence)).isEmpty)
        },
        ConformanceCheck("changes: every entry carries its run's queue and job, as run detail does") { store in
            let email = try await store.makeRun("send-email", queue: "emails", at: 0, runAt: 5)
            let imports = try await store.createdRun(
                Fixtures.createRun(job: "import", queue: "imports", idempotencyKey: "imp", now: at(1))
            )
            _ = try await store.createRun(
                Fixtures.createRun(job: "import", queue: "imports", idempotencyKey: "imp", now: at(2)))
            let first = try await store.claimOne(queues: ["emails"], jobs: ["send-email"], at: 5).lease
            try await store.complete("render", lease: first, at: 6)
            _ = try await store.wait("confirm", key: "k", lease: first, at: 7)
            try await store.send(key: "k", at: 8)
            let second = try await store.claimOne(queues: ["emails"], jobs: ["send-email"], at: 9).lease
            try await store.finish(second, .completed(resultJSON: "1"), at: 10)
            _ = try await store.claimOne(queues: ["imports"], jobs: ["import"], at: 11, leaseSeconds: 5)
            _ = try await store.recoverExpiredLeases(RecoverLeasesParams(now: at(17)))
            let third = try await store.claimOne(queues: ["imports"], jobs: ["import"], at: 18).lease
            try await store.finish(third, .failed(Fixtures.error()), at: 19)
            _ = try await store.retryRun(RetryRunParams(runId: imports.id, now: at(20)))
            _ = try await store.cancelRun(CancelRunParams(runId: imports.id, now: at(21)))

            let feed = try await store.changes(ChangesParams(after: 0))
            let kinds: Set<TimelineKind> = [
                .created, .deduplicated, .queued, .started, .stepCompleted, .waitingForEvent, .eventReceived,
                .completed, .crashed, .failed, .retried, .canceled,
            ]
            #expect(Set(feed.map(\.kind)) == kinds)
            let runs = [email.id: ("emails", "send-email"), imports.id: ("imports", "import")]
            for entry in feed {
                let (queue, job) = try #require(runs[entry.runId])
                #expect(entry.queue == queue && entry.job == job, "\(entry.kind) entry of \(entry.runId)")
            }
            let timelines = try await store.detail(email.id).timeline + store.detail(imports.id).timeline
            #expect(timelines.sorted { $0.sequence < $1.sequence } == feed)
        },
        ConformanceCheck("close: later calls fail as unavailable, saying the store is closed", closesStore: true) {
            store in
            try await store.close()
            do {
                _ = try await store.latestSequence()
                Issue.record("a call after close succeeded")
            } catch JobStoreError.unavailable(let message) {
                #expect(message.hasPrefix("the store on ") && message.hasSuffix(" is closed"), "\(message)")
            }
        },
    ]
}
