import Foundation
import JobStore
import Testing

/// The state store: versions, compare-and-set, TTL, atomic increments, prefix listing.
enum StateChecks {
    static func set(
        _ store: any JobStore, _ key: String, _ value: String, expected: Int64? = nil, expiresAt: TimeInterval? = nil,
        at seconds: TimeInterval = 0
    ) async throws -> StateEntry {
        try await store.setState(
            SetStateParams(
                key: key, valueJSON: value, expiresAt: expiresAt.map(at), expectedVersion: expected, now: at(seconds)))
    }

    static func get(_ store: any JobStore, _ key: String, at seconds: TimeInterval = 0) async throws -> StateEntry? {
        try await store.getState(GetStateParams(key: key, now: at(seconds)))
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("state: set and get; the version starts at 1 and grows with every write") { store in
            #expect(try await get(store, "imports:42:progress") == nil)
            let first = try await set(store, "imports:42:progress", #"{"done":1}"#, at: 1)
            #expect(
                first == StateEntry(key: "imports:42:progress", valueJSON: #"{"done":1}"#, version: 1, updatedAt: at(1))
            )
            let second = try await set(store, "imports:42:progress", #"{"done":2}"#, at: 2)
            #expect(second.version == 2 && second.updatedAt == at(2))
            #expect(try await get(store, "imports:42:progress", at: 3) == second)
            #expect(try await store.incrementState(IncrementStateParams(key: "n", now: at(4))) == 1)
            #expect(try await get(store, "n")?.version == 1)
            #expect(try await store.incrementState(IncrementStateParams(key: "n", amount: -5, now: at(5))) == -4)
            let counter = try await get(store, "n")
            #expect(counter?.version == 2 && counter?.valueJSON == "-4")
        },
        ConformanceCheck("state: compare-and-set conflicts change nothing") { store in
            _ = try await set(store, "k", "1", at: 0)
            let updated = try await set(store, "k", "2", expected: 1, at: 1)
            #expect(updated.version == 2)
            await #expect(throws: JobStoreError.versionConflict(key: "k", expected: 1, actual: 2)) {
                _ = try await set(store, "k", "3", expected: 1, at: 2)
            }
            await #expect(throws: JobStoreError.versionConflict(key: "k", expected: 0, actual: 2)) {
                _ = try await set(store, "k", "3", expected: 0, at: 2)
            }
            #expect(try await get(store, "k") == updated)
            await #expect(throws: JobStoreError.versionConflict(key: "absent", expected: 4, actual: nil)) {
                _ = try await set(store, "absent", "1", expected: 4, at: 2)
            }
            #expect(try await get(store, "absent") == nil)
            #expect(try await set(store, "absent", "1", expected: 0, at: 3).version == 1)
        },
        ConformanceCheck("state: expired values are invisible and count as absent") { store in
            _ = try await set(store, "session", #""abc""#, expiresAt: 10, at: 0)
            #expect(try await get(store, "session", at: 9)?.expiresAt == at(10))
            #expect(try await get(store, "session", at: 10) == nil)
            #expect(try await store.listState(StateQuery(now: at(10))).isEmpty)
            let recreated = try await set(store, "session", #""def""#, expected: 0, at: 11)
            #expect(recreated.version == 1 && recreated.expiresAt == nil)
            _ = try await set(store, "count", "41", expiresAt: 20, at: 12)
            #expect(try await store.incrementState(IncrementStateParams(key: "count", now: at(20))) == 1)
            #expect(try await store.deleteState(DeleteStateParams(key: "gone", now: at(20))) == false)
        },
        ConformanceCheck("state: increment is atomic under 8 concurrent tasks × 500") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in 0..<500 {
                            let now = at(Double(task * 500 + index) / 1000)
                            _ = try await store.incrementState(IncrementStateParams(key: "provisioned:count", now: now))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let entry = try #require(try await get(store, "provisioned:count", at: 10))
            #expect(entry.valueJSON == "4000")
            #expect(entry.version == 4000)
        },
        ConformanceCheck("state: increment refuses values that are not integers") { store in
            for value in [#""7""#, "1.5", "true", #"{"n":1}"#, "[1]"] {
                _ = try await set(store, "v", value)
                await #expect(throws: JobStoreError.notAnInteger(key: "v")) {
                    _ = try await store.incrementState(IncrementStateParams(key: "v", now: at(1)))
                }
                #expect(try await get(store, "v")?.valueJSON == value)
            }
            _ = try await set(store, "v", " 12 ")
            #expect(try await store.incrementState(IncrementStateParams(key: "v", amount: 3, now: at(1))) == 15)
        },
        ConformanceCheck("state: delete, optionally at a version") { store in
            _ = try await set(store, "k", "1")
            _ = try await set(store, "k", "2")
            await #expect(throws: JobStoreError.versionConflict(key: "k", expected: 1, actual: 2)) {
                _ = try await store.deleteState(DeleteStateParams(key: "k", expectedVersion: 1, now: at(1)))
            }
            #expect(try await get(store, "k")?.valueJSON == "2")
            #expect(try await store.deleteState(DeleteStateParams(key: "k", expectedVersion: 2, now: at(1))))
            #expect(try await get(store, "k") == nil)
            #expect(try await store.deleteState(DeleteStateParams(key: "k", now: at(1))) == false)
            _ = try await set(store, "k", "3")
            #expect(try await store.deleteState(DeleteStateParams(key: "k", now: at(2))))
            #expect(try await set(store, "k", "4").version == 1, "a deleted key starts over")
        },
        ConformanceCheck("state: listing by prefix, in key order, case-sensitive, wildcards literal") { store in
            for key in ["b", "a:2", "ab", "a:1", "a_x", "A:3", "a:1:deep", "a%"] {
                _ = try await set(store, key, "0")
            }
            let prefixed = try await store.listState(StateQuery(prefix: "a:", now: at(1)))
            #expect(prefixed.map(\.key) == ["a:1", "a:1:deep", "a:2"])
            #expect(try await store.listState(StateQuery(prefix: "a_", now: at(1))).map(\.key) == ["a_x"])
            #expect(try await store.listState(StateQuery(prefix: "a%", now: at(1))).map(\.key) == ["a%"])
            #expect(try await store.listState(StateQuery(prefix: "A", now: at(1))).map(\.key) == ["A:3"])
            let all = try await store.listState(StateQuery(now: at(1)))
            #expect(all.map(\.key) == ["A:3", "a%", "a:1", "a:1:deep", "a:2", "a_x", "ab", "b"])
            #expect(
                try await store.listState(StateQuery(prefix: "a", limit: 2, now: at(1))).map(\.key) == ["a%", "a:1"])
        },
        ConformanceCheck("state: refuses malformed JSON, writing nothing") { store in
            await expectStoreError(isInvalidInput) {
                _ = try await set(store, "k", "{nope")
            }
            let entry = try await get(store, "k")
            #expect(entry == nil)
        },
    ]
}
