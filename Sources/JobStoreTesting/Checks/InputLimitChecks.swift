import Foundation
import JobStore
import Testing

/// Size limits (``InputLimit``): the same on every driver, with the same message, checked before anything is
/// read or written; a value exactly at a limit is stored and found.
enum InputLimitChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("limits: a state key is at most 1,024 bytes; a longer one is refused everywhere") { store in
            let fits = String(repeating: "k", count: InputLimit.key.bytes)
            _ = try await store.setState(SetStateParams(key: fits, valueJSON: "1", now: at(0)))
            #expect(try await store.getState(GetStateParams(key: fits, now: at(1)))?.valueJSON == "1")

            let long = String(repeating: "k", count: 20_480)
            let refusal = JobStoreError.invalidInput(
                "the state key is 20,480 bytes long; the limit is 1,024 bytes: use a shorter key (a hash of a long "
                    + "one, for example)")
            await expectRefusal(refusal) {
                _ = try await store.setState(SetStateParams(key: long, valueJSON: "1", now: at(1)))
            }
            await expectRefusal(refusal) { _ = try await store.getState(GetStateParams(key: long, now: at(1))) }
            await expectRefusal(refusal) { _ = try await store.deleteState(DeleteStateParams(key: long, now: at(1))) }
            await expectRefusal(refusal) {
                _ = try await store.incrementState(IncrementStateParams(key: long, now: at(1)))
            }
            // Bytes, not characters: 513 two-byte characters are 1,026 bytes.
            let wide = String(repeating: "é", count: 513)
            await expectRefusal(
                .invalidInput(
                    "the state key is 1,026 bytes long; the limit is 1,024 bytes: use a shorter key (a hash of a "
                        + "long one, for example)")
            ) { _ = try await store.setState(SetStateParams(key: wide, valueJSON: "1", now: at(1))) }
            #expect(try await store.listState(StateQuery(now: at(2))).map(\.key) == [fits])
        },
        ConformanceCheck("limits: search text is at most 1,024 bytes; at the limit it still finds runs") { store in
            let key = String(repeating: "a", count: InputLimit.search.bytes)
            let run = try await store.createdRun(Fixtures.createRun(idempotencyKey: key, now: at(0)))
            #expect(try await store.listRuns(RunQuery(text: key)).map(\.id) == [run.id])
            await expectRefusal(
                .invalidInput(
                    "the search text is 102,400 bytes long; the limit is 1,024 bytes: search for a shorter part of "
                        + "the text")
            ) { _ = try await store.listRuns(RunQuery(text: String(repeating: "a", count: 102_400))) }
        },
        ConformanceCheck("limits: names and keys over 1,024 bytes are refused, writing nothing") { store in
            let long = String(repeating: "n", count: 1_025)
            let name = "1,025 bytes long; the limit is 1,024 bytes: use a shorter name"
            await expectRefusal(.invalidInput("the job name is \(name)")) {
                _ = try await store.createRun(Fixtures.createRun(job: long))
            }
            await expectRefusal(.invalidInput("the queue name is \(name)")) {
                _ = try await store.createRun(Fixtures.createRun(queue: long))
            }
            await expectRefusal(.invalidInput("the queue name is \(name)")) {
                _ = try await store.setQueuePaused(SetQueuePausedParams(name: long, paused: true, now: at(0)))
            }
            await expectRefusal(.invalidInput("the event name is \(name)")) { try await store.send(long, key: "k") }
            let key =
                "20,480 bytes long; the limit is 1,024 bytes: use a shorter key (a hash of a long one, for example)"
            let longKey = String(repeating: "k", count: 20_480)
            await expectRefusal(.invalidInput("the idempotency key is \(key)")) {
                _ = try await store.createRun(Fixtures.createRun(idempotencyKey: longKey))
            }
            await expectRefusal(.invalidInput("the event key is \(key)")) { try await store.send(key: longKey) }
            await expectRefusal(.invalidInput("the lock key is \(key)")) {
                _ = try await store.acquireLock(
                    AcquireLockParams(key: longKey, owner: "me", expiresAt: at(60), now: at(0)))
            }
            let runs = try await store.allRuns()
            #expect(runs.isEmpty)
            #expect(try await store.listEvents(EventQuery(now: at(1))).isEmpty)
            #expect(try await store.queueSummaries(QueueSummaryParams(finishedSince: at(0))).isEmpty)
            #expect(try await store.listLocks(LockQuery(now: at(1))).isEmpty)
        },
        ConformanceCheck("limits: payloads are at most 16 MiB; one at the limit is stored whole") { store in
            let limit = InputLimit.payload.bytes
            let fits = "\"" + String(repeating: "p", count: limit - 2) + "\""
            _ = try await store.setState(SetStateParams(key: "big", valueJSON: fits, now: at(0)))
            let stored = try await store.getState(GetStateParams(key: "big", now: at(1)))
            #expect(stored?.valueJSON.utf8.count == limit)

            let over = "\"" + String(repeating: "p", count: limit - 1) + "\""
            let size =
                "16,777,217 bytes long; the limit is 16 MiB: keep large data elsewhere and store a reference to it"
            await expectRefusal(.invalidInput("the state value is \(size)")) {
                _ = try await store.setState(SetStateParams(key: "big", valueJSON: over, now: at(2)))
            }
            await expectRefusal(.invalidInput("the payload is \(size)")) {
                _ = try await store.createRun(Fixtures.createRun(payloadJSON: over))
            }
            await expectRefusal(.invalidInput("the event payload is \(size)")) {
                try await store.send(key: "k", payload: over)
            }
            #expect(try await store.getState(GetStateParams(key: "big", now: at(3)))?.version == 1)
            #expect(try await store.allRuns().isEmpty)
            #expect(try await store.listEvents(EventQuery(now: at(3))).isEmpty)
        },
    ]

    /// Expects `body` to throw exactly `expected`.
    static func expectRefusal(
        _ expected: JobStoreError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected \(expected), but nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as JobStoreError {
            #expect(error == expected, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
        }
    }
}
