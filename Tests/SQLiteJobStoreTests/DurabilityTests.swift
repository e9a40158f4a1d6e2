import Foundation
import GRDB
import JobStore
import JobStoreTesting
import Testing

@testable import SQLiteJobStore

/// `Options.durability` is SQLite's `synchronous` setting on the connection that commits.
@Suite("SQLite durability")
struct DurabilityTests {
    /// `PRAGMA synchronous` as the writer connection has it: 1 is NORMAL, 2 is FULL.
    func writerSynchronous(_ store: SQLiteJobStore) async throws -> Int? {
        try await store.writerPragma("synchronous")
    }

    @Test("full syncs every commit (synchronous=FULL); normal, the default, is synchronous=NORMAL")
    func pragmaFollowsOption() async throws {
        let directory = try TemporaryDirectory()
        let full = try SQLiteJobStore(path: directory.path(), options: .init(durability: .full))
        #expect(full.durability == .full)
        #expect(try await writerSynchronous(full) == 2)
        _ = try await full.createRun(Fixtures.createRun())
        try await full.close()

        // The setting is the opening process's, not the file's: the same file opened by default is NORMAL.
        let normal = try SQLiteJobStore(path: directory.path())
        #expect(normal.durability == .normal)
        #expect(try await writerSynchronous(normal) == 1)
        #expect(try await normal.listRuns(RunQuery()).count == 1)
        try await normal.close()
    }

    @Test("the durability's names are the words the CLI takes")
    func names() {
        #expect(SQLiteJobStore.Durability.allCases.map(\.rawValue).sorted() == ["full", "normal"])
        #expect(SQLiteJobStore.Durability(rawValue: "fast") == nil)
    }
}
