import Foundation
import Testing

@testable import JobStore

/// Size limits: counted in UTF-8 bytes, described the same way on every driver, applied by every params type
/// that carries text.
@Suite("InputLimit: one set of size limits for every driver")
struct InputLimitTests {
    @Test("a value at the limit fits; one byte more is refused, naming the field, its size and the limit")
    func boundary() throws {
        let limit = InputLimit.key
        #expect(limit.problem(String(repeating: "k", count: 1_024), field: "state key") == nil)
        #expect(limit.problem(nil, field: "state key") == nil)
        #expect(
            limit.problem(String(repeating: "k", count: 1_025), field: "state key")
                == "the state key is 1,025 bytes long; the limit is 1,024 bytes: use a shorter key (a hash of a "
                + "long one, for example)")
        // Bytes, not characters: 342 three-byte characters are 1,026 bytes.
        #expect(limit.problem(String(repeating: "完", count: 342), field: "k")?.contains("1,026 bytes long") == true)
        #expect(throws: JobStoreError.self) { try limit.check(String(repeating: "k", count: 2_000), field: "k") }
    }

    @Test(
        "limits are described in bytes, or MiB when whole",
        arguments: [
            (1, "1 bytes"), (999, "999 bytes"), (1_024, "1,024 bytes"), (1_234_567, "1,234,567 bytes"),
            (16 * 1_024 * 1_024, "16 MiB"), (1_024 * 1_024 + 1, "1,048,577 bytes"),
        ])
    func described(bytes: Int, text: String) {
        #expect(InputLimit(bytes: bytes, advice: "").text == text)
    }

    @Test("the shared limits")
    func sharedLimits() {
        #expect(InputLimit.name.bytes == 1_024 && InputLimit.key.bytes == 1_024 && InputLimit.search.bytes == 1_024)
        #expect(InputLimit.payload.bytes == 16_777_216)
    }

    @Test("every params type that carries text refuses it over its limit")
    func paramsValidate() {
        let long = String(repeating: "x", count: 1_025)
        let now = Date(timeIntervalSince1970: 0)
        let lease = RunLease(runId: "run_1", attempt: 1, workerId: "w")
        let checks: [(field: String, validate: () throws -> Void)] = [
            ("job name", { try RunQuery(job: long).validate() }),
            ("search text", { try RunQuery(text: long).validate() }),
            ("queue name", { try RunCountParams(queue: long).validate() }),
            ("event key", { try EventQuery(key: long, now: now).validate() }),
            ("state key", { try GetStateParams(key: long, now: now).validate() }),
            ("state key", { try DeleteStateParams(key: long, now: now).validate() }),
            ("state key", { try IncrementStateParams(key: long, now: now).validate() }),
            ("state key prefix", { try StateQuery(prefix: long, now: now).validate() }),
            ("lock owner", { try ReleaseLockParams(key: "k", owner: long, now: now).validate() }),
            ("lock key prefix", { try LockQuery(prefix: long, now: now).validate() }),
            (
                "event name",
                {
                    try AwaitEventParams(
                        lease: lease, step: "s", eventName: long, eventKey: "k", timeoutAt: nil, now: now
                    )
                    .validate()
                }
            ),
            ("step name", { try SleepParams(lease: lease, step: long, wakeAt: now, now: now).validate() }),
            ("step name", { try RetryRunParams(runId: "run_1", fromStep: long, now: now).validate() }),
            (
                "step name",
                {
                    try SaveStepParams(lease: lease, name: long, status: .completed, startedAt: now, now: now)
                        .validate()
                }
            ),
            (
                "schedule name",
                {
                    let run = CreateRunParams(id: "run_1", job: "j", queue: "q", payloadJSON: "{}", now: now)
                    try FireScheduleParams(name: long, expectedNextFireAt: now, fireAt: now, nextFireAt: now, run: run)
                        .validate()
                }
            ),
            (
                "job name",
                {
                    try UpsertScheduleParams(
                        name: "s", cron: "* * * * *", timeZone: "UTC", job: long, payloadJSON: "{}", queue: "q",
                        nextFireAt: now, now: now
                    ).validate()
                }
            ),
            ("queue name", { try ConfigureQueueParams(name: long, concurrencyLimit: nil, now: now).validate() }),
            ("lock owner", { try AcquireLockParams(key: "k", owner: long, expiresAt: now, now: now).validate() }),
        ]
        for check in checks {
            do {
                try check.validate()
                Issue.record("the \(check.field) was not refused")
            } catch let error as JobStoreError {
                #expect(error.description.hasPrefix("the \(check.field) is 1,025 bytes long"), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        let result = String(repeating: "1", count: InputLimit.payload.bytes + 1)
        #expect(throws: JobStoreError.self) {
            try FinishAttemptParams(lease: lease, end: .completed(resultJSON: result), now: now).validate()
        }
    }

    @Test("incrementing an empty state key is refused like setting one")
    func emptyIncrementKey() {
        let now = Date(timeIntervalSince1970: 0)
        #expect(throws: JobStoreError.invalidInput("a state key cannot be empty")) {
            try IncrementStateParams(key: "", now: now).validate()
        }
        #expect(throws: JobStoreError.invalidInput("a state key cannot be empty")) {
            try SetStateParams(key: "", valueJSON: "1", now: now).validate()
        }
    }
}
