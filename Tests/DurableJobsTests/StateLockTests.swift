import Foundation
import JobStore
import Testing

@testable import DurableJobs

/// The state store's compare-and-delete and its locks, through the public handles, on the manual clock: no
/// worker and no real time, so nothing here depends on how a loaded machine schedules tasks.
@Suite("State store: versions and locks")
struct StateLockTests {
    @Test("delete(ifVersion:) deletes only at that version; a stale version throws and keeps the value")
    func deleteIfVersion() async throws {
        let engine = try TestEngine(manualClock: true)
        let state = engine.stackshift.state
        let first = try await state.set("plan:cus_1", "free")
        let second = try await state.set("plan:cus_1", "pro")
        await #expect(
            throws: JobStoreError.versionConflict(key: "plan:cus_1", expected: first.version, actual: second.version)
        ) {
            try await state.delete("plan:cus_1", ifVersion: first.version)
        }
        #expect(try await state.get("plan:cus_1", as: String.self) == "pro", "a refused delete changes nothing")
        #expect(try await state.delete("plan:cus_1", ifVersion: second.version))
        #expect(try await state.entry("plan:cus_1") == nil)
        #expect(try await state.delete("plan:cus_1") == false, "nothing left to delete")
    }

    @Test(
        "lock and unlock: one owner at a time, the holder extends it, only the holder unlocks, a lapsed lock passes on")
    func lockAndUnlock() async throws {
        // Two handles on one store, as a client and a run hold them; the manual clock decides every expiry.
        let engine = try TestEngine(manualClock: true)
        let clock = try #require(engine.clock)
        let client = engine.stackshift.state
        let run = StateStore(store: engine.stackshift.store, clock: clock, owner: "run_nightly")
        #expect(client.owner == "client:\(ProcessInfo.processInfo.processIdentifier)")
        let start = clock.now()
        let taken = try await client.lock("reports:nightly", ttl: .seconds(60))
        #expect(
            taken
                == LockRecord(
                    key: "reports:nightly", owner: client.owner, acquiredAt: start,
                    expiresAt: start.addingTimeInterval(60)))
        clock.advance(by: 10)
        let extended = try await client.lock("reports:nightly", ttl: .seconds(60))
        #expect(extended?.acquiredAt == start && extended?.expiresAt == start.addingTimeInterval(70))

        #expect(try await run.lock("reports:nightly", ttl: .seconds(60)) == nil, "another owner holds it")
        #expect(try await run.unlock("reports:nightly") == false, "only the holder unlocks")
        #expect(try await engine.stackshift.operations.locks().map(\.owner) == [client.owner])

        #expect(try await client.unlock("reports:nightly"))
        #expect(try await client.unlock("reports:nightly") == false, "nothing left to unlock")
        #expect(try await run.lock("reports:nightly", ttl: .seconds(60))?.owner == "run_nightly")
        clock.advance(by: 60)
        #expect(try await run.unlock("reports:nightly") == false, "a lapsed lock is no longer its holder's")
        #expect(try await client.lock("reports:nightly", ttl: .seconds(60))?.owner == client.owner, "it passes on")
        #expect(try await client.unlock("reports:nightly"))
        #expect(try await engine.stackshift.operations.locks().isEmpty)
    }
}
