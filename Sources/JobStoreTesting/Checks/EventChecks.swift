import Foundation
import JobStore
import Testing

/// Events: delivery to the right waiting runs, and listing.
enum EventChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("sendEvent: resumes only the runs waiting on that name and key") { store in
            var runs: [RunID] = []
            for index in 0..<5 {
                runs.append(try await store.makeRun(at: Double(index)).id)
            }
            let other = try await store.makeRun(at: 5)
            for (index, id) in runs.enumerated() {
                let lease = try await store.claimOne(at: 10)
                #expect(lease.run.id == id)
                _ = try await store.wait("confirm", key: "pay_\(index)", lease: lease.lease, at: 11)
            }
            let otherLease = try await store.claimOne(at: 12).lease
            _ = try await store.wait("confirm", event: "refund.issued", key: "pay_2", lease: otherLease, at: 13)

            let sent = try await store.send(key: "pay_2", at: 20)
            #expect(sent.resumed == [runs[2]])
            #expect(try await store.send(key: "PAY_3", at: 21).resumed.isEmpty, "keys match exactly")
            #expect(try await store.send("payment.confirmed ", key: "pay_3", at: 22).resumed.isEmpty)
            let statuses = try await store.listRuns(RunQuery(statuses: [.waiting]))
            #expect(
                Set(statuses.map(\.id)) == Set(runs.enumerated().filter { $0.offset != 2 }.map(\.element) + [other.id]))
            #expect(try await store.record(runs[2]).status == .queued)
        },
        ConformanceCheck("sendEvent: one event resumes every run waiting on its pair") { store in
            let a = try await store.makeRun(at: 0)
            let b = try await store.makeRun(at: 1)
            for second in [2.0, 3.0] {
                let lease = try await store.claimOne(at: second).lease
                _ = try await store.wait("w", key: "shared", lease: lease, at: second)
            }
            let sent = try await store.send(key: "shared", at: 10)
            #expect(Set(sent.resumed) == [a.id, b.id])
            #expect(Set(sent.event.consumedBy) == [a.id, b.id])
        },
        ConformanceCheck("listEvents: newest first, unexpired, filtered, with consumers") { store in
            let run = try await store.makeRun(at: 0)
            let lease = try await store.claimOne(at: 1).lease
            _ = try await store.wait("w", event: "a", key: "1", lease: lease, at: 2)
            let consumed = try await store.send("a", key: "1", payload: #"{"n":1}"#, at: 3)
            #expect(consumed.event.id > 0)
            let second = try await store.send("a", key: "2", at: 4)
            let third = try await store.send("b", key: "1", at: 5)
            let shortLived = try await store.send("b", key: "9", at: 6, retention: 10)
            #expect(Set([consumed.event.id, second.event.id, third.event.id, shortLived.event.id]).count == 4)

            let all = try await store.listEvents(EventQuery(now: at(7)))
            #expect(all.map(\.id) == [shortLived.event.id, third.event.id, second.event.id, consumed.event.id])
            let first = try #require(all.last)
            #expect(first.consumedBy == [run.id])
            #expect(first.name == "a" && first.key == "1" && first.payloadJSON == #"{"n":1}"#)
            #expect(first.receivedAt == at(3) && first.expiresAt == at(3 + 86_400))
            #expect(try await store.listEvents(EventQuery(now: at(16))).count == 3, "expired events are hidden")
            #expect(try await store.listEvents(EventQuery(name: "a", now: at(7))).map(\.key) == ["2", "1"])
            #expect(try await store.listEvents(EventQuery(key: "1", now: at(7))).map(\.name) == ["b", "a"])
            let unconsumed = try await store.listEvents(EventQuery(unconsumedOnly: true, now: at(7)))
            #expect(!unconsumed.contains { $0.id == consumed.event.id } && unconsumed.count == 3)
            #expect(try await store.listEvents(EventQuery(limit: 2, now: at(7))).count == 2)
        },
        ConformanceCheck("sendEvent: refuses an empty name and malformed JSON, writing nothing") { store in
            await expectStoreError(isInvalidInput) {
                try await store.send("", key: "k", at: 0)
            }
            await expectStoreError(isInvalidInput) {
                try await store.send("e", key: "k", payload: "{oops", at: 0)
            }
            let events = try await store.listEvents(EventQuery(now: at(1)))
            #expect(events.isEmpty)
        },
    ]
}
