import Foundation
import JobStore
import Testing

/// The audit trail: an operator's change and its entry commit together, a failed change records nothing, the
/// engine's own calls are never recorded; listing, paging and bounds; deleting events.
enum AuditChecks {
    /// A note as an operator in the console would send it.
    static func note(
        _ action: String, target: String, runId: RunID? = nil, detail: String = "asked"
    ) -> AuditNote {
        AuditNote(
            actor: "ada@laptop", channel: "console", action: action, target: target, runId: runId, detail: detail)
    }

    /// Every entry, newest first.
    static func trail(_ store: any JobStore) async throws -> [AuditEntry] {
        try await store.listAudit(AuditQuery(limit: 10_000))
    }

    /// A failed run, its only step `charge` completed.
    static func failedRun(_ store: any JobStore, at seconds: TimeInterval) async throws -> RunRecord {
        let run = try await store.makeRun(at: seconds, policy: .never)
        let lease = try await store.claimOne(at: seconds + 1).lease
        try await store.complete("charge", lease: lease, at: seconds + 2)
        try await store.finish(lease, .failed(Fixtures.error()), at: seconds + 3)
        return run
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("audit: an event an operator sends names them on the timeline of each run it resumes") {
            store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            _ = try await store.wait("confirm", key: "pay_1", timeout: 100, lease: lease, at: 2)
            let other = try await store.makeRun(at: 3)
            let otherLease = try await store.claimOne(at: 4).lease
            _ = try await store.wait("confirm", key: "pay_2", timeout: 100, lease: otherLease, at: 5)
            _ = try await store.sendEvent(
                SendEventParams(
                    name: "payment.confirmed", key: "pay_1", payloadJSON: "{}", expiresAt: at(1000), now: at(10),
                    audit: note("send-event", target: "payment.confirmed")))
            let received = try await store.detail(run.id).timeline.last
            #expect(received?.kind == .eventReceived)
            #expect(received?.message.contains("arrived, sent by ada@laptop via console; queued") == true)
            // Sent by the engine's caller without a note: the timeline names no one.
            try await store.send(key: "pay_2", at: 11)
            let engineSent = try await store.detail(other.id).timeline.last
            #expect(engineSent?.kind == .eventReceived && engineSent?.message.contains("sent by") == false)
        },
        ConformanceCheck("audit: an operator's change is recorded with it, at its time, with what it did") { store in
            let failed = try await failedRun(store, at: 0)
            let retried = try await store.retryRun(
                RetryRunParams(
                    runId: failed.id, fromStep: "charge", now: at(10),
                    audit: note("retry", target: failed.id, runId: failed.id)))
            #expect(retried.status == .queued)
            let message = try await store.detail(failed.id).timeline.last?.message
            #expect(
                message == "retried after failed by ada@laptop via console (failure budget raised to 2, "
                    + "from step charge: 1 step cleared, 0 kept)")
            let queued = try await store.makeRun(at: 11)
            _ = try await store.cancelRun(
                CancelRunParams(
                    runId: queued.id, now: at(12), audit: note("cancel", target: queued.id, runId: queued.id)))
            _ = try await store.sendEvent(
                SendEventParams(
                    name: "paid", key: "k", payloadJSON: "1", expiresAt: at(1000), now: at(13),
                    audit: note("send-event", target: "paid")))
            _ = try await store.setState(
                SetStateParams(key: "s", valueJSON: "1", now: at(14), audit: note("set-state", target: "s")))
            _ = try await store.incrementState(
                IncrementStateParams(key: "s", amount: 2, now: at(15), audit: note("increment-state", target: "s")))
            #expect(
                try await store.deleteState(
                    DeleteStateParams(key: "s", now: at(16), audit: note("delete-state", target: "s"))))
            _ = try await store.acquireLock(AcquireLockParams(key: "l", owner: "w", expiresAt: at(100), now: at(17)))
            #expect(
                try await store.releaseLock(
                    ReleaseLockParams(key: "l", owner: "w", now: at(18), audit: note("release-lock", target: "l"))))

            let entries = try await trail(store)
            #expect(
                entries.map(\.action).reversed() == [
                    "retry", "cancel", "send-event", "set-state", "increment-state", "delete-state", "release-lock",
                ])
            #expect(entries.map(\.at).reversed() == [at(10), at(12), at(13), at(14), at(15), at(16), at(18)])
            #expect(entries.allSatisfy { $0.actor == "ada@laptop" && $0.channel == "console" && $0.outcome == "done" })
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.id > $1.id }, "newest first, ids grow")
            let retry = try #require(entries.last)
            #expect(retry.target == failed.id && retry.runId == failed.id)
            #expect(
                retry.detail == "after failed (failure budget raised to 2, from step charge: 1 step cleared, 0 kept)",
                "a retry records what it did, not what was asked")
            #expect(entries.first { $0.action == "cancel" }?.runId == queued.id)
            #expect(entries.first { $0.action == "set-state" }?.detail == "asked")
        },
        ConformanceCheck("audit: an operator's queue and worker changes are recorded with them") { store in
            _ = try await store.setQueuePaused(
                SetQueuePausedParams(
                    name: "emails", paused: true, now: at(1), audit: note("pause-queue", target: "emails")))
            _ = try await store.configureQueue(
                ConfigureQueueParams(
                    name: "emails", concurrencyLimit: 2, now: at(2), audit: note("configure-queue", target: "emails")))
            _ = try await store.heartbeat(
                HeartbeatParams(worker: Fixtures.worker(id: "w-gone"), leases: [], leaseExpiresAt: at(30), now: at(3)))
            try await store.removeWorker(
                RemoveWorkerParams(workerId: "w-gone", now: at(4), audit: note("forget-worker", target: "w-gone")))
            let entries = try await trail(store)
            #expect(entries.map(\.action) == ["forget-worker", "configure-queue", "pause-queue"])
            #expect(entries.map(\.at) == [at(4), at(2), at(1)])
            #expect(entries.allSatisfy { $0.outcome == "done" && $0.runId == nil })
            #expect(try await store.listWorkers(WorkerQuery()).isEmpty)
        },
        ConformanceCheck("audit: a change refused inside its transaction records nothing; neither does a no-op") {
            store in
            let run = try await store.makeRun(at: 0)
            _ = try await store.claimOne(at: 1)
            await #expect(throws: JobStoreError.invalidTransition(runId: run.id, from: .running, to: .queued)) {
                _ = try await store.retryRun(
                    RetryRunParams(runId: run.id, now: at(2), audit: note("retry", target: run.id, runId: run.id)))
            }
            _ = try await StateChecks.set(store, "k", "1", at: 3)
            await #expect(throws: JobStoreError.self) {
                _ = try await store.setState(
                    SetStateParams(
                        key: "k", valueJSON: "2", expectedVersion: 7, now: at(4), audit: note("set-state", target: "k"))
                )
            }
            await #expect(throws: JobStoreError.self) {
                _ = try await store.incrementState(
                    IncrementStateParams(key: "", now: at(5), audit: note("increment-state", target: "")))
            }
            #expect(
                !(try await store.deleteState(
                    DeleteStateParams(key: "none", now: at(6), audit: note("delete-state", target: "none")))))
            #expect(
                !(try await store.releaseLock(
                    ReleaseLockParams(key: "l", owner: "w", now: at(7), audit: note("release-lock", target: "l")))))
            #expect(
                !(try await store.deleteEvent(
                    DeleteEventParams(eventId: 999, now: at(8), audit: note("delete-event", target: "999")))))
            #expect(try await trail(store).isEmpty)
            #expect(try await store.record(run.id).status == .running)
        },
        ConformanceCheck("audit: the engine's own calls (no note) are never recorded") { store in
            let failed = try await failedRun(store, at: 0)
            _ = try await store.retryRun(RetryRunParams(runId: failed.id, now: at(10)))
            #expect(try await store.detail(failed.id).timeline.last?.message.contains(" by ") == false)
            _ = try await store.cancelRun(CancelRunParams(runId: failed.id, now: at(11)))
            try await store.send(key: "k", at: 12)
            _ = try await StateChecks.set(store, "k", "1", at: 13)
            _ = try await store.incrementState(IncrementStateParams(key: "n", now: at(14)))
            _ = try await store.deleteState(DeleteStateParams(key: "k", now: at(15)))
            _ = try await store.acquireLock(AcquireLockParams(key: "l", owner: "w", expiresAt: at(100), now: at(16)))
            _ = try await store.releaseLock(ReleaseLockParams(key: "l", owner: "w", now: at(17)))
            _ = try await store.setQueuePaused(SetQueuePausedParams(name: "default", paused: true, now: at(18)))
            _ = try await store.configureQueue(ConfigureQueueParams(name: "default", concurrencyLimit: 2, now: at(19)))
            #expect(try await trail(store).isEmpty)
        },
        ConformanceCheck("listAudit: newest first, by time and run, paged by id; recordAudit changes nothing else") {
            store in
            let run = try await store.makeRun(at: 0)
            let sequence = try await store.latestSequence()
            var recorded: [AuditEntry] = []
            for index in 0..<5 {
                let about = index.isMultiple(of: 2) ? run.id : nil
                let entry = try await store.recordAudit(
                    RecordAuditParams(
                        note: note("cancel", target: about ?? "run_gone", runId: about),
                        outcome: "refused: try \(index)", now: at(Double(10 + index))))
                #expect(entry.at == at(Double(10 + index)) && entry.outcome == "refused: try \(index)" && entry.refused)
                recorded.append(entry)
            }
            #expect(try await store.latestSequence() == sequence, "recording a refusal changes no run")
            #expect(try await store.record(run.id).status == .queued)
            let all = try await trail(store)
            #expect(all == recorded.reversed())
            #expect(
                try await store.listAudit(AuditQuery(since: at(12))).map(\.outcome) == [
                    "refused: try 4", "refused: try 3", "refused: try 2",
                ])
            #expect(
                try await store.listAudit(AuditQuery(runId: run.id)).map(\.id) == [all[0].id, all[2].id, all[4].id])
            #expect(try await store.listAudit(AuditQuery(runId: "run_other")).isEmpty)
            let page = try await store.listAudit(AuditQuery(limit: 2))
            #expect(page == Array(all.prefix(2)))
            let next = try await store.listAudit(AuditQuery(beforeId: page.last?.id, limit: 2))
            #expect(next == Array(all.dropFirst(2).prefix(2)))
            #expect(
                try await store.listAudit(AuditQuery(since: at(11), runId: run.id, beforeId: all[0].id)).map(\.id)
                    == [all[2].id])
            for limit in [0, 10_001] {
                await expectStoreError(isInvalidInput) { _ = try await store.listAudit(AuditQuery(limit: limit)) }
            }
        },
        ConformanceCheck("audit: long text is stored cut to its bound, a NUL shown as an escape") { store in
            let long = String(repeating: "k", count: 20_000)
            let entry = try await store.recordAudit(
                RecordAuditParams(
                    note: AuditNote(
                        actor: "ada\u{0}laptop", channel: "cli", action: "set-state", target: long,
                        detail: String(repeating: "d", count: 20_000)),
                    outcome: "refused: " + long, now: at(1)))
            let stored = try #require(try await trail(store).first)
            #expect(stored == entry)
            #expect(stored.actor == "ada\\u{0}laptop")
            #expect(stored.target.utf8.count <= AuditNote.textLimit && stored.target.hasSuffix("…"))
            #expect(stored.detail.utf8.count <= AuditNote.detailLimit && stored.detail.hasPrefix("ddd"))
            #expect(stored.outcome.utf8.count <= AuditNote.detailLimit && stored.outcome.hasPrefix("refused: kkk"))
        },
        ConformanceCheck("deleteEvent: a live event goes with its consumptions; unknown and expired ids count as none")
        { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            let consumed = try await store.send("paid", key: "1", payload: #"{"n":1}"#, at: 2)
            #expect(
                try await store.wait("w", event: "paid", key: "1", lease: lease, at: 3)
                    == .resumed(payloadJSON: #"{"n":1}"#))
            let kept = try await store.send("paid", key: "2", at: 4)
            let shortLived = try await store.send("paid", key: "3", at: 5, retention: 10)

            #expect(
                try await store.deleteEvent(
                    DeleteEventParams(
                        eventId: consumed.event.id, now: at(6),
                        audit: note("delete-event", target: "\(consumed.event.id)"))))
            #expect(
                try await store.listEvents(EventQuery(now: at(7))).map(\.id) == [shortLived.event.id, kept.event.id])
            #expect(
                !(try await store.deleteEvent(DeleteEventParams(eventId: consumed.event.id, now: at(8)))),
                "deleting twice deletes nothing")
            #expect(!(try await store.deleteEvent(DeleteEventParams(eventId: shortLived.event.id, now: at(20)))))
            #expect(
                try await store.listEvents(EventQuery(now: at(9))).map(\.id) == [kept.event.id], "the expired one went")
            #expect(try await store.deleteEvent(DeleteEventParams(eventId: kept.event.id, now: at(21))))
            #expect(try await store.listEvents(EventQuery(now: at(22))).isEmpty)
            #expect(try await store.record(run.id).status == .running, "the run keeps what it received")

            let entries = try await trail(store)
            #expect(entries.count == 1, "only the deletion with a note is recorded")
            #expect(entries.first?.detail == #"paid key 1, payload {"n":1}"#)
            #expect(entries.first?.target == "\(consumed.event.id)" && entries.first?.at == at(6))
        },
    ]
}
