import Foundation
import JobStore
import Testing

@Suite("State rules")
struct StateRuleTests {
    private let now = RecordFixtures.at(10)

    private func entry(_ value: String, version: Int64 = 3, expiresAt: Date? = nil) -> StateEntry {
        StateEntry(key: "k", valueJSON: value, version: version, updatedAt: RecordFixtures.at(1), expiresAt: expiresAt)
    }

    @Test("a write goes one version up with its own value and expiry")
    func setWrites() throws {
        let params = SetStateParams(key: "k", valueJSON: "2", expiresAt: RecordFixtures.at(99), now: now)
        #expect(
            try params.entry(replacing: entry("1"))
                == StateEntry(key: "k", valueJSON: "2", version: 4, updatedAt: now, expiresAt: RecordFixtures.at(99)))
        #expect(try params.entry(replacing: nil).version == 1)
    }

    @Test("compare-and-set refuses another version, and 0 means only if absent")
    func setChecksVersion() throws {
        let stale = SetStateParams(key: "k", valueJSON: "2", expectedVersion: 2, now: now)
        #expect(throws: JobStoreError.versionConflict(key: "k", expected: 2, actual: 3)) {
            try stale.entry(replacing: entry("1"))
        }
        let absent = SetStateParams(key: "k", valueJSON: "2", expectedVersion: 0, now: now)
        #expect(try absent.entry(replacing: nil).version == 1)
        #expect(throws: JobStoreError.versionConflict(key: "k", expected: 0, actual: 3)) {
            try absent.entry(replacing: entry("1"))
        }
        #expect(throws: JobStoreError.versionConflict(key: "k", expected: 2, actual: nil)) {
            try stale.entry(replacing: nil)
        }
    }

    @Test("an empty key is refused")
    func emptyKey() throws {
        #expect(throws: JobStoreError.invalidInput("a state key cannot be empty")) {
            try SetStateParams(key: "", valueJSON: "1", now: now).validate()
        }
        try SetStateParams(key: "k", valueJSON: "1", now: now).validate()
    }

    @Test("a delete checks the version of a live value only")
    func deleteChecks() throws {
        #expect(try DeleteStateParams(key: "k", now: now).deletes(entry("1")))
        #expect(try !DeleteStateParams(key: "k", expectedVersion: 9, now: now).deletes(nil), "absent: no conflict")
        #expect(try DeleteStateParams(key: "k", expectedVersion: 3, now: now).deletes(entry("1")))
        #expect(throws: JobStoreError.versionConflict(key: "k", expected: 9, actual: 3)) {
            try DeleteStateParams(key: "k", expectedVersion: 9, now: now).deletes(entry("1"))
        }
    }

    @Test("an increment adds to the integer, one version up, keeping the expiry")
    func increments() throws {
        let increment = try IncrementStateParams(key: "k", amount: -5, now: now)
            .incrementing(entry(" 7 ", expiresAt: RecordFixtures.at(99)))
        #expect(increment.value == 2)
        #expect(
            increment.entry
                == StateEntry(key: "k", valueJSON: "2", version: 4, updatedAt: now, expiresAt: RecordFixtures.at(99)))
        let fresh = try IncrementStateParams(key: "k", now: now).incrementing(nil)
        #expect(fresh.value == 1 && fresh.entry.version == 1 && fresh.entry.expiresAt == nil)
    }

    @Test("a value that is not one JSON integer is not incremented", arguments: ["\"7\"", "1.5", "007", "{}", "-"])
    func notAnInteger(_ value: String) {
        #expect(throws: JobStoreError.notAnInteger(key: "k")) {
            try IncrementStateParams(key: "k", now: now).incrementing(entry(value))
        }
    }

    @Test("an overflow either way is refused")
    func overflow() {
        #expect(throws: JobStoreError.invalidInput("incrementing state key k by 1 overflows")) {
            try IncrementStateParams(key: "k", amount: 1, now: now).incrementing(entry(String(Int64.max)))
        }
        #expect(throws: JobStoreError.invalidInput("incrementing state key k by -2 overflows")) {
            try IncrementStateParams(key: "k", amount: -2, now: now).incrementing(entry(String(Int64.min + 1)))
        }
    }

    @Test("a lock needs a key and an owner")
    func lockInput() throws {
        let error = JobStoreError.invalidInput("a lock needs a key and an owner")
        #expect(throws: error) { try AcquireLockParams(key: "", owner: "o", expiresAt: now, now: now).validate() }
        #expect(throws: error) { try AcquireLockParams(key: "k", owner: "", expiresAt: now, now: now).validate() }
        try AcquireLockParams(key: "k", owner: "o", expiresAt: now, now: now).validate()
    }
}
