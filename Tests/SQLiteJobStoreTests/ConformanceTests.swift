import Foundation
import JobStore
import JobStoreTesting
import SQLiteJobStore
import Testing

/// The shared conformance suite, run unchanged against a SQLite file and an in-memory SQLite store.
@Suite("SQLiteJobStore conformance")
struct ConformanceTests {
    @Test("file store", arguments: JobStoreConformance.checks)
    func fileStore(_ check: ConformanceCheck) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        try await check.run { try SQLiteJobStore(path: path) }
        withExtendedLifetime(directory) {}
    }

    @Test("in-memory store", arguments: JobStoreConformance.checks)
    func inMemoryStore(_ check: ConformanceCheck) async throws {
        try await check.run { try SQLiteJobStore.inMemory() }
    }
}
