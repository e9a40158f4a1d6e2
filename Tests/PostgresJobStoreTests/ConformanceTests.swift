import Foundation
import JobStore
import JobStoreTesting
import PostgresJobStore
import Testing

/// The shared conformance suite, run unchanged against PostgreSQL, each check in a fresh schema.
@Suite(
    "PostgresJobStore conformance", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct ConformanceTests {
    @Test("fresh schema", arguments: JobStoreConformance.checks)
    func freshSchema(_ check: ConformanceCheck) async throws {
        try await PostgresTestServer.withSchema { url, schema in
            try await check.run {
                try await PostgresJobStore.connect(url: url, options: PostgresTestServer.options(schema))
            }
        }
    }
}
