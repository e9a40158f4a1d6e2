import Foundation
import GRDB
import JobStore
import JobStoreTesting
import Testing

@testable import SQLiteJobStore

/// Settings of the connection that commits, beyond durability.
@Suite("SQLite writer settings")
struct WriterSettingsTests {
    @Test("savepoint journals stay in memory (temp_store=MEMORY), not in a temporary file per batch")
    func tempStoreInMemory() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path())
        // 2 is MEMORY; SQLite's default, 0, spills each group commit's savepoint journal to a file past 64 KiB.
        #expect(try await store.writerPragma("temp_store") == 2)
        try await store.close()
    }
}

extension SQLiteJobStore {
    /// An integer pragma (`synchronous`, `temp_store`) as the writer connection, the one that commits, has it.
    func writerPragma(_ name: String) async throws -> Int? {
        try await writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") }
    }
}
