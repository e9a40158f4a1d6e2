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
        let tempStore = try await store.writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA temp_store")
        }
        #expect(tempStore == 2)
        try await store.close()
    }
}
